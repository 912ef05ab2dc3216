"""Benchmarks: the demo loader on SQLite (demo_data.py) and the report on a million participants (PostgreSQL)."""

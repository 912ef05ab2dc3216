"""SQLite: a consistent copy of the live database through SQLite's online backup API, and the way back.

The backup API copies the database page by page inside one read transaction. Under WAL (the
setting Stegvis uses) readers never block the writers, so the server keeps saving while the
copy is taken, and the copy is the database exactly as it stood when the read began. The copy
is switched to a rollback journal so the archived file stands alone (no -wal/-shm beside it).

Restoring uses the same API the other way: the archived file is copied over the configured
database through Django's own connection, which replaces every page, so the database becomes
exactly the archived one whatever it held before.
"""

import sqlite3
from contextlib import closing
from pathlib import Path

from django.db import connection

MEMBER = "database.sqlite3"


def snapshot(target: Path) -> list[list[str]]:
    """Copy the live database into ``target``; returns the migrations applied in the copy."""
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    return applied_migrations(target)


def applied_migrations(path: Path) -> list[list[str]]:
    """``[app, name]`` of every migration recorded in a database file (none if it was never migrated)."""
    with closing(sqlite3.connect(path)) as database:
        try:
            rows = database.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
        except sqlite3.OperationalError:
            return []
    return [[app, name] for app, name in rows]


def server_version() -> str:
    return sqlite3.sqlite_version


def restore(dump: Path) -> None:
    """Replace the configured database with the archived file."""
    connection.ensure_connection()
    with closing(sqlite3.connect(dump)) as source:
        source.backup(connection.connection)


def location() -> str:
    return str(connection.settings_dict["NAME"])

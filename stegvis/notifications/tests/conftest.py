"""Fixtures: an isolated job registry, a worker loop usable inside a test transaction."""

import pytest

from stegvis.notifications import periodic


@pytest.fixture
def jobs(monkeypatch):
    """An empty periodic-job registry for the test (other apps' jobs are left out)."""
    monkeypatch.setattr(periodic, "_jobs", periodic._jobs.empty())

    def register(name, func, **kwargs):
        periodic.register_periodic(name, func, **kwargs)
        return periodic.periodic_job(name)

    return register


@pytest.fixture
def in_test_transaction(monkeypatch):
    """The worker checks its connection between tasks; inside a test's transaction it must not close it."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

"""Fixtures: an isolated job registry."""

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

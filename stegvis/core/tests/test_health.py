"""``/halsa/``: the database and the registered parts; 503 only when the database is away."""

import pytest
from django.urls import reverse

from stegvis.core import health
from stegvis.core.tests.commands import environment, get_json


@pytest.fixture
def checks(monkeypatch):
    """Only the checks the test registers."""
    monkeypatch.setattr(health, "_checks", health._checks.empty())


def test_all_parts_ok(client, db, checks):
    health.register_health_check("thing", lambda: {"status": "ok", "count": 2})
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "thing": {"status": "ok", "count": 2}}


def test_a_part_not_ok_or_failing_makes_it_degraded_but_still_200(client, db, checks):
    def broken():
        raise RuntimeError("boom")

    health.register_health_check("thing", lambda: {"status": "stale"})
    health.register_health_check("other", broken)
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "thing": {"status": "stale"},
        "other": {"status": "error"},
    }


def test_without_a_database_it_answers_503(tmp_path):
    """A real request in a process whose database server does not answer (nothing listens there)."""
    env = environment(
        DATABASE_URL="postgres://stegvis@127.0.0.1:9/stegvis",
        STEGVIS_VAR_DIR=str(tmp_path),
        STEGVIS_LOG_LEVEL="CRITICAL",
    )
    status, body = get_json("/halsa/", env)
    assert status == 503
    assert body["status"] == "error" and body["database"] == "error"
    assert body["worker"] == {"status": "unknown"}

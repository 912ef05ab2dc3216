"""The workers' heartbeat and what /halsa/ makes of it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stegvis.notifications import heartbeat
from stegvis.notifications.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db

HEALTH = reverse("health")


def test_worker_ids_are_unique_and_fit_the_task_queue():
    ids = {heartbeat.new_worker_id() for _ in range(20)}
    assert len(ids) == 20 and all(len(worker) <= 64 for worker in ids)


def test_a_beat_records_the_worker_and_a_clean_stop_is_recorded():
    started = timezone.now() - datetime.timedelta(minutes=5)
    heartbeat.beat("web1:4242:abcdef", now=started)
    heartbeat.beat("web1:4242:abcdef")
    row = WorkerHeartbeat.objects.get()
    assert (row.host, row.pid, row.started_at, row.stopped_at) == ("web1", 4242, started, None)
    assert row.last_seen > started
    heartbeat.stopped("web1:4242:abcdef")
    assert WorkerHeartbeat.objects.get().stopped_at is not None


def test_a_late_beat_does_not_bring_a_stopped_worker_back():
    """The heartbeat thread may still be writing when the worker stops; the stop must hold."""
    heartbeat.beat("web1:4242:abcdef")
    heartbeat.stopped("web1:4242:abcdef")
    heartbeat.beat("web1:4242:abcdef")
    row = WorkerHeartbeat.objects.get()
    assert row.stopped_at is not None
    assert heartbeat.status()["status"] == "missing"


def test_status_ok_stale_missing():
    assert heartbeat.status() == {"status": "missing", "last_seen": None, "running": 0}
    heartbeat.beat("a:1:x")
    heartbeat.beat("b:2:y")
    assert heartbeat.status()["status"] == "ok" and heartbeat.status()["running"] == 2
    long_ago = timezone.now() - heartbeat.stale_after() - datetime.timedelta(seconds=5)
    WorkerHeartbeat.objects.update(last_seen=long_ago)
    assert heartbeat.status() == {"status": "stale", "last_seen": long_ago.isoformat(), "running": 0}
    heartbeat.stopped("a:1:x")
    heartbeat.stopped("b:2:y")
    assert heartbeat.status()["status"] == "missing" and heartbeat.status()["last_seen"] is not None


def test_old_heartbeats_are_pruned():
    heartbeat.beat("old:1:x", now=timezone.now() - datetime.timedelta(days=8))
    heartbeat.beat("new:1:x")
    heartbeat.prune()
    assert list(WorkerHeartbeat.objects.values_list("worker", flat=True)) == ["new:1:x"]


def test_health_reports_the_worker(client):
    response = client.get(HEALTH)
    assert response.status_code == 200  # the web server serves; the missing worker is for monitoring
    assert response.json() == {
        "status": "degraded",
        "database": "ok",
        "worker": {"status": "missing", "last_seen": None, "running": 0},
    }
    assert "no-store" in response["Cache-Control"]
    heartbeat.beat("web1:4242:abcdef")
    body = client.get(HEALTH).json()
    assert body["status"] == "ok" and body["worker"]["status"] == "ok" and body["worker"]["running"] == 1
    assert datetime.datetime.fromisoformat(body["worker"]["last_seen"]) <= timezone.now()
    assert "web1" not in client.get(HEALTH).content.decode()  # no host names, no process ids
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - datetime.timedelta(hours=1))
    response = client.get(HEALTH)
    assert response.status_code == 200
    assert response.json()["status"] == "degraded" and response.json()["worker"]["status"] == "stale"

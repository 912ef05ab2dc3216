"""Each running worker says it is alive; ``/halsa/`` and the other workers read it.

A worker writes its :class:`~stegvis.notifications.models.WorkerHeartbeat` row when it starts,
every ``STEGVIS_WORKER_HEARTBEAT_SECONDS`` while it runs (from a thread of its own, so a long
job does not silence it), and marks it stopped when it stops cleanly. A worker not heard from
for ``STEGVIS_WORKER_STALE_SECONDS`` counts as gone: the health check reports it, and a periodic
run it held is handed back to the schedule (:mod:`stegvis.notifications.upkeep`).

Each row only ever changes in its own worker, so writing it needs no lock. Every write starts
with an UPDATE, so on SQLite the statement takes the write lock at once and waits its turn
(``timeout``) rather than failing as a read that later tries to write.
"""

import datetime
import os
import socket

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import get_random_string

from stegvis.notifications.models import WorkerHeartbeat

KEPT_FOR = datetime.timedelta(days=7)
"""Rows of workers not heard from for this long are removed when a worker starts."""

HOST_LENGTH = 40  # the worker id also names the worker in the task queue (64 characters at most)


def every():
    return datetime.timedelta(seconds=settings.STEGVIS_WORKER_HEARTBEAT_SECONDS)


def stale_after():
    return datetime.timedelta(seconds=settings.STEGVIS_WORKER_STALE_SECONDS)


def host_name():
    return socket.gethostname()[:HOST_LENGTH] or "localhost"


def new_worker_id():
    """``host:pid:random``: unique to this process, also among processes that reuse its pid."""
    return f"{host_name()}:{os.getpid()}:{get_random_string(6)}"


def process_worker_id():
    """Who runs a task outside ``stegvis worker`` (no heartbeat): ``host:pid``."""
    return f"{host_name()}:{os.getpid()}"


def beat(worker_id, now=None):
    """Record that ``worker_id`` is alive now (the first beat also records when it started).

    A worker marked stopped stays stopped: a beat that was under way while the worker stopped
    (the heartbeat thread waiting for the database) must not make it look running, and then
    stale, once it has gone.
    """
    now = now or timezone.now()
    if WorkerHeartbeat.objects.filter(worker=worker_id, stopped_at__isnull=True).update(last_seen=now):
        return
    if WorkerHeartbeat.objects.filter(worker=worker_id).exists():
        return
    host, pid = worker_id.split(":")[:2]
    WorkerHeartbeat.objects.create(worker=worker_id, host=host, pid=int(pid), started_at=now, last_seen=now)


def stopped(worker_id, now=None):
    """Record that ``worker_id`` stopped cleanly (it holds no run any more)."""
    now = now or timezone.now()
    WorkerHeartbeat.objects.filter(worker=worker_id).update(last_seen=now, stopped_at=now)


def prune(now=None):
    """Forget workers not heard from for a week."""
    now = now or timezone.now()
    WorkerHeartbeat.objects.filter(last_seen__lt=now - KEPT_FOR).delete()


def live(now=None):
    """Workers running and heard from recently."""
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(stopped_at__isnull=True, last_seen__gte=now - stale_after())


def status(now=None, rows=None):
    """The workers in one word and when one was last heard from: for ``/halsa/`` and the worker page.

    ``"ok"``: a worker is running and was heard from within the stale time. ``"stale"``: a worker
    that did not stop cleanly has not been heard from since (it died, hangs, or lost the database).
    ``"missing"``: no worker is running (none ever started, or all stopped cleanly).

    ``rows``: the heartbeats already read (any objects with ``last_seen`` and ``stopped_at``).
    """
    now = now or timezone.now()
    if rows is None:
        rows = WorkerHeartbeat.objects.only("last_seen", "stopped_at")
    rows = [(row.last_seen, row.stopped_at) for row in rows]
    last_seen = max((seen for seen, _stopped in rows), default=None)
    running = [seen for seen, stopped_at in rows if stopped_at is None]
    fresh = [seen for seen in running if seen >= now - stale_after()]
    word = "ok" if fresh else "stale" if running else "missing"
    return {"status": word, "last_seen": last_seen.isoformat() if last_seen else None, "running": len(fresh)}

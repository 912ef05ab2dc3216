"""The background worker: a heartbeat, the schedule check, and django-tasks-db's queue runner.

``stegvis worker`` writes its heartbeat, checks the schedule (:func:`~stegvis.notifications.upkeep.keep_schedule`)
and then runs the queue with django-tasks-db's own ``db_worker`` command, through its documented
command-line options (claiming a task with ``SKIP LOCKED`` on PostgreSQL, stopping cleanly on
SIGTERM/SIGINT). Stegvis adds, around it and only through public interfaces:

- after every task (Django's ``task_finished`` signal), the schedule check again, so a run lost
  through a failed reschedule comes back at once;
- a thread that writes the heartbeat every ``STEGVIS_WORKER_HEARTBEAT_SECONDS`` and checks the
  schedule with it, also while a long task runs or the queue is empty;
- on the way out, the heartbeat marked stopped.
"""

import logging
import signal
import threading

from django.core.management import call_command
from django.db import close_old_connections, connections
from django_tasks.signals import task_finished

from stegvis.notifications import heartbeat, upkeep

logger = logging.getLogger("stegvis.notifications")

STOP_SIGNALS = [signal.SIGINT, signal.SIGTERM, *([signal.SIGQUIT] if hasattr(signal, "SIGQUIT") else [])]


class Heartbeat(threading.Thread):
    """Every few seconds: say this worker is alive, and check the schedule."""

    def __init__(self, worker_id):
        super().__init__(name="stegvis-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def run(self):
        try:
            while not self.stopping.wait(heartbeat.every().total_seconds()):
                close_old_connections()  # the database may have dropped this thread's connection
                try:
                    heartbeat.beat(self.worker_id)
                    upkeep.keep_schedule(worker_id=self.worker_id)
                except Exception:  # the next beat tries again; the worker itself goes on
                    logger.exception("heartbeat or schedule check failed")
        finally:
            connections.close_all()  # this thread's own connections

    def stop(self):
        self.stopping.set()
        self.join(timeout=heartbeat.every().total_seconds() + 30)


def _checker(worker_id):
    def check_after_task(sender, **kwargs):
        try:
            upkeep.keep_schedule(worker_id=worker_id)
        except Exception:  # a failure here must not mark the finished task as failed
            logger.exception("could not check the schedule")

    return check_after_task


def process_queue(
    worker_id,
    *,
    batch=False,
    interval=1.0,
    max_tasks=None,
    queue_names=("*",),
    verbosity=1,
    stdout=None,
    stderr=None,
):
    """Run queued tasks with django-tasks-db's ``db_worker`` until stopped (or none is due, with ``batch``)."""
    check_after_task = _checker(worker_id)
    task_finished.connect(check_after_task, dispatch_uid=f"stegvis.worker.{worker_id}")
    beating = None if batch else Heartbeat(worker_id)
    handlers = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    try:
        if beating is not None:
            beating.start()
        options = {"stdout": stdout, "stderr": stderr} if stdout is not None else {}
        call_command(
            "db_worker",
            queue_name=",".join(queue_names),
            interval=interval,
            batch=batch,
            max_tasks=max_tasks,
            reload=False,
            startup_delay=not batch,
            worker_id=worker_id,
            verbosity=verbosity,
            **options,
        )
    finally:
        for signum, handler in handlers.items():  # db_worker installs its own; the caller gets its own back
            signal.signal(signum, handler)
        task_finished.disconnect(dispatch_uid=f"stegvis.worker.{worker_id}")
        if beating is not None:
            beating.stop()


def run(
    *,
    batch=False,
    interval=1.0,
    max_tasks=None,
    queue_names=("*",),
    announce=None,
    verbosity=1,
    stdout=None,
    stderr=None,
):
    """Start a worker: heartbeat, schedule check, then the queue until stopped; the runs added at start.

    ``announce(added)`` is called with the runs just scheduled (``{name: due_at}``) before the
    queue runs, so the operator sees them while the worker keeps running.
    """
    worker_id = heartbeat.new_worker_id()
    heartbeat.beat(worker_id)
    try:
        heartbeat.prune()
        added = upkeep.keep_schedule(worker_id=worker_id)
        if announce is not None:
            announce(added)
        process_queue(
            worker_id,
            batch=batch,
            interval=interval,
            max_tasks=max_tasks,
            queue_names=queue_names,
            verbosity=verbosity,
            stdout=stdout,
            stderr=stderr,
        )
    finally:
        try:
            heartbeat.stopped(worker_id)
        except Exception:  # the database is away: the heartbeat goes stale instead
            logger.exception("could not mark the worker stopped")
    return added

"""The background worker: put every periodic job on the schedule, then run the queue.

The loop itself is django-tasks-db's :class:`Worker` (claiming a task, running it, recording
success or failure, stopping cleanly on SIGTERM/SIGINT); Stegvis only adds the schedule first,
so a fresh or restarted worker always has every job's next run waiting.
"""

import logging

from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker

from stegvis.notifications.tasks import ensure_all_scheduled

logger = logging.getLogger("stegvis.notifications")


class ScheduleKeepingWorker(Worker):
    """django-tasks-db's worker, checking the schedule again after every task it runs.

    A job reschedules itself when it finishes; should that fail (the database briefly away),
    the next task the worker runs puts the missing run back, instead of the job waiting for
    the worker to be restarted.
    """

    def run_task(self, db_task_result):
        try:
            return super().run_task(db_task_result)
        finally:
            try:
                ensure_all_scheduled()
            except Exception:  # the next task tries again; the worker itself must go on
                logger.exception("could not check the schedule")


def build_worker(*, batch=False, interval=1.0, max_tasks=None, queue_names=("*",), worker_id=None):
    return ScheduleKeepingWorker(
        queue_names=list(queue_names),
        interval=interval,
        batch=batch,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=not batch,
        max_tasks=max_tasks,
        worker_id=worker_id or get_random_string(32),
        excluded_queue_names=[],
    )


def run(
    *,
    batch=False,
    interval=1.0,
    max_tasks=None,
    queue_names=("*",),
    worker_id=None,
    signals=True,
    announce=None,
):
    """Schedule the periodic jobs, then process tasks (until none are due, with ``batch``).

    ``announce(added)`` is called with the runs just scheduled (``{name: run_after}``) before the
    loop starts, so the operator sees them while the worker keeps running.
    """
    added = ensure_all_scheduled()
    if announce is not None:
        announce(added)
    worker = build_worker(
        batch=batch, interval=interval, max_tasks=max_tasks, queue_names=queue_names, worker_id=worker_id
    )
    if signals:
        worker.configure_signals()
    worker.run()
    return added

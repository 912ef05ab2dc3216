"""The schedule check every worker runs: at start, after every task, and with every heartbeat.

It puts right what a crash can leave behind, so no run is lost, and relies on the database's
constraints and conditional updates, so any number of workers may run it at the same moment:

1. a run marked as running by a worker that is gone goes back to waiting, with a new task. Gone
   means: this very worker, which no longer runs it (closing it failed); another worker that
   stopped, or has not been heard from for ``STEGVIS_WORKER_STALE_SECONDS``; or a worker without
   a heartbeat (a task run outside ``stegvis worker``) after :data:`UNKNOWN_WORKER_AFTER`;
2. a waiting run overdue by the stale time whose task is gone, finished, or left running by a
   worker that is gone (pruned, or the task failed or died before taking its run) gets a new task;
3. every registered job without an open run gets one.
"""

import datetime
import logging

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from stegvis.notifications import heartbeat, tasks
from stegvis.notifications.models import PeriodicRun, RunStatus, WorkerHeartbeat

logger = logging.getLogger("stegvis.notifications")

UNKNOWN_WORKER_AFTER = datetime.timedelta(hours=6)
"""A run held by a worker that writes no heartbeat is given up on after this long."""


def _gone(beat, started_at, now):
    """Whether a worker is gone, by its heartbeat ``(last_seen, stopped_at)`` (``None``: it writes none)
    and when it took what it holds."""
    if beat is not None:
        last_seen, stopped_at = beat
        return stopped_at is not None or last_seen < now - heartbeat.stale_after()
    return started_at is None or started_at < now - UNKNOWN_WORKER_AFTER


def _beats(workers):
    return {
        worker: (last_seen, stopped_at)
        for worker, last_seen, stopped_at in WorkerHeartbeat.objects.filter(
            worker__in=set(workers)
        ).values_list("worker", "last_seen", "stopped_at")
    }


def _abandoned(run, worker_id, beats, mine, now):
    run_id, worker, _task_id, started_at = run
    if worker_id is not None and worker == worker_id:
        return run_id not in mine
    return _gone(beats.get(worker), started_at, now)


def hand_back_abandoned(now=None, worker_id=None):
    """Runs of workers that are gone back to waiting (due at once); their ids."""
    now = now or timezone.now()
    running = list(
        PeriodicRun.objects.filter(status=RunStatus.RUNNING).values_list(
            "pk", "worker", "task_id", "started_at"
        )
    )
    if not running:
        return []
    # Read after the runs: a run this process took after that read is not in the list; one it
    # took before is in ``executing`` until it is closed (it is added before it is taken).
    mine = set(tasks.executing)
    beats = _beats(run[1] for run in running)
    handed = []
    for run in running:
        if _abandoned(run, worker_id, beats, mine, now) and tasks.requeue(
            run[0], task_id=run[2], status=RunStatus.RUNNING, worker=run[1]
        ):
            logger.warning("periodic run %s of worker %s handed back: the worker is gone", run[0], run[1])
            handed.append(run[0])
    return handed


def _task_waiting(task_id, now):
    """Whether ``task_id`` is a task still waiting, or running in a worker that is not gone.

    Asked through the public task API. A task left running by a worker that died before it took
    its run would otherwise hold the run forever.
    """
    try:
        result = tasks.run_periodic_job.get_result(task_id)
    except TaskResultDoesNotExist:
        return False
    if result.status == TaskResultStatus.READY:
        return True
    if result.status != TaskResultStatus.RUNNING:
        return False
    worker = result.worker_ids[-1] if result.worker_ids else ""
    return not _gone(_beats([worker]).get(worker), result.started_at, now)


def requeue_orphans(now=None):
    """Overdue waiting runs whose task is gone get a new one; their ids."""
    now = now or timezone.now()
    overdue = PeriodicRun.objects.filter(
        status=RunStatus.SCHEDULED, due_at__lt=now - heartbeat.stale_after()
    ).values_list("pk", "task_id")
    requeued = []
    for run_id, task_id in overdue:
        if not _task_waiting(task_id, now) and tasks.requeue(run_id, task_id=task_id):
            logger.warning("periodic run %s had lost its task and got a new one", run_id)
            requeued.append(run_id)
    return requeued


def keep_schedule(now=None, worker_id=None):
    """The whole check (``worker_id``: the worker running it); ``{name: due_at}`` of runs added."""
    now = now or timezone.now()
    hand_back_abandoned(now, worker_id)
    requeue_orphans(now)
    return tasks.ensure_all_scheduled(now)

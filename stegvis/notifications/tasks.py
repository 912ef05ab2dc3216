"""The task that carries each periodic run, running a job by hand, and adding runs to the schedule.

:func:`run_job` is the one way a job runs, whether from the queue or from ``stegvis run-job``:
it calls ``func(now)``, keeps the outcome on the job's :class:`~stegvis.notifications.models.JobState`
and lets an error propagate.

A periodic run is a :class:`~stegvis.notifications.models.PeriodicRun` row; the queued task
``run_periodic_job(run=...)`` only wakes a worker at its time. Exactly once is kept by the
database, not by the task library:

- a job has at most one open run (a partial unique constraint), so two workers or web servers
  adding "the next run" at the same moment add one: the other's insert fails and is ignored;
- the task takes its run with one conditional UPDATE (still waiting, still meant for this task),
  so a task delivered twice, or a task whose run was moved ("Kör nu"), runs nothing;
- finishing a run and adding the next one is one transaction, so the schedule never has a
  moment with no run for the job, and never two.

Only the public task API is used (``task``, ``enqueue``, ``get_result``). Every transaction here
starts with a write, so on SQLite it takes the write lock first and waits its turn.
"""

import datetime
import json
import logging
import time
from typing import TYPE_CHECKING, Literal

from django.db import DatabaseError, IntegrityError, close_old_connections, connection, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from stegvis.notifications.heartbeat import process_worker_id
from stegvis.notifications.models import JobState, PeriodicRun, RunStatus
from stegvis.notifications.periodic import periodic_job, periodic_jobs
from stegvis.notifications.schedule import next_run_at, open_runs

if TYPE_CHECKING:
    from stegvis.notifications.periodic import PeriodicJob

logger = logging.getLogger("stegvis.notifications")

ERROR_LENGTH = 2000
FINISH_TRIES = 5
"""Finishing a run is retried this often (a second apart) before the run is left to be handed back."""

executing: set[int] = set()
"""Runs this process is running now: a run marked as this worker's but not in here was abandoned."""


def _plain(summary):
    """The summary as JSON-safe data (it is stored as JSON)."""
    return json.loads(json.dumps(summary if summary is not None else {}, default=str))


def _error_text(exc):
    return f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH]


def _mark_started(name, started):
    # UPDATE first (see the module docstring); the row is created the first time a job runs.
    if JobState.objects.filter(name=name).update(last_started_at=started):
        return
    try:
        with transaction.atomic():
            JobState.objects.create(name=name, last_started_at=started)
    except IntegrityError:  # created by another process at the same moment
        JobState.objects.filter(name=name).update(last_started_at=started)


def run_job(job, *, task_id="", now=None):
    """Run ``job`` for the moment ``now`` and keep the outcome; the summary, or the job's exception."""
    started = now or timezone.now()
    _mark_started(job.name, started)
    try:
        summary = _plain(job.func(started))
    except Exception as exc:
        logger.exception("periodic job %s failed", job.name)
        JobState.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(),
            last_ok=False,
            last_summary={},
            last_error=_error_text(exc),
            last_task_id=str(task_id),
        )
        raise
    JobState.objects.filter(name=job.name).update(
        last_finished_at=timezone.now(),
        last_ok=True,
        last_summary=summary,
        last_error="",
        last_task_id=str(task_id),
    )
    return summary


@task(takes_context=True)
def run_periodic_job(context, run=None, name=None):
    """Run the periodic run ``run`` (a :class:`PeriodicRun` id) if it is still waiting for this task.

    ``name`` is what earlier versions queued instead of a run; such a task runs nothing (the
    worker put the job's run on the new schedule when it started).
    """
    task_result = context.task_result
    if run is None:
        return {"skipped": f"queued by an earlier version for {name}"}
    worker = task_result.worker_ids[-1] if task_result.worker_ids else process_worker_id()
    return execute(run, task_id=str(task_result.id), worker=worker)


def _enqueue(run_id, when=None):
    """Queue the task that wakes a worker for run ``run_id`` at ``when`` (at once if ``None``); its id."""
    queued = run_periodic_job.using(run_after=when) if when is not None else run_periodic_job
    return str(queued.enqueue(run=run_id).id)


def _add_run(name, due):
    """Add job ``name``'s next run, due at ``due``, and its task (inside the caller's transaction)."""
    run = PeriodicRun.objects.create(job=name, due_at=due)
    run.task_id = _enqueue(run.pk, due)
    run.save(update_fields=["task_id"])
    return run


def schedule_next(job, now):
    """Add ``job``'s next run; ``None`` if the job has an open run already (added by someone else).

    The job's last start comes from its ``JobState``: a stale read only moves the attempt, and
    the constraints refuse a second open run or a due time that was run already.
    """
    last = JobState.objects.filter(name=job.name).values_list("last_started_at", flat=True).first()
    try:
        with transaction.atomic():
            return _add_run(job.name, next_run_at(job, last, now))
    except IntegrityError:
        return None


def execute(run_id, *, task_id, worker):
    """Take run ``run_id`` for this task and ``worker``, run its job, close it and add the next run."""
    executing.add(run_id)  # before taking it: the schedule check must never see it taken but not here
    try:
        now = timezone.now()
        taken = PeriodicRun.objects.filter(pk=run_id, status=RunStatus.SCHEDULED, task_id=task_id).update(
            status=RunStatus.RUNNING, worker=worker, started_at=now, attempts=F("attempts") + 1
        )
        if not taken:
            return {"skipped": f"run {run_id} is not waiting for this task"}
        name = PeriodicRun.objects.values_list("job", flat=True).get(pk=run_id)
        try:
            job = periodic_job(name)
        except KeyError as exc:  # no longer registered: the run fails and nothing follows it
            _finish(run_id, worker, None, status=RunStatus.FAILED, error=f"KeyError: {exc}")
            raise
        try:
            summary = run_job(job, task_id=task_id, now=now)
        except Exception as exc:
            _finish(run_id, worker, job, status=RunStatus.FAILED, error=_error_text(exc))
            raise
        _finish(run_id, worker, job, status=RunStatus.DONE, summary=summary)
        return summary
    finally:
        executing.discard(run_id)


def _finish(run_id, worker, job, *, status, summary=None, error=""):
    """Close the run and add the job's next one in one transaction, retrying while the database is away.

    If the run is no longer this worker's (handed back because this worker was silent too long),
    the worker that took it over adds the next run.
    """
    for attempt in range(1, FINISH_TRIES + 1):
        try:
            with transaction.atomic():
                now = timezone.now()
                closed = PeriodicRun.objects.filter(
                    pk=run_id, status=RunStatus.RUNNING, worker=worker
                ).update(status=status, finished_at=now, summary=summary or {}, error=error)
                if not closed:
                    logger.warning(
                        "periodic run %s was handed to another worker while this one ran it", run_id
                    )
                elif job is not None:
                    schedule_next(job, now)
            return
        except DatabaseError:
            if attempt == FINISH_TRIES or connection.in_atomic_block:
                raise
            logger.warning("could not close periodic run %s, trying again", run_id, exc_info=True)
            time.sleep(1)
            close_old_connections()  # a connection the database dropped is opened anew


def ensure_scheduled(job, *, now=None):
    """Add ``job``'s next run unless it has an open one; the new run, or ``None``."""
    now = now or timezone.now()
    if open_runs(job.name).exists():
        return None
    return schedule_next(job, now)


def ensure_all_scheduled(now=None):
    """Every registered job with its next run waiting; ``{name: due_at}`` of runs added."""
    now = now or timezone.now()
    scheduled = set(open_runs().values_list("job", flat=True))
    added = {}
    for job in periodic_jobs():
        if job.name in scheduled:
            continue
        run = schedule_next(job, now)
        if run is not None:
            added[job.name] = run.due_at
    return added


def requeue(run_id, *, task_id, status=RunStatus.SCHEDULED, worker=None):
    """Give run ``run_id`` a new task (due at once) if it is still ``status`` (and ``worker``'s) with ``task_id``.

    Back to waiting for a new task: a run whose worker died, or a waiting run whose task is gone.
    ``True`` if this call did it (another worker may have been first).
    """
    with transaction.atomic():
        new_task = _enqueue(run_id)
        match = PeriodicRun.objects.filter(pk=run_id, status=status, task_id=task_id)
        if worker is not None:
            match = match.filter(worker=worker)
        if match.update(status=RunStatus.SCHEDULED, task_id=new_task, worker=""):
            return True
        transaction.set_rollback(True)  # the new task is not needed
        return False


def bring_forward(
    job: "PeriodicJob", now: datetime.datetime | None = None
) -> Literal["moved", "added", "running"]:
    """Make ``job``'s waiting run due now (or add one), keeping a single open run.

    ``"moved"`` (the waiting run was brought forward), ``"added"`` or ``"running"`` (a run is
    under way; it adds the next one itself, so nothing is added). The moved run gets a new task;
    its old task finds the run no longer meant for it and runs nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        moved = PeriodicRun.objects.filter(job=job.name, status=RunStatus.SCHEDULED).update(
            due_at=now, task_id=""
        )
        if moved:
            run = PeriodicRun.objects.get(job=job.name, status=RunStatus.SCHEDULED)
            run.task_id = _enqueue(run.pk, now)
            run.save(update_fields=["task_id"])
            return "moved"
    if open_runs(job.name).exists():
        return "running"
    try:
        with transaction.atomic():
            _add_run(job.name, now)
    except IntegrityError:  # added by someone else this moment: it is due no later than now's next run
        return "running" if open_runs(job.name).filter(status=RunStatus.RUNNING).exists() else "moved"
    return "added"

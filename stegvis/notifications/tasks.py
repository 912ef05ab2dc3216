"""The task the worker runs for every periodic job, running a job by hand, and queueing its next run.

:func:`run_job` is the one way a job runs, whether from the queue (``run_periodic_job``), from
``stegvis run-job`` or from a test: it calls ``func(now)``, keeps the outcome on the job's
:class:`~stegvis.notifications.models.JobState`, and lets an error propagate so the task result
records it. The queued task then schedules the next run whatever happened, so one failure does
not stop the schedule.

The task puts its own next run on the queue, so adding runs lives here with it
(:func:`ensure_scheduled`, :func:`bring_forward`), while :mod:`stegvis.notifications.schedule`
only reads the queue. :func:`ensure_scheduled` only adds a run when a job has none pending. Two
workers starting at once cannot both add one: the job's ``JobState`` row is locked first
(``SELECT ... FOR UPDATE`` on PostgreSQL, an exclusive transaction on SQLite).
"""

import datetime
import json
import logging
from typing import TYPE_CHECKING, Literal

from django.db import IntegrityError
from django.utils import timezone
from django_tasks import task
from django_tasks_db.utils import exclusive_transaction

from stegvis.notifications.models import JobState

if TYPE_CHECKING:
    from stegvis.notifications.periodic import PeriodicJob
from stegvis.notifications.periodic import periodic_job, periodic_jobs
from stegvis.notifications.schedule import READY, job_runs, next_run_at, pending_runs

logger = logging.getLogger("stegvis.notifications")

ERROR_LENGTH = 2000


def _plain(summary):
    """The summary as JSON-safe data (the task result is stored as JSON)."""
    return json.loads(json.dumps(summary if summary is not None else {}, default=str))


def run_job(job, *, task_id=""):
    """Run ``job`` for this moment and keep the outcome; the summary, or the job's exception."""
    started = timezone.now()
    JobState.objects.update_or_create(name=job.name, defaults={"last_started_at": started})
    try:
        summary = _plain(job.func(started))
    except Exception as exc:
        logger.exception("periodic job %s failed", job.name)
        JobState.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(),
            last_ok=False,
            last_summary={},
            last_error=f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH],
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
def run_periodic_job(context, name):
    """Run the periodic job ``name`` now, then enqueue its next run (also when it failed)."""
    job = periodic_job(name)  # a job no longer registered fails here, and is not rescheduled
    task_id = context.task_result.id
    try:
        return run_job(job, task_id=task_id)
    finally:
        ensure_scheduled(job, exclude_task_id=task_id)


def _state(name):
    try:
        return JobState.objects.get_or_create(name=name)[0]
    except IntegrityError:  # created by another worker at the same moment
        return JobState.objects.get(name=name)


def ensure_scheduled(job, *, now=None, exclude_task_id=None):
    """Enqueue ``job``'s next run unless one is pending; the new task result, or ``None``.

    ``exclude_task_id``: the run that is calling (it is still "running" while it reschedules).
    """
    now = now or timezone.now()
    _state(job.name)
    with exclusive_transaction():
        state = JobState.objects.select_for_update().get(name=job.name)
        pending = pending_runs(job.name, now)
        if exclude_task_id is not None:
            pending = pending.exclude(pk=exclude_task_id)
        if pending.exists():
            return None
        when = next_run_at(job, state.last_started_at, now)
        return run_periodic_job.using(run_after=when).enqueue(name=job.name)


def ensure_all_scheduled(now=None):
    """Every registered job with its next run pending; ``{name: run_after}`` of runs added."""
    added = {}
    for job in periodic_jobs():
        result = ensure_scheduled(job, now=now)
        if result is not None:
            added[job.name] = result.db_result.run_after
    return added


def bring_forward(
    job: "PeriodicJob", now: datetime.datetime | None = None
) -> Literal["moved", "added", "running"]:
    """Make ``job``'s pending run due now (or add one), keeping a single pending run.

    ``"moved"`` (the waiting run was brought forward), ``"added"`` or ``"running"`` (a run is
    under way; it schedules the next one itself, so nothing is added).
    """
    now = now or timezone.now()
    _state(job.name)
    with exclusive_transaction():
        JobState.objects.select_for_update().get(name=job.name)
        moved = job_runs(job.name).filter(status=READY).update(run_after=now)
        if moved:
            return "moved"
        if pending_runs(job.name, now).exists():
            return "running"
        run_periodic_job.using(run_after=now).enqueue(name=job.name)
        return "added"

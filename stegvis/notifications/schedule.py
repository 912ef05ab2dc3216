"""When each periodic job runs next, kept as one pending task in the task queue.

The queue (django-tasks with the database backend) is the schedule: a job's next run is a task
``run_periodic_job(name=...)`` with ``run_after`` set to its time. Nothing else remembers it, so a
restarted worker finds the schedule where it left it, and :func:`ensure_scheduled` only adds a run
when a job has none pending. Two workers starting at once cannot both add one: the job's
:class:`~stegvis.notifications.models.JobState` row is locked first (``SELECT ... FOR UPDATE`` on
PostgreSQL, an exclusive transaction on SQLite).

A task left "running" by a worker that died never finishes; after :data:`STALE_AFTER` it no
longer counts as pending, so the job is scheduled again rather than stopping for good.
"""

import datetime
import zoneinfo
from typing import Literal

from django.conf import settings
from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction

from stegvis.notifications.models import JobState
from stegvis.notifications.periodic import PeriodicJob, periodic_jobs

STALE_AFTER = datetime.timedelta(hours=6)
DAY = datetime.timedelta(days=1)

READY, RUNNING, FAILED, SUCCESSFUL = "READY", "RUNNING", "FAILED", "SUCCESSFUL"


def task_path():
    from stegvis.notifications.tasks import run_periodic_job

    return run_periodic_job.module_path


def job_runs(name=None):
    """Task rows of periodic jobs (of job ``name`` if given)."""
    runs = DBTaskResult.objects.filter(task_path=task_path())
    if name is not None:
        runs = runs.filter(args_kwargs__kwargs__name=name)
    return runs


def pending_runs(name=None, now=None):
    """Runs not finished yet: waiting, or running and not given up on (see :data:`STALE_AFTER`)."""
    now = now or timezone.now()
    return job_runs(name).filter(Q(status=READY) | Q(status=RUNNING, started_at__gte=now - STALE_AFTER))


def run_time_value(run_after):
    """A task's stored ``run_after`` as a time, ``None`` for "as soon as a worker is free"."""
    return None if run_after == get_date_max() else run_after


def run_time(task_row):
    """When a waiting task is due: ``None`` for "as soon as a worker is free"."""
    return run_time_value(task_row.run_after)


def _local_at(day, at):
    return datetime.datetime.combine(day, at, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def _next_at(after, at):
    """The first moment after ``after`` whose local time of day is ``at``."""
    local = timezone.localtime(after, zoneinfo.ZoneInfo(settings.TIME_ZONE))
    candidate = _local_at(local.date(), at)
    if candidate <= after:
        candidate = _local_at(local.date() + DAY, at)
    return candidate


def next_run_at(job, last_started_at, now):
    """When ``job`` should run next, given when it last started (``None``: never).

    A job with a time of day runs at that time, ``every`` after the last run (a weekly job at
    07:00 runs seven days later at 07:00); the first time, at the next such time. A job
    without one runs ``every`` after the last run, and at once the first time. A run missed
    while no worker was running happens once, at once, not once per missed period.
    """
    if last_started_at is None:
        return _next_at(now, job.at) if job.at is not None else now
    if job.at is not None:
        due = _next_at(last_started_at + max(job.every - DAY, datetime.timedelta(0)), job.at)
    else:
        due = last_started_at + job.every
    return max(due, now)


def _state(name):
    try:
        return JobState.objects.get_or_create(name=name)[0]
    except IntegrityError:  # created by another worker at the same moment
        return JobState.objects.get(name=name)


def ensure_scheduled(job, *, now=None, exclude_task_id=None):
    """Enqueue ``job``'s next run unless one is pending; the new task result, or ``None``.

    ``exclude_task_id``: the run that is calling (it is still "running" while it reschedules).
    """
    from stegvis.notifications.tasks import run_periodic_job

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
    job: PeriodicJob, now: datetime.datetime | None = None
) -> Literal["moved", "added", "running"]:
    """Make ``job``'s pending run due now (or add one), keeping a single pending run.

    ``"moved"`` (the waiting run was brought forward), ``"added"`` or ``"running"`` (a run is
    under way; it schedules the next one itself, so nothing is added).
    """
    from stegvis.notifications.tasks import run_periodic_job

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

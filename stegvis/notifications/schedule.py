"""When each periodic job runs next, read from the task queue.

The queue (django-tasks with the database backend) is the schedule: a job's next run is a task
``run_periodic_job(name=...)`` with ``run_after`` set to its time. Nothing else remembers it, so a
restarted worker finds the schedule where it left it. This module reads that schedule and says
when a job is due next; :mod:`stegvis.notifications.tasks` defines the task and adds the runs
(``ensure_scheduled``, ``bring_forward``), so the pages and the worker can read the schedule
without the task, and the task can put its next run on the schedule.

A task left "running" by a worker that died never finishes; after :data:`STALE_AFTER` it no
longer counts as pending, so the job is scheduled again rather than stopping for good.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

STALE_AFTER = datetime.timedelta(hours=6)
DAY = datetime.timedelta(days=1)

READY, RUNNING, FAILED, SUCCESSFUL = "READY", "RUNNING", "FAILED", "SUCCESSFUL"


# Where the queue finds the task: stored with every run, so it must not change while runs wait
# (``stegvis.notifications.tasks`` checks that its task is the one named here).
TASK_PATH = "stegvis.notifications.tasks.run_periodic_job"


def task_path():
    return TASK_PATH


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

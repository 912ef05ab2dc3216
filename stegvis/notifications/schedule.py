"""When each periodic job runs next: the rule, and reading the schedule.

The schedule is the table of runs (:class:`~stegvis.notifications.models.PeriodicRun`): a job's
next run is its one open run (waiting or running), kept by the database's ``one_open_run_per_job``
constraint. Nothing else remembers it, so a restarted worker finds the schedule where it was
left. This module says when a job is due next and reads the open runs, so the pages and the
worker can read the schedule without the task; :mod:`stegvis.notifications.tasks` adds and runs
the runs.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.utils import timezone

from stegvis.notifications.models import OPEN_STATUSES, PeriodicRun

DAY = datetime.timedelta(days=1)


def open_runs(name=None):
    """Runs not finished yet (at most one per job), of job ``name`` if given."""
    runs = PeriodicRun.objects.filter(status__in=OPEN_STATUSES)
    if name is not None:
        runs = runs.filter(job=name)
    return runs


def next_runs():
    """``{job name: its open run}`` in one query."""
    return {run.job: run for run in open_runs()}


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

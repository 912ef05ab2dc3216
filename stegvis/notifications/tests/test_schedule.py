"""The schedule: one pending run per job, next-run times, bringing a run forward."""

import datetime
import zoneinfo

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from stegvis.notifications import schedule, tasks
from stegvis.notifications.models import PeriodicRun, RunStatus

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def local(*args):
    return datetime.datetime(*args, tzinfo=STOCKHOLM)


def noop(now):
    return {"ok": 1}


class Job:
    def __init__(self, every, at=None):
        self.every, self.at, self.name = every, at, "x"


DAY = datetime.timedelta(days=1)


def test_first_run_of_a_timed_job_is_the_next_such_time():
    job = Job(DAY, datetime.time(7))
    assert schedule.next_run_at(job, None, local(2026, 3, 2, 6, 0)) == local(2026, 3, 2, 7, 0)
    assert schedule.next_run_at(job, None, local(2026, 3, 2, 7, 30)) == local(2026, 3, 3, 7, 0)


def test_timed_job_keeps_its_local_time_across_daylight_saving():
    job = Job(DAY, datetime.time(7))
    # Sweden moves to summer time on 29 March 2026.
    nxt = schedule.next_run_at(job, local(2026, 3, 28, 7, 0, 3), local(2026, 3, 28, 7, 0, 5))
    assert nxt == local(2026, 3, 29, 7, 0)
    assert nxt.astimezone(datetime.UTC).hour == 5


def test_weekly_timed_job_runs_seven_days_later_at_the_time():
    job = Job(datetime.timedelta(days=7), datetime.time(7))
    started = local(2026, 3, 2, 7, 0, 2)
    assert schedule.next_run_at(job, started, started) == local(2026, 3, 9, 7, 0)


def test_interval_job_runs_at_once_first_then_every_interval():
    job = Job(datetime.timedelta(hours=1))
    now = local(2026, 3, 2, 10, 0)
    assert schedule.next_run_at(job, None, now) == now
    assert schedule.next_run_at(job, now, now) == local(2026, 3, 2, 11, 0)


def test_a_missed_run_happens_once_at_once():
    job = Job(datetime.timedelta(hours=1))
    now = local(2026, 3, 5, 10, 0)
    assert schedule.next_run_at(job, local(2026, 3, 2, 10, 0), now) == now
    timed = Job(DAY, datetime.time(7))
    assert schedule.next_run_at(timed, local(2026, 3, 2, 7, 0), now) == now


@pytest.mark.django_db
def test_scheduling_twice_keeps_one_pending_run(jobs):
    jobs("a.daily", noop, at=datetime.time(7))
    jobs("b.hourly", noop, every=datetime.timedelta(hours=1))
    first = tasks.ensure_all_scheduled()
    assert set(first) == {"a.daily", "b.hourly"}
    assert tasks.ensure_all_scheduled() == {}
    assert schedule.open_runs("a.daily").count() == 1
    assert schedule.open_runs("b.hourly").count() == 1
    assert set(schedule.next_runs()) == {"a.daily", "b.hourly"}


@pytest.mark.django_db
def test_the_database_refuses_a_second_open_run_and_a_due_time_run_twice(jobs):
    """What keeps "exactly once" with many workers is the database, not the code that asks first."""
    job = jobs("a.job", noop)
    run = tasks.ensure_scheduled(job)
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodicRun.objects.create(job="a.job", due_at=run.due_at + datetime.timedelta(minutes=1))
    PeriodicRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE)
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodicRun.objects.create(job="a.job", due_at=run.due_at, status=RunStatus.DONE)
    # Once the open run is closed, the next may be added; adding another while it waits adds nothing.
    later = timezone.now() + datetime.timedelta(hours=1)
    assert tasks.schedule_next(job, later) is not None
    assert tasks.schedule_next(job, later + datetime.timedelta(hours=1)) is None
    assert schedule.open_runs("a.job").count() == 1


@pytest.mark.django_db
def test_bring_forward_moves_the_pending_run_instead_of_adding_one(jobs):
    job = jobs("a.daily", noop, at=datetime.time(7))
    tasks.ensure_scheduled(job)
    before = timezone.now()
    assert tasks.bring_forward(job) == "moved"
    runs = list(schedule.open_runs("a.daily"))
    assert len(runs) == 1 and runs[0].due_at >= before and runs[0].due_at <= timezone.now()
    PeriodicRun.objects.filter(job="a.daily").update(status=RunStatus.RUNNING)
    assert tasks.bring_forward(job) == "running"
    assert schedule.open_runs("a.daily").count() == 1
    PeriodicRun.objects.filter(job="a.daily").delete()
    assert tasks.bring_forward(job) == "added"
    assert schedule.open_runs("a.daily").count() == 1

"""The schedule: one pending run per job, next-run times, bringing a run forward."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone

from stegvis.notifications import schedule, tasks
from stegvis.notifications.models import JobState

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
    assert schedule.pending_runs("a.daily").count() == 1
    assert schedule.pending_runs("b.hourly").count() == 1
    assert JobState.objects.filter(name__in=["a.daily", "b.hourly"]).count() == 2


@pytest.mark.django_db
def test_a_run_left_running_by_a_dead_worker_stops_counting_after_a_while(jobs):
    job = jobs("a.job", noop)
    tasks.ensure_scheduled(job)
    schedule.job_runs("a.job").update(
        status=schedule.RUNNING, started_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert tasks.ensure_scheduled(job) is None
    schedule.job_runs("a.job").update(
        started_at=timezone.now() - schedule.STALE_AFTER - datetime.timedelta(minutes=1)
    )
    assert tasks.ensure_scheduled(job) is not None
    assert schedule.pending_runs("a.job").count() == 1


@pytest.mark.django_db
def test_bring_forward_moves_the_pending_run_instead_of_adding_one(jobs):
    job = jobs("a.daily", noop, at=datetime.time(7))
    tasks.ensure_scheduled(job)
    before = timezone.now()
    assert tasks.bring_forward(job) == "moved"
    runs = list(schedule.pending_runs("a.daily"))
    assert len(runs) == 1 and runs[0].run_after >= before and runs[0].run_after <= timezone.now()
    schedule.job_runs("a.daily").delete()
    assert tasks.bring_forward(job) == "added"
    assert schedule.pending_runs("a.daily").count() == 1


def test_the_schedule_names_the_task_the_queue_stores():
    """Waiting runs store the task's path; the schedule reads them by the same path."""
    assert tasks.run_periodic_job.module_path == schedule.TASK_PATH

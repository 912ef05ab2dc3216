"""The schedule check: runs of workers that are gone go back to waiting, lost tasks are replaced."""

import datetime

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stegvis.notifications import heartbeat, schedule, tasks, upkeep
from stegvis.notifications.models import PeriodicRun, RunStatus, WorkerHeartbeat

pytestmark = pytest.mark.django_db

CALLS = []


def counting(now):
    CALLS.append(now)
    return {"n": len(CALLS)}


@pytest.fixture
def run(jobs):
    CALLS.clear()
    return tasks.ensure_scheduled(jobs("a.job", counting))


def _take(run, worker, started=None):
    """As ``worker`` does when its task takes the run."""
    PeriodicRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, worker=worker, started_at=started or timezone.now(), attempts=1
    )


def _waiting_with_a_new_task(run, old_task):
    run.refresh_from_db()
    assert run.status == RunStatus.SCHEDULED and run.worker == "" and run.task_id != old_task
    assert tasks.run_periodic_job.get_result(run.task_id).status == TaskResultStatus.READY
    return run


def test_a_run_of_a_silent_worker_is_handed_back_and_runs_once_more(run):
    heartbeat.beat("host:1:alive")
    _take(run, "host:1:alive")
    assert upkeep.hand_back_abandoned() == []  # heard from just now
    silent_since = timezone.now() - heartbeat.stale_after() - datetime.timedelta(seconds=1)
    WorkerHeartbeat.objects.filter(worker="host:1:alive").update(last_seen=silent_since)
    assert upkeep.hand_back_abandoned() == [run.pk]
    run = _waiting_with_a_new_task(run, run.task_id)
    assert upkeep.hand_back_abandoned() == []  # once
    tasks.execute(run.pk, task_id=run.task_id, worker="host:2:other")
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.attempts == 2 and len(CALLS) == 1
    assert schedule.open_runs("a.job").count() == 1


def test_a_run_of_a_stopped_worker_is_handed_back(run):
    heartbeat.beat("host:1:gone")
    _take(run, "host:1:gone")
    heartbeat.stopped("host:1:gone")
    assert upkeep.hand_back_abandoned() == [run.pk]
    _waiting_with_a_new_task(run, run.task_id)


def test_a_run_of_a_worker_without_a_heartbeat_is_given_hours(run):
    """A task run outside ``stegvis worker`` writes no heartbeat: its run is not taken from it early."""
    _take(run, "host:7", started=timezone.now() - datetime.timedelta(hours=1))
    assert upkeep.hand_back_abandoned() == []
    _take(run, "host:7", started=timezone.now() - upkeep.UNKNOWN_WORKER_AFTER - datetime.timedelta(minutes=1))
    assert upkeep.hand_back_abandoned() == [run.pk]


def test_a_worker_hands_back_a_run_it_no_longer_runs(run):
    """Closing the run failed (the database was away): the worker itself gives it back."""
    heartbeat.beat("me:1:abc")
    _take(run, "me:1:abc")
    tasks.executing.add(run.pk)
    try:
        assert upkeep.hand_back_abandoned(worker_id="me:1:abc") == []  # still running it
    finally:
        tasks.executing.discard(run.pk)
    assert upkeep.hand_back_abandoned(worker_id="other:1:abc") == []  # alive, as far as others see
    assert upkeep.hand_back_abandoned(worker_id="me:1:abc") == [run.pk]


def test_a_waiting_run_whose_task_is_gone_gets_a_new_one(run):
    PeriodicRun.objects.filter(pk=run.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    assert upkeep.requeue_orphans() == []  # its task is still waiting (the workers are just busy)
    DBTaskResult.objects.filter(id=run.task_id).delete()  # as if the queue had been pruned
    assert upkeep.requeue_orphans() == [run.pk]
    run = _waiting_with_a_new_task(run, run.task_id)
    assert upkeep.requeue_orphans() == []


def test_a_waiting_run_whose_task_ended_without_taking_it_gets_a_new_one(run):
    PeriodicRun.objects.filter(pk=run.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    DBTaskResult.objects.filter(id=run.task_id).update(status=TaskResultStatus.FAILED)
    assert upkeep.requeue_orphans() == [run.pk]


def test_keep_schedule_adds_missing_runs_and_reports_them(jobs, run):
    jobs("b.job", counting, at=datetime.time(7))
    added = upkeep.keep_schedule()
    assert list(added) == ["b.job"]
    assert upkeep.keep_schedule() == {}


def test_a_waiting_run_whose_task_died_with_its_worker_gets_a_new_one(run):
    """The worker took the task, then died before it took the run."""
    PeriodicRun.objects.filter(pk=run.pk).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    heartbeat.beat("host:3:gone")
    DBTaskResult.objects.filter(id=run.task_id).update(
        status=TaskResultStatus.RUNNING, worker_ids=["host:3:gone"], started_at=timezone.now()
    )
    assert upkeep.requeue_orphans() == []  # its worker is alive: it is about to take the run
    heartbeat.stopped("host:3:gone")
    assert upkeep.requeue_orphans() == [run.pk]
    _waiting_with_a_new_task(run, run.task_id)

"""The worker: runs due periodic jobs, records results and failures, keeps the schedule going.

Tests that run the queue in this process use real transactions (``transaction=True``): the
queue runner checks its database connection between tasks, as in production.
"""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus

from stegvis.core.tests.commands import ROOT, environment, get_json, stegvis
from stegvis.notifications import schedule, tasks, worker
from stegvis.notifications.models import JobState, PeriodicRun, RunStatus, WorkerHeartbeat

pytestmark = pytest.mark.django_db

CALLS = []


def counting(now):
    CALLS.append(now)
    return {"handled": len(CALLS), "when": now}


def failing(now):
    raise RuntimeError("the gateway is down")


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()


def _run_batch():
    worker.run(batch=True, interval=0, verbosity=0)


def _task(run):
    """The queued task that carries ``run``, read through the public task API."""
    return tasks.run_periodic_job.get_result(run.task_id)


@pytest.mark.django_db(transaction=True)
def test_batch_worker_runs_due_jobs_and_schedules_the_next_run(jobs):
    jobs("test.hourly", counting, every=datetime.timedelta(hours=1))
    jobs("test.morning", counting, at=datetime.time(7))
    before = timezone.now()
    _run_batch()
    assert len(CALLS) == 1  # the hourly job runs at once; the morning job waits for 07:00
    done = PeriodicRun.objects.get(job="test.hourly", status=RunStatus.DONE)
    assert done.summary["handled"] == 1 and "when" in done.summary and done.attempts == 1
    assert done.started_at == CALLS[0]  # the job ran for the moment its run was taken
    result = _task(done)
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == done.summary
    pending = schedule.open_runs("test.hourly").get()
    assert pending.status == RunStatus.SCHEDULED
    assert pending.due_at >= before + datetime.timedelta(hours=1) - datetime.timedelta(seconds=5)
    assert _task(pending).status == TaskResultStatus.READY
    assert schedule.open_runs("test.morning").count() == 1
    state = JobState.objects.get(name="test.hourly")
    assert state.last_ok is True and state.last_summary["handled"] == 1 and state.last_task_id == done.task_id
    beat = WorkerHeartbeat.objects.get()
    assert beat.stopped_at is not None and done.worker == beat.worker

    _run_batch()  # nothing is due: nothing runs, nothing is added
    assert len(CALLS) == 1
    assert schedule.open_runs("test.hourly").count() == 1
    assert PeriodicRun.objects.filter(job="test.hourly").count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_is_recorded_and_rescheduled(jobs):
    jobs("test.failing", failing, every=datetime.timedelta(hours=1))
    _run_batch()
    failed = PeriodicRun.objects.get(job="test.failing", status=RunStatus.FAILED)
    assert "the gateway is down" in failed.error
    result = _task(failed)
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class_path == "builtins.RuntimeError"
    assert "the gateway is down" in result.errors[0].traceback
    state = JobState.objects.get(name="test.failing")
    assert state.last_ok is False and "the gateway is down" in state.last_error
    assert schedule.open_runs("test.failing").get().due_at > timezone.now()


@pytest.mark.django_db(transaction=True)
def test_a_brought_forward_run_is_processed_and_the_schedule_goes_on(jobs):
    job = jobs("test.morning", counting, at=datetime.time(7))
    tasks.ensure_scheduled(job)
    assert tasks.bring_forward(job) == "moved"
    _run_batch()
    assert len(CALLS) == 1
    nxt = schedule.open_runs("test.morning").get()
    assert timezone.localtime(nxt.due_at).time() == datetime.time(7)


def test_a_task_runs_only_the_run_still_meant_for_it(jobs):
    """A task delivered twice, or one whose run was moved ("Kör nu"), runs nothing."""
    job = jobs("test.morning", counting, at=datetime.time(7))
    run = tasks.ensure_scheduled(job)
    old_task = run.task_id
    tasks.bring_forward(job)
    run.refresh_from_db()
    assert run.task_id != old_task
    assert "skipped" in tasks.execute(run.pk, task_id=old_task, worker="h:1:a")
    assert CALLS == []
    assert tasks.execute(run.pk, task_id=run.task_id, worker="h:1:a")["handled"] == 1
    assert "skipped" in tasks.execute(run.pk, task_id=run.task_id, worker="h:2:b")  # delivered again
    assert len(CALLS) == 1
    run.refresh_from_db()
    assert run.status == RunStatus.DONE and run.worker == "h:1:a" and run.attempts == 1
    assert schedule.open_runs("test.morning").count() == 1


@pytest.mark.django_db(transaction=True)
def test_worker_command_in_batch_mode(jobs, capsys):
    jobs("test.hourly", counting, every=datetime.timedelta(hours=1))
    call_command("worker", "--batch", "--interval", "0")
    assert len(CALLS) == 1
    out = capsys.readouterr().out
    assert "Schemalagt: test.hourly" in out


def test_run_job_command_runs_now_and_leaves_the_schedule(jobs, capsys):
    job = jobs("test.hourly", counting, every=datetime.timedelta(hours=1))
    tasks.ensure_scheduled(job)
    call_command("run-job", "test.hourly")
    assert len(CALLS) == 1
    assert '"handled": 1' in capsys.readouterr().out
    assert schedule.open_runs("test.hourly").count() == 1
    assert JobState.objects.get(name="test.hourly").last_ok is True


def test_run_job_command_errors(jobs):
    jobs("test.failing", failing)
    with pytest.raises(CommandError, match="misslyckades"):
        call_command("run-job", "test.failing")
    assert JobState.objects.get(name="test.failing").last_ok is False
    with pytest.raises(CommandError, match="Inget jobb"):
        call_command("run-job", "no.such.job")


def test_run_job_list(jobs, capsys):
    jobs("test.hourly", counting, every=datetime.timedelta(hours=1), description="Räknar")
    jobs("test.morning", counting, at=datetime.time(7))
    tasks.ensure_scheduled(jobs("test.morning", counting, at=datetime.time(7)))
    call_command("run-job", "--list")
    out = capsys.readouterr().out
    assert "test.hourly" in out and "inte schemalagt" in out and "Räknar" in out
    assert "07:00" in out


def test_the_reminder_job_is_registered_for_the_morning():
    from stegvis.notifications.periodic import periodic_job

    job = periodic_job("notifications.reminders")
    assert job.every == datetime.timedelta(days=1) and job.at == datetime.time(7)


@pytest.mark.django_db(transaction=True)
def test_a_run_of_an_unknown_job_fails_without_rescheduling(jobs):
    with transaction.atomic():
        run = tasks._add_run("gone.job", timezone.now())
    _run_batch()
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and "gone.job" in run.error
    result = _task(run)
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class_path == "builtins.KeyError"
    assert not schedule.open_runs("gone.job").exists()


@pytest.mark.django_db(transaction=True)
def test_a_task_queued_by_an_earlier_version_runs_nothing(jobs):
    """Before the run table, tasks carried the job's name; after an upgrade they are left to run empty."""
    jobs("test.hourly", counting, every=datetime.timedelta(hours=1))
    old = tasks.run_periodic_job.enqueue(name="test.hourly")
    _run_batch()
    assert len(CALLS) == 1  # once, from the run the worker scheduled at start
    old.refresh()
    assert old.status == TaskResultStatus.SUCCESSFUL and "skipped" in old.return_value


def test_makefile_demo_starts_the_worker():
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "stegvis worker" in recipe and "trap" in recipe and "runserver" in recipe


def test_the_systemd_unit_runs_the_worker_with_the_servers_environment():
    import configparser

    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(ROOT / "deploy" / "systemd" / "stegvis-worker.service", encoding="utf-8")
    service = unit["Service"]
    assert service["ExecStart"].endswith("/stegvis worker")
    assert service["EnvironmentFile"] == "/etc/stegvis/stegvis.env"
    assert service["Restart"] == "on-failure"
    assert int(service["TimeoutStopSec"]) >= 60  # a job under way is given time to finish
    assert unit["Install"]["WantedBy"] == "multi-user.target"


@pytest.mark.django_db(transaction=True)
def test_worker_command_line_starts_against_a_fresh_database(tmp_path):
    """``stegvis worker`` (as ``make demo`` starts it) migrates nothing itself but runs on a new SQLite file."""
    env = environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'w.sqlite3'}", STEGVIS_VAR_DIR=str(tmp_path), STEGVIS_DEBUG="1"
    )
    migrate = stegvis("migrate", "--no-input", env=env)
    assert migrate.returncode == 0, migrate.stderr
    run = stegvis("worker", "--batch", "--interval", "0", env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Bakgrundsarbetaren startar" in run.stdout
    assert "Schemalagt: notifications.reminders" in run.stdout
    again = stegvis("worker", "--batch", "--interval", "0", env=env, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "Schemalagt: notifications.reminders" not in again.stdout  # already on the schedule
    status, body = get_json("/halsa/", env)
    assert status == 200 and body["worker"]["status"] == "missing"  # a batch run stops when done
    assert body["worker"]["last_seen"] is not None


@pytest.mark.django_db(transaction=True)
def test_a_run_lost_from_the_schedule_is_put_back_after_the_next_task(jobs):
    jobs("test.hourly", counting, every=datetime.timedelta(hours=1))
    job = jobs("test.other", counting, at=datetime.time(7))
    tasks.ensure_all_scheduled()
    PeriodicRun.objects.filter(job="test.other").delete()  # as if its reschedule had been lost
    # No check at start: only after the task.
    worker.process_queue("test:1:abc", batch=True, interval=0, verbosity=0)
    assert len(CALLS) == 1
    assert schedule.open_runs(job.name).count() == 1

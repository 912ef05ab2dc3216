"""The worker: runs due periodic jobs, records results and failures, keeps the schedule going."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from stegvis.notifications import schedule, tasks, worker
from stegvis.notifications.models import JobState

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
    worker.run(batch=True, interval=0, signals=False)


def test_batch_worker_runs_due_jobs_and_schedules_the_next_run(jobs, in_test_transaction):
    jobs("test.hourly", counting, every=datetime.timedelta(hours=1))
    jobs("test.morning", counting, at=datetime.time(7))
    before = timezone.now()
    _run_batch()
    assert len(CALLS) == 1  # the hourly job runs at once; the morning job waits for 07:00
    done = schedule.job_runs("test.hourly").get(status=schedule.SUCCESSFUL)
    assert done.return_value["handled"] == 1 and "when" in done.return_value
    pending = schedule.pending_runs("test.hourly").get()
    assert pending.run_after >= before + datetime.timedelta(hours=1) - datetime.timedelta(seconds=5)
    assert schedule.pending_runs("test.morning").count() == 1
    state = JobState.objects.get(name="test.hourly")
    assert state.last_ok is True and state.last_summary["handled"] == 1 and state.last_task_id == str(done.pk)

    _run_batch()  # nothing is due: nothing runs, nothing is added
    assert len(CALLS) == 1
    assert schedule.pending_runs("test.hourly").count() == 1


def test_a_failing_job_is_recorded_and_rescheduled(jobs, in_test_transaction):
    jobs("test.failing", failing, every=datetime.timedelta(hours=1))
    _run_batch()
    failed = schedule.job_runs("test.failing").get(status=schedule.FAILED)
    assert failed.exception_class_path == "builtins.RuntimeError"
    assert "the gateway is down" in failed.traceback
    state = JobState.objects.get(name="test.failing")
    assert state.last_ok is False and "the gateway is down" in state.last_error
    assert schedule.pending_runs("test.failing").get().run_after > timezone.now()


def test_a_brought_forward_run_is_processed_and_the_schedule_goes_on(jobs, in_test_transaction):
    job = jobs("test.morning", counting, at=datetime.time(7))
    tasks.ensure_scheduled(job)
    tasks.bring_forward(job)
    _run_batch()
    assert len(CALLS) == 1
    nxt = schedule.pending_runs("test.morning").get()
    assert timezone.localtime(nxt.run_after).time() == datetime.time(7)


def test_worker_command_in_batch_mode(jobs, in_test_transaction, capsys):
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
    assert schedule.pending_runs("test.hourly").count() == 1
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
    call_command("run-job", "--list")
    out = capsys.readouterr().out
    assert "test.hourly" in out and "inte schemalagt" in out and "Räknar" in out


def test_the_reminder_job_is_registered_for_the_morning():
    from stegvis.notifications.periodic import periodic_job

    job = periodic_job("notifications.reminders")
    assert job.every == datetime.timedelta(days=1) and job.at == datetime.time(7)


def test_a_task_of_an_unknown_job_fails_without_rescheduling(in_test_transaction, jobs):
    from stegvis.notifications.tasks import run_periodic_job

    run_periodic_job.enqueue(name="gone.job")
    _run_batch()
    assert DBTaskResult.objects.get(status=schedule.FAILED).exception_class_path == "builtins.KeyError"
    assert not schedule.pending_runs("gone.job").exists()


ROOT = Path(__file__).resolve().parents[3]


def test_makefile_demo_starts_the_worker():
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "stegvis worker" in recipe and "trap" in recipe and "runserver" in recipe


@pytest.mark.django_db(transaction=True)
def test_worker_command_line_starts_against_a_fresh_database(tmp_path):
    """``stegvis worker`` (as ``make demo`` starts it) migrates nothing itself but runs on a new SQLite file."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'w.sqlite3'}",
        "STEGVIS_VAR_DIR": str(tmp_path),
        "STEGVIS_DEBUG": "1",
    }
    env.pop("STEGVIS_TEST_DB_NAME", None)
    stegvis = (
        [sys.executable, "-m", "stegvis.cli"]
        if not (Path(sys.executable).parent / "stegvis").exists()
        else [str(Path(sys.executable).parent / "stegvis")]
    )
    migrate = subprocess.run(
        [*stegvis, "migrate", "--no-input"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert migrate.returncode == 0, migrate.stderr
    run = subprocess.run(
        [*stegvis, "worker", "--batch", "--interval", "0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "Bakgrundsarbetaren startar" in run.stdout
    assert "Schemalagt: notifications.reminders" in run.stdout
    again = subprocess.run(
        [*stegvis, "worker", "--batch", "--interval", "0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert "Schemalagt: notifications.reminders" not in again.stdout  # already on the schedule


def test_a_run_lost_from_the_schedule_is_put_back_after_the_next_task(jobs, in_test_transaction):
    jobs("test.hourly", counting, every=datetime.timedelta(hours=1))
    job = jobs("test.other", counting, at=datetime.time(7))
    tasks.ensure_all_scheduled()
    schedule.job_runs("test.other").delete()  # as if its reschedule had failed
    worker.build_worker(batch=True, interval=0).run()  # no scheduling at start: only after the task
    assert schedule.pending_runs(job.name).count() == 1

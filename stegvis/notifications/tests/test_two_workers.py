"""Real ``stegvis worker`` processes on one database: every due run happens once, and none is lost.

Each test gets a database of its own: a SQLite file, and a PostgreSQL database when the suite runs
on PostgreSQL (``DATABASE_URL``), copied from one migrated with ``stegvis migrate``. The workers run
with the fast jobs of :mod:`stegvis.notifications.tests.fastjobs`, which write what really ran to
a file of their own. The outcome is read with plain SQL (the run table, the task table) and
compared with that file.
"""

import collections
import contextlib
import datetime
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time
import uuid
from urllib.parse import urlsplit

import pytest

from stegvis.core.tests.commands import ROOT, STEGVIS, environment, get_json, stegvis

SETTINGS = "stegvis.notifications.tests.worker_settings"
TIMEOUT = 90

# What a "web server" does while the workers run: press "Kör nu" for a job, over and over.
WEB_SERVER = """
import time
from stegvis.notifications.actions import run_job_now
outcomes = []
for _ in range(10):
    outcomes.append(run_job_now(None, "test.hourly"))
    time.sleep(0.3)
print(" ".join(outcomes))
"""


def _postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def _with_name(url, name):
    return urlsplit(url)._replace(path=f"/{name}").geturl()


def _pg_admin(sql):
    import psycopg

    with psycopg.connect(_with_name(_postgres_url(), "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def _when(value):
    """A time from either database (SQLite keeps UTC text) as an aware datetime."""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=datetime.UTC)


class Database:
    """A database made for one test: its URL for the workers, plain SQL for the test."""

    def __init__(self, vendor, url, path=None):
        self.vendor, self.url, self.path = vendor, url, path

    def rows(self, sql):
        """The rows ``sql`` returns (none for a statement that changes rows); committed, closed."""
        if self.vendor == "sqlite":
            with contextlib.closing(sqlite3.connect(self.path, timeout=30)) as conn, conn:
                cursor = conn.execute(sql)
                return cursor.fetchall() if cursor.description else []
        import psycopg

        with psycopg.connect(self.url) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def runs(self):
        """Every periodic run as a dict."""
        columns = ["id", "job", "due_at", "status", "task_id", "worker", "attempts", "started_at"]
        rows = self.rows(f"SELECT {', '.join(columns)} FROM notifications_periodicrun ORDER BY due_at")
        runs = [dict(zip(columns, row, strict=True)) for row in rows]
        for run in runs:
            run["due_at"] = _when(run["due_at"])
            run["started_at"] = run["started_at"] and _when(run["started_at"])
        return runs

    def ready_tasks(self):
        """``{run id: [task ids]}`` of the tasks waiting in the queue."""
        waiting = collections.defaultdict(list)
        for task_id, args_kwargs in self.rows(
            "SELECT id, args_kwargs FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
        ):
            kwargs = (json.loads(args_kwargs) if isinstance(args_kwargs, str) else args_kwargs)["kwargs"]
            waiting[kwargs.get("run")].append(str(uuid.UUID(str(task_id))))
        return waiting


def _env(database, tmp_path, **extra):
    return environment(
        DATABASE_URL=database.url,
        DJANGO_SETTINGS_MODULE=SETTINGS,
        STEGVIS_TEST_JOB_LOG=str(tmp_path / "jobs.log"),
        STEGVIS_WORKER_HEARTBEAT_SECONDS="0.5",
        STEGVIS_WORKER_STALE_SECONDS="3",
        **extra,
    )


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def migrated(request, tmp_path_factory):
    """A migrated database to copy for each test (per process of the test run)."""
    if request.param == "postgresql" and _postgres_url() is None:
        pytest.skip("the suite runs on SQLite: set DATABASE_URL=postgres://... to run this on PostgreSQL")
    folder = tmp_path_factory.mktemp("template")
    if request.param == "sqlite":
        database = Database("sqlite", f"sqlite:///{folder / 'db.sqlite3'}", folder / "db.sqlite3")
    else:
        name = f"stegvis_workers_{uuid.uuid4().hex[:10]}"
        _pg_admin(f'CREATE DATABASE "{name}"')
        database = Database("postgresql", _with_name(_postgres_url(), name))
    done = stegvis("migrate", "--no-input", "-v", "0", env=_env(database, folder), timeout=600)
    assert done.returncode == 0, done.stderr
    yield database
    if database.vendor == "postgresql":
        _pg_admin(f'DROP DATABASE IF EXISTS "{urlsplit(database.url).path[1:]}" WITH (FORCE)')


@pytest.fixture
def database(migrated, tmp_path):
    if migrated.vendor == "sqlite":
        path = tmp_path / "db.sqlite3"
        shutil.copyfile(migrated.path, path)
        yield Database("sqlite", f"sqlite:///{path}", path)
        return
    name = f"stegvis_workers_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{urlsplit(migrated.url).path[1:]}"')
    yield Database("postgresql", _with_name(migrated.url, name))
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Process:
    """A ``stegvis`` command running in the background, its output kept in files."""

    def __init__(self, tmp_path, label, args, env):
        self.out_path, self.err_path = tmp_path / f"{label}.out", tmp_path / f"{label}.err"
        with open(self.out_path, "w") as out, open(self.err_path, "w") as err:
            self.popen = subprocess.Popen([*STEGVIS, *args], env=env, cwd=ROOT, stdout=out, stderr=err)

    @property
    def pid(self):
        return self.popen.pid

    def output(self):
        return self.out_path.read_text()

    def errors(self):
        return self.err_path.read_text()

    def stop(self):
        """SIGTERM, as systemd stops a service; the exit code."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        return self.popen.wait(timeout=TIMEOUT)

    def kill(self):
        self.popen.kill()
        self.popen.wait(timeout=TIMEOUT)


@pytest.fixture
def processes():
    started = []
    yield started
    for process in started:
        if process.popen.poll() is None:
            process.kill()


def _wait_for(condition, what, timeout=TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _job_log(tmp_path):
    """``[(event, job, moment, pid)]`` from the jobs' own file."""
    path = tmp_path / "jobs.log"
    if not path.exists():
        return []
    entries = []
    for line in path.read_text().splitlines():
        event, job, moment, pid = line.split(" ")
        entries.append((event, job, _when(moment), int(pid)))
    return entries


# A process that adds the missing runs the moment it is told to: the test opens a round by creating
# a file, and all such processes start within a few milliseconds. Even rounds run the whole check
# a worker runs at start; odd rounds only its last step, adding each job's next run, as when every
# process found the job without one (the read before it usually, not always, spares the attempt).
RACER = """
import json, os, time
from pathlib import Path
from django.utils import timezone
from stegvis.notifications.periodic import periodic_jobs
from stegvis.notifications.tasks import schedule_next
from stegvis.notifications.upkeep import keep_schedule
folder = Path(os.environ["STEGVIS_TEST_RACE_DIR"])
(folder / f"ready-{os.getpid()}").touch()
added = []
for k in range(int(os.environ["STEGVIS_TEST_ROUNDS"])):
    while not (folder / f"go-{k}").exists():
        time.sleep(0.0005)
    if k % 2 == 0:
        added.append(sorted(keep_schedule()))
    else:
        added.append(sorted(job.name for job in periodic_jobs() if schedule_next(job, timezone.now())))
    (folder / f"done-{k}-{os.getpid()}").touch()
print(json.dumps(added))
"""


def _worker_of(database, pid):
    rows = database.rows(f"SELECT worker FROM notifications_workerheartbeat WHERE pid = {int(pid)}")
    return rows[0][0] if rows else None


def test_two_workers_and_two_web_servers_run_every_due_run_once(database, tmp_path, processes):
    env = _env(database, tmp_path)
    workers = [Process(tmp_path, f"worker{n}", ["worker", "--interval", "0.05"], env) for n in (1, 2)]
    processes.extend(workers)
    _wait_for(lambda: all(_worker_of(database, w.pid) for w in workers), "both workers to start")
    web = [Process(tmp_path, f"web{n}", ["shell", "-c", WEB_SERVER], env) for n in (1, 2)]
    processes.extend(web)
    for process in web:
        assert process.popen.wait(timeout=TIMEOUT) == 0, process.errors()
    status, seen = get_json("/halsa/", env)  # meanwhile, a few more ticks after the last "Kör nu"
    assert status == 200 and seen["status"] == "ok"
    assert seen["worker"]["status"] == "ok" and seen["worker"]["running"] == 2
    for process in workers:
        assert process.stop() == 0, process.errors()
    assert get_json("/halsa/", env)[1]["worker"]["status"] == "missing"

    runs = database.runs()
    log = _job_log(tmp_path)
    # Every run that happened is in the jobs' own log exactly once, and nothing ran without a run.
    for job in ("test.tick", "test.hourly", "test.slow"):
        finished = [r["started_at"] for r in runs if r["job"] == job and r["status"] in ("done", "failed")]
        ran = [moment for event, name, moment, _pid in log if name == job and event == "ran"]
        assert collections.Counter(ran) == collections.Counter(finished), job
        assert all(count == 1 for count in collections.Counter(ran).values()), f"{job} ran twice"
    assert not [r for r in runs if r["status"] == "running"]  # stopped cleanly: nothing left half done
    assert not [r for r in runs if r["status"] == "failed"], runs

    # The schedule went on: the 1-second job ran again and again, never twice for one period.
    ticks = sorted(r["due_at"] for r in runs if r["job"] == "test.tick" and r["status"] == "done")
    assert len(ticks) >= 4, ticks
    assert all(b - a >= datetime.timedelta(seconds=1) for a, b in zip(ticks, ticks[1:], strict=False))
    # Both workers took runs (they raced for them), and both stopped cleanly.
    assert len({pid for _event, _job, _moment, pid in log}) == 2, log
    assert database.rows("SELECT count(*) FROM notifications_workerheartbeat WHERE stopped_at IS NULL") == [
        (0,)
    ]

    # The web servers' "Kör nu" ran the hourly job (besides its first run at start): at most one run
    # for each press that moved or added one, never a second open run.
    outcomes = " ".join(p.output().splitlines()[-1] for p in web).split()
    assert len(outcomes) == 20 and set(outcomes) <= {"moved", "added", "running"}
    pressed = sum(1 for outcome in outcomes if outcome != "running")
    hourly = sum(1 for r in runs if r["job"] == "test.hourly" and r["status"] == "done")
    assert 2 <= hourly <= 1 + pressed, (hourly, outcomes)

    # Every job has exactly one next run, queued exactly once, as it was added by exactly one worker.
    open_runs = collections.Counter(r["job"] for r in runs if r["status"] == "scheduled")
    jobs = {r["job"] for r in runs}
    assert {"test.tick", "test.hourly", "test.slow", "notifications.reminders"} <= jobs
    assert all(open_runs[job] == 1 for job in jobs), open_runs
    waiting = database.ready_tasks()
    for run in runs:
        if run["status"] == "scheduled":
            assert waiting[run["id"]].count(run["task_id"]) == 1, run
    for job in ("test.tick", "notifications.reminders"):
        announced = [w for w in workers if f"Schemalagt: {job}," in w.output()]
        assert len(announced) == 1, job


def test_a_run_whose_worker_dies_is_finished_by_another(database, tmp_path, processes):
    env = _env(database, tmp_path, STEGVIS_TEST_SLOW_SECONDS="4")
    first = Process(tmp_path, "first", ["worker", "--interval", "0.05"], env)
    processes.append(first)

    def slow_run_held():
        rows = [r for r in database.runs() if r["job"] == "test.slow" and r["status"] == "running"]
        return rows[0] if rows else None

    held = _wait_for(slow_run_held, "the slow job to start")
    first_worker = _worker_of(database, first.pid)
    assert held["worker"] == first_worker
    first.kill()  # SIGKILL in the middle of the job: no chance to clean up
    second = Process(tmp_path, "second", ["worker", "--interval", "0.05"], env)
    processes.append(second)

    def slow_run_done():
        rows = [r for r in database.runs() if r["id"] == held["id"] and r["status"] == "done"]
        return rows[0] if rows else None

    done = _wait_for(slow_run_done, "the slow run to be finished by the second worker")
    assert second.stop() == 0, second.errors()

    assert done["worker"] == _worker_of(database, second.pid) and done["attempts"] == 2
    assert done["due_at"] == held["due_at"]  # the same due run, not a new one
    slow = [(event, pid) for event, job, _moment, pid in _job_log(tmp_path) if job == "test.slow"]
    assert slow == [("start", first.pid), ("start", second.pid), ("ran", second.pid)]
    runs = [r for r in database.runs() if r["job"] == "test.slow"]
    assert [r["status"] for r in runs] == ["done", "scheduled"]
    assert "handed back" in second.errors() or "handed back" in second.output()


def test_processes_checking_the_schedule_at_the_same_moment_add_each_run_once(database, tmp_path, processes):
    """Four processes add the missing runs at once, six times over: each run is added by one of them.

    This is the moment two workers start together; here it is made to happen, and often.
    """
    rounds, racers = 6, 4
    env = _env(database, tmp_path, STEGVIS_TEST_RACE_DIR=str(tmp_path), STEGVIS_TEST_ROUNDS=str(rounds))
    started = [Process(tmp_path, f"racer{n}", ["shell", "-v", "0", "-c", RACER], env) for n in range(racers)]
    processes.extend(started)
    _wait_for(lambda: len(list(tmp_path.glob("ready-*"))) == racers, "the processes to be ready")
    per_round = []
    for k in range(rounds):
        (tmp_path / f"go-{k}").touch()
        _wait_for(lambda k=k: len(list(tmp_path.glob(f"done-{k}-*"))) == racers, f"round {k}")
        runs = database.runs()
        per_round.append(collections.Counter(r["job"] for r in runs))
        waiting = database.ready_tasks()
        assert all(waiting[r["id"]] == [r["task_id"]] for r in runs), runs
        # Empty the schedule for the next round, as a fresh database at two workers' start.
        database.rows("DELETE FROM notifications_periodicrun")
        database.rows("DELETE FROM django_tasks_database_dbtaskresult")
    reports = [json.loads(p.output().strip().splitlines()[-1]) for p in started]
    for process in started:
        assert process.popen.wait(timeout=TIMEOUT) == 0, process.errors()

    for k, counts in enumerate(per_round):
        assert {"test.tick", "test.hourly", "notifications.reminders"} <= set(counts)
        assert set(counts.values()) == {1}, (k, counts)  # one run per job, never two
        added_by = collections.Counter(job for report in reports for job in report[k])
        assert added_by == counts, (k, added_by)  # and each reported by the one process that added it

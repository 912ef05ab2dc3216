"""Backup, then restore into a fresh database: the report JSON and the exchange export are identical.

Runs the real ``stegvis`` command in subprocesses against databases of the engine the suite runs
on (``DATABASE_URL``): SQLite files in a temporary folder, or throwaway PostgreSQL databases made
for the test and dropped after it. The test database pytest-django manages is not used, because
a restore needs a database of its own that nothing else holds open.
"""

import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import pytest
from django.db import connection

from stegvis.exchange.tests.helpers import FIXTURES_DIR

ROOT = Path(__file__).resolve().parents[3]
KEY = "a test passphrase, long enough for the rule"


def _stegvis():
    script = Path(sys.executable).parent / "stegvis"
    return [str(script)] if script.exists() else [sys.executable, "-m", "stegvis.cli"]


class Installation:
    """One Stegvis installation: its own database and var folder, driven through the command line."""

    def __init__(self, database_url, var_dir):
        var_dir.mkdir()
        self.database_url = database_url
        self.var_dir = var_dir
        self.env = {**os.environ, "DATABASE_URL": database_url, "STEGVIS_VAR_DIR": str(var_dir)}
        for name in (
            "STEGVIS_TEST_DB_NAME",
            "STEGVIS_SECRET_KEY",
            "STEGVIS_BACKUP_KEY",
            "STEGVIS_BACKUP_KEY_FILE",
        ):
            self.env.pop(name, None)

    def run(self, *arguments, key=None, expect=0):
        env = {**self.env, **({"STEGVIS_BACKUP_KEY": key} if key else {})}
        result = subprocess.run(
            [*_stegvis(), *arguments], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == expect, (arguments, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        return result

    def report(self, project):
        """The report JSON, without the moment it was made."""
        report = self.run("report", project, "--format", "json").stdout
        return "\n".join(line for line in report.splitlines() if '"generated_at"' not in line)

    def export(self, project, folder):
        """The exchange export's files, as text."""
        self.run("export", project, str(folder))
        return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.iterdir())}


@contextmanager
def saving_meanwhile(database_url, until):
    """A user saving while the backup runs: a transaction that renames every organisation.

    It is held open until the file ``until`` (the archive) is in place, then rolled back. The
    backup must neither wait for it nor include it; yields whether the archive appeared while the
    transaction was still open.
    """
    seen = {}
    started = threading.Event()

    def hold():
        if database_url.startswith("sqlite:"):
            conn = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
            conn.execute("BEGIN IMMEDIATE")
        else:
            import psycopg

            conn = psycopg.connect(database_url)  # not autocommit: the UPDATE opens a transaction
        conn.execute("UPDATE organizations_organization SET name = name || ' (sparas just nu)'")
        started.set()
        give_up = time.monotonic() + 120
        while not until.exists() and time.monotonic() < give_up:
            time.sleep(0.01)
        seen["archive_while_open"] = until.exists()
        conn.rollback()
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert started.wait(30)
    try:
        yield seen
    finally:
        thread.join()


def spik_sample(folder, every=6):
    """Every sixth participant of the SPiK fixture with their enrolments and measurements (all
    organisations, a few hundred answers): enough to fill each table the report and the export
    read, small enough to import in seconds."""
    folder.mkdir()
    fixture = FIXTURES_DIR / "spik"
    rows = fixture.joinpath("participants.csv").read_text(encoding="utf-8").splitlines()
    kept = {line.split(",", 1)[0] for line in rows[1::every]}
    for path in fixture.iterdir():
        header, *lines = path.read_text(encoding="utf-8").splitlines()
        if header.startswith("participant_ref,"):
            lines = [line for line in lines if line.split(",", 1)[0] in kept]
        folder.joinpath(path.name).write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return folder, len(kept)


@pytest.fixture
def fresh_database(tmp_path):
    """Makes empty databases of the suite's engine and drops them afterwards; returns their URLs."""
    if connection.vendor == "sqlite":
        yield lambda name: f"sqlite:///{tmp_path / (name + '.sqlite3')}"
        return
    import psycopg

    server = dj_database_url.parse(os.environ["DATABASE_URL"])
    made = []

    def admin():
        return psycopg.connect(
            dbname="postgres",
            user=server["USER"],
            password=server["PASSWORD"] or None,
            host=server["HOST"],
            port=server["PORT"] or None,
            autocommit=True,
        )

    def make(name):
        database = f"stegvis_backup_{name}_{uuid.uuid4().hex[:10]}"
        with admin() as conn:
            conn.execute(f'CREATE DATABASE "{database}"')
        made.append(database)
        return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{database}").geturl()

    yield make
    with admin() as conn:
        for database in made:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def test_backup_then_restore_into_a_fresh_database_gives_the_same_report_and_export(tmp_path, fresh_database):
    source = Installation(fresh_database("source"), tmp_path / "source")
    source.run("migrate", "--no-input")
    sample, persons = spik_sample(tmp_path / "spik")
    source.run("import", str(sample))
    archive = tmp_path / "backups" / "spik.stegvis"
    archive.parent.mkdir()

    with saving_meanwhile(source.database_url, until=archive) as meanwhile:
        written = source.run("backup", str(archive), key=KEY)
    assert meanwhile["archive_while_open"]
    assert "Säkerhetskopian är skriven" in written.stdout and "krypterad" in written.stdout
    assert archive.stat().st_mode & 0o777 == 0o600
    assert [path.name for path in archive.parent.iterdir()] == ["spik.stegvis"]  # no temporary file left
    content = archive.read_bytes()
    for plain in (b"199403217806", b"19940321-7806", b"VXJ-001", "Växjö kommun".encode()):
        assert plain not in content

    target = Installation(fresh_database("target"), tmp_path / "target")
    restored = target.run("restore", str(archive), key=KEY)
    assert "Återställt" in restored.stdout
    assert (target.var_dir / "secret_key").read_bytes() == (source.var_dir / "secret_key").read_bytes()

    report = source.report("spik")
    export = source.export("spik", tmp_path / "export-source")
    assert f'"unique_persons": {persons}' in report and "VXJ-001,19940321-7806" in export["participants.csv"]
    assert len(export["measurements.csv"].splitlines()) > 300
    assert target.report("spik") == report
    assert target.export("spik", tmp_path / "export-target") == export

    # The restored database is no longer empty: a second restore is refused, unless forced.
    refused = target.run("restore", str(archive), key=KEY, expect=5)
    assert "är inte tom" in refused.stderr and "--force" in refused.stderr
    target.run("restore", "--force", str(archive), key=KEY)
    assert target.report("spik") == report

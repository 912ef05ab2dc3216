"""Imports side by side, and a busy database that is never reported as bad data.

SQLite (the embedded default): real ``stegvis import`` processes on a SQLite file. PostgreSQL:
a lock held by another connection, in the test process.
"""

import sqlite3
import subprocess

import pytest
from django.db import connection

from stegvis.core.tests.processes import STEGVIS
from stegvis.exchange.importer import import_sources
from stegvis.exchange.tests.helpers import basic_files
from stegvis.participants.models import Person

BUSY = "Databasen är upptagen"
BLAMES_THE_ROWS = "krockar"


def _data_set(folder, number, participants=3):
    """Organisation, project, participants and enrolments that no other data set shares."""
    folder.mkdir()
    org, project = f"org-{number}", f"projekt-{number}"
    (folder / "organizations.csv").write_text(f"code,name,kind\n{org},Kommun {number},kommun\n")
    (folder / "projects.csv").write_text(
        "code,name,owner,start_date,end_date,funder\n"
        f"{project},Projekt {number},{org},2023-01-01,2025-12-31,esf\n"
    )
    refs = [f"P{number}-{i}" for i in range(participants)]
    (folder / "participants.csv").write_text(
        "participant_ref,personnummer,birth_year,gender,home_municipality,language,interpreter_needed,"
        "education_level,protected_identity\n" + "".join(f"{ref},,1980,K,,,,,\n" for ref in refs)
    )
    (folder / "enrollments.csv").write_text(
        "participant_ref,project,organization,referrer,need_group,start_date,end_date,exit_reason,coordinator\n"
        + "".join(f"{ref},{project},{org},af,,2023-03-01,,,\n" for ref in refs)
    )
    return folder


def _count(site, sql):
    with sqlite3.connect(site.database) as db:
        return db.execute(sql).fetchone()[0]


@pytest.mark.processes
def test_six_imports_started_together_all_succeed(sqlite_site, tmp_path):
    folders = [_data_set(tmp_path / f"set{n}", n) for n in range(6)]
    env = sqlite_site.env()
    imports = [
        subprocess.Popen(
            [*STEGVIS, "import", str(folder), "--user", "admin"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in folders
    ]
    outcomes = [(process.wait(timeout=180), *process.communicate()) for process in imports]
    for returncode, out, err in outcomes:
        assert returncode == 0 and "Importen är klar." in out, out + err
        assert BLAMES_THE_ROWS not in out
    assert _count(sqlite_site, "SELECT count(*) FROM organizations_organization WHERE code LIKE 'org-%'") == 6
    assert _count(sqlite_site, "SELECT count(*) FROM participants_participantref WHERE ref LIKE 'P_-_'") == 18


@pytest.mark.processes
def test_a_busy_sqlite_database_is_reported_as_busy_not_as_bad_rows(sqlite_site, tmp_path):
    folder = _data_set(tmp_path / "set", 7)
    env = sqlite_site.env(STEGVIS_SQLITE_TIMEOUT="0.5")
    other = sqlite3.connect(sqlite_site.database, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock for longer than the wait
        busy = sqlite_site.run("import", str(folder), env=env, check=False)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert busy.returncode == 1
    assert BUSY in busy.stdout and "Felet beror inte på filerna" in busy.stdout
    assert BLAMES_THE_ROWS not in busy.stdout and "Traceback" not in busy.stderr
    assert _count(sqlite_site, "SELECT count(*) FROM organizations_organization WHERE code = 'org-7'") == 0

    again = sqlite_site.run("import", str(folder), env=env)  # the lock is gone: the same files import
    assert "Importen är klar." in again.stdout


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL lock (SQLite: the test above)")
@pytest.mark.django_db(transaction=True)  # the world is committed, so the other connection can lock
def test_a_busy_postgresql_database_is_reported_as_busy_not_as_bad_rows(world):
    """A row waits for a lock another connection holds, past lock_timeout: busy, not "krockar"."""
    import psycopg

    params = connection.get_connection_params()
    other = psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}, autocommit=False)
    try:
        other.execute(f"LOCK TABLE {Person._meta.db_table} IN EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
        try:
            result = import_sources(basic_files())
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
    finally:
        other.rollback()
        other.close()
    messages = [problem.message for problem in result.errors]
    assert len(messages) == 1 and BUSY in messages[0], messages
    assert not Person.objects.filter(refs__ref__in=["P-1", "P-2"]).exists()

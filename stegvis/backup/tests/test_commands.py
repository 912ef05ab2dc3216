"""``stegvis backup`` and ``stegvis restore`` in this process, against the test database.

Every refusal ends with a Swedish message on standard error and its own exit code, before the
database is touched. (Restoring for real into a fresh database: ``test_roundtrip.py``.)
"""

import pytest
from django.db import connection

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.backup import archive, database, manifest
from stegvis.backup.errors import EXIT_CORRUPT, EXIT_FAILED, EXIT_INCOMPATIBLE, EXIT_KEY, EXIT_NOT_EMPTY
from stegvis.backup.tests.helpers import run
from stegvis.participants.models import Person

KEY = "a passphrase for the tests, long enough"

# Outside a test transaction, as the command runs in production: SQLite's backup API cannot copy
# from a connection that holds a write transaction, and Stegvis begins every transaction as a
# writer (IMMEDIATE).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def key(monkeypatch):
    monkeypatch.delenv("STEGVIS_BACKUP_KEY_FILE", raising=False)

    def use(value):
        if value is None:
            monkeypatch.delenv("STEGVIS_BACKUP_KEY", raising=False)
        else:
            monkeypatch.setenv("STEGVIS_BACKUP_KEY", value)

    use(None)
    return use


@pytest.fixture
def backup(tmp_path, key):
    key(KEY)
    code, out, err = run("backup", str(tmp_path / "a.stegvis"))
    assert code == 0, err
    return tmp_path / "a.stegvis"


def test_backup_writes_an_encrypted_archive_that_checks_out_and_is_audited(backup):
    code, out, err = run("restore", "--check", str(backup))
    assert code == 0, err
    assert "Säkerhetskopian är hel" in out and "krypterad" in out
    entry = AuditEntry.objects.get(object_type="backup")
    assert entry.action == AuditAction.EXPORT and "a.stegvis" in entry.detail


def test_manifest_records_engine_versions_and_the_migration_state(backup, tmp_path):
    (tmp_path / "out").mkdir()
    contents = archive.extract(backup, tmp_path / "out", KEY)
    assert contents["format"] == "stegvis-backup"
    assert contents["database"]["engine"] == database.engine()
    assert contents["stegvis_version"] and contents["created_at"]
    assert "0001_initial" in contents["migrations"]["participants"]
    assert manifest.migration_differences(contents) == ([], [])
    assert set(contents["members"]) >= {contents["database"]["member"]}
    assert len(contents["members"][contents["database"]["member"]]["sha256"]) == 64


def test_backup_into_a_folder_gives_the_archive_a_dated_name(tmp_path, key):
    code, out, err = run("backup", str(tmp_path))
    assert code == 0, err
    [written] = tmp_path.glob("stegvis-*.stegvis")
    assert str(written) in out
    assert "okrypterad" in out and "STEGVIS_BACKUP_KEY är inte satt" in err


def test_backup_refuses_a_short_key_and_a_missing_folder(tmp_path, key):
    key("short")
    code, out, err = run("backup", str(tmp_path / "a.stegvis"))
    assert code == EXIT_FAILED and "för kort" in err
    assert not list(tmp_path.iterdir())
    key(KEY)
    code, out, err = run("backup", str(tmp_path / "saknas" / "a.stegvis"))
    assert code == EXIT_FAILED and "finns inte" in err


def test_restore_refuses_a_database_that_is_not_empty(backup, world):
    persons = Person.objects.count()
    code, out, err = run("restore", str(backup))
    assert code == EXIT_NOT_EMPTY
    assert "är inte tom" in err and "användarkonton" in err and "organisationer" in err and "--force" in err
    assert Person.objects.count() == persons and persons > 0


@pytest.mark.django_db  # in a test transaction: what the migrations filled in is still there
def test_a_migrated_database_without_anyones_work_counts_as_empty():
    """Migrations fill content types, permissions, default instruments and areas: still empty."""
    from django.contrib.auth import get_user_model

    from stegvis.progression.models import Instrument

    assert Instrument.objects.exists()
    assert database.filled_with() == []
    get_user_model().objects.create_user("it", password="x" * 16)
    assert database.filled_with() == ["användarkonton"]


def test_restore_refuses_damaged_cut_off_and_foreign_files(backup, tmp_path, key):
    key(KEY)
    data = backup.read_bytes()
    damaged = tmp_path / "damaged.stegvis"
    damaged.write_bytes(data[:100] + bytes([data[100] ^ 1]) + data[101:])
    cut = tmp_path / "cut.stegvis"
    cut.write_bytes(data[: len(data) // 2])
    other = tmp_path / "other.stegvis"
    other.write_text("hej")
    for path in (damaged, cut):
        code, out, err = run("restore", str(path))
        assert code == EXIT_CORRUPT
        assert "skadad eller ofullständig" in err and "Ingenting har återställts" in err
    code, out, err = run("restore", str(other))
    assert code == EXIT_CORRUPT and "inte en säkerhetskopia från Stegvis" in err
    code, out, err = run("restore", str(tmp_path / "saknas.stegvis"))
    assert code == EXIT_FAILED and "finns inte" in err


def test_restore_refuses_a_missing_or_wrong_key(backup, key):
    key(None)
    code, out, err = run("restore", str(backup))
    assert code == EXIT_KEY and "krypterad men ingen nyckel" in err
    key("not the key it was written with")
    code, out, err = run("restore", "--force", str(backup))
    assert code == EXIT_KEY and "Fel nyckel" in err


def _forged(path, contents):
    with archive.ArchiveWriter(path, None) as writer:
        writer.add_bytes(contents["database"]["member"], b"not used")
        writer.finish(contents)
    return path


def test_restore_refuses_another_engine_and_a_newer_stegvis(tmp_path, key):
    other = "postgresql" if database.engine() == "sqlite" else "sqlite"
    member = database.ENGINES[other].MEMBER
    contents = manifest.build(other, "1", member, [])
    code, out, err = run("restore", "--force", str(_forged(tmp_path / "other.stegvis", contents)))
    assert code == EXIT_INCOMPATIBLE and "Återställ till samma slags databas" in err

    ours = database.engine()
    newer = manifest.build(
        ours,
        "1",
        database.ENGINES[ours].MEMBER,
        [["participants", "0001_initial"], ["participants", "9999_future"]],
    )
    code, out, err = run("restore", "--force", str(_forged(tmp_path / "newer.stegvis", newer)))
    assert code == EXIT_INCOMPATIBLE and "nyare version" in err and "participants.9999_future" in err


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's locking")
@pytest.mark.django_db  # the test transaction is the writer that holds the lock
def test_a_database_kept_locked_stops_the_backup_with_a_message_instead_of_waiting_forever(
    world, tmp_path, key, monkeypatch
):
    """This test's own open write transaction holds the lock (SQLite answers the copy "locked")."""
    from stegvis.backup import sqlite

    monkeypatch.setattr(sqlite, "LOCK_TIMEOUT", 0.3)
    code, out, err = run("backup", str(tmp_path / "a.stegvis"))
    assert code == EXIT_FAILED and "låst" in err
    assert not list(tmp_path.iterdir())

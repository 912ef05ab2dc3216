"""The files beside the database: uploaded files under MEDIA_ROOT and the generated secret key."""

import pytest

from stegvis.backup import archive, files, restore
from stegvis.backup.errors import TargetNotEmpty
from stegvis.backup.tests.helpers import run

# Outside a test transaction, as the command runs in production: SQLite's backup API cannot copy
# from a connection that holds a write transaction, and Stegvis begins every transaction as a
# writer (IMMEDIATE).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    (tmp_path / "media" / "uppladdat").mkdir(parents=True)
    return tmp_path / "media"


def test_uploaded_files_go_into_the_archive(media, tmp_path, monkeypatch):
    monkeypatch.delenv("STEGVIS_BACKUP_KEY", raising=False)
    (media / "uppladdat" / "intyg.pdf").write_bytes(b"%PDF intyg")
    (media / "b.txt").write_text("b")
    code, out, err = run("backup", str(tmp_path / "a.stegvis"))
    assert code == 0, err
    (tmp_path / "out").mkdir()
    contents = archive.extract(tmp_path / "a.stegvis", tmp_path / "out", None)
    assert {"media/b.txt", "media/uppladdat/intyg.pdf"} <= set(contents["members"])
    assert (tmp_path / "out" / "media" / "uppladdat" / "intyg.pdf").read_bytes() == b"%PDF intyg"


def test_no_media_root_means_no_media(settings):
    settings.MEDIA_ROOT = ""
    assert list(files.media_files()) == []


def _staged(tmp_path, members):
    staging = tmp_path / "staging"
    for name, data in members.items():
        path = staging.joinpath(*name.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return staging


def test_uploaded_files_are_restored_into_an_empty_media_root_and_refused_over_a_full_one(media, tmp_path):
    contents = {"members": {"media/uppladdat/intyg.pdf": {}}, "secret_key": {}}
    staging = _staged(tmp_path, {"media/uppladdat/intyg.pdf": b"%PDF"})
    restore._refuse_unless_empty(contents)  # the folder exists but holds no files
    result = restore.Restored(manifest=contents, encrypted=False, checked_only=False)
    restore._restore_files(contents, staging, result)
    assert (media / "uppladdat" / "intyg.pdf").read_bytes() == b"%PDF"
    with pytest.raises(TargetNotEmpty, match="MEDIA_ROOT"):
        restore._refuse_unless_empty(contents)


def test_the_generated_secret_key_is_restored(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("STEGVIS_SECRET_KEY", raising=False)
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    (settings.VAR_DIR / "secret_key").write_text("the new server's own key")
    contents = {
        "members": {files.SECRET_KEY_MEMBER: {}},
        "secret_key": {"source": "file", "fingerprint": "x"},
    }
    staging = _staged(tmp_path, {files.SECRET_KEY_MEMBER: b"the archived key"})
    result = restore.Restored(manifest=contents, encrypted=False, checked_only=False)
    restore._restore_files(contents, staging, result)
    assert (settings.VAR_DIR / "secret_key").read_bytes() == b"the archived key"
    assert (settings.VAR_DIR / "secret_key").stat().st_mode & 0o777 == 0o600
    assert "secret_key" in result.notes[0]


def test_a_different_key_from_the_environment_is_warned_about(settings, tmp_path, monkeypatch):
    monkeypatch.setenv("STEGVIS_SECRET_KEY", settings.SECRET_KEY)
    contents = {"members": {}, "secret_key": {"source": "environment", "fingerprint": "0123456789abcdef"}}
    result = restore.Restored(manifest=contents, encrypted=False, checked_only=False)
    restore._restore_files(contents, _staged(tmp_path, {}), result)
    assert "STEGVIS_SECRET_KEY" in result.notes[0] and "pseudonymer" in result.notes[0]
    same = {
        "members": {},
        "secret_key": {"source": "environment", "fingerprint": files.secret_key_fingerprint()},
    }
    result = restore.Restored(manifest=same, encrypted=False, checked_only=False)
    restore._restore_files(same, _staged(tmp_path, {}), result)
    assert result.notes == []

"""The archive format on its own: round trip, and every way a file can be refused."""

import gzip
import hashlib
import io
import os
import tarfile

import pytest

from stegvis.backup import archive, crypto
from stegvis.backup.errors import CorruptArchive, Incompatible, KeyProblem

KEY = "a passphrase for the tests, long enough"
# A known person: their number and name must never be readable in an encrypted archive.
SECRET_ROW = b"Lindqvist, Lisa Maria;19900315-0209;199003150209;Storgatan 1, Kungsbacka\n"


def write(path, passphrase=None, members=None):
    members = members if members is not None else {"database.sqlite3": SECRET_ROW * 5000}
    with archive.ArchiveWriter(path, passphrase) as writer:
        for name, data in members.items():
            writer.add_bytes(name, data)
        writer.finish({"format": "stegvis-backup", "note": "test"})
    return path


def read(path, passphrase=None, into=None):
    archive.verify_checksum(path)
    into = into or path.parent / f"out-{os.urandom(4).hex()}"
    into.mkdir()
    return archive.extract(path, into, passphrase), into


@pytest.mark.parametrize("passphrase", [None, KEY], ids=["plain", "encrypted"])
@pytest.mark.parametrize(
    "size",
    [0, 1, crypto.CHUNK_SIZE, crypto.CHUNK_SIZE * 3, crypto.CHUNK_SIZE * 3 + 17],
    ids=["empty", "one byte", "one chunk", "three chunks", "three chunks and a bit"],
)
def test_round_trip_keeps_every_member_and_lists_them_in_the_manifest(tmp_path, passphrase, size):
    data = os.urandom(size)  # random, so gzip cannot shrink it and the chunk edges are really crossed
    members = {"database.sqlite3": data, "files/secret_key": b"k" * 50, "media/a/b.txt": b"x"}
    path = write(tmp_path / "a.stegvis", passphrase, members)
    manifest, folder = read(path, passphrase)
    assert manifest["note"] == "test"
    assert manifest["members"]["database.sqlite3"] == {
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": size,
    }
    for name, content in members.items():
        assert folder.joinpath(*name.split("/")).read_bytes() == content


def test_written_atomically_with_mode_0600_and_nothing_left_when_it_fails(tmp_path):
    path = write(tmp_path / "a.stegvis", KEY)
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["a.stegvis"]
    old = path.read_bytes()
    with pytest.raises(RuntimeError):
        with archive.ArchiveWriter(path, KEY) as writer:
            writer.add_bytes("database.sqlite3", b"new")
            raise RuntimeError("disk full")
    assert path.read_bytes() == old  # the earlier archive of the same name is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["a.stegvis"]


def test_encryption_hides_the_plaintext(tmp_path):
    plain = write(tmp_path / "plain.stegvis").read_bytes()
    sealed = write(tmp_path / "sealed.stegvis", KEY).read_bytes()
    # The control: the same content unencrypted shows the person once the compression is undone.
    body = gzip.decompress(plain[len(archive.MAGIC) + 2 : -archive.CHECKSUM_SIZE])
    for secret in (b"199003150209", b"19900315-0209", b"Lindqvist", b"Storgatan"):
        assert secret in body
        assert secret not in sealed
    header = len(archive.MAGIC) + 2 + crypto.KeyParameters.SIZE
    with pytest.raises((OSError, EOFError)):
        gzip.decompress(sealed[header : -archive.CHECKSUM_SIZE])
    assert b"manifest.json" in body and b"manifest.json" not in sealed


def test_two_archives_of_the_same_content_share_no_ciphertext(tmp_path):
    first = write(tmp_path / "1.stegvis", KEY).read_bytes()
    second = write(tmp_path / "2.stegvis", KEY).read_bytes()
    assert first[100:164] != second[100:164]  # fresh salt and nonce prefix each time


@pytest.mark.parametrize("passphrase", [None, KEY], ids=["plain", "encrypted"])
@pytest.mark.parametrize("where", [0.1, 0.5, 0.99])
def test_a_changed_byte_is_reported_as_damage(tmp_path, passphrase, where):
    path = write(tmp_path / "a.stegvis", passphrase)
    data = bytearray(path.read_bytes())
    data[int(len(data) * where)] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptArchive, match="skadad eller ofullständig"):
        read(path, passphrase)


@pytest.mark.parametrize("passphrase", [None, KEY], ids=["plain", "encrypted"])
@pytest.mark.parametrize("keep", [0.5, -1, -40, 20, 5])
def test_a_cut_off_file_is_reported_as_damage(tmp_path, passphrase, keep):
    path = write(tmp_path / "a.stegvis", passphrase)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)] if isinstance(keep, float) else data[:keep])
    with pytest.raises(CorruptArchive, match="skadad eller ofullständig"):
        read(path, passphrase)


def test_damage_is_told_apart_from_a_wrong_key_even_in_the_key_check(tmp_path):
    path = write(tmp_path / "a.stegvis", KEY)
    data = bytearray(path.read_bytes())
    data[len(archive.MAGIC) + 2 + crypto.KeyParameters.SIZE - 1] ^= 0x01  # inside the stored key check
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptArchive):
        read(path, KEY)


def _recompute_checksum(data):
    return data[: -archive.CHECKSUM_SIZE] + hashlib.sha256(data[: -archive.CHECKSUM_SIZE]).digest()


def test_an_encrypted_archive_changed_with_a_new_checksum_fails_authentication(tmp_path):
    path = write(tmp_path / "a.stegvis", KEY)
    data = bytearray(path.read_bytes())
    data[-archive.CHECKSUM_SIZE - 100] ^= 0x01
    path.write_bytes(_recompute_checksum(bytes(data)))
    with pytest.raises(CorruptArchive, match="ändrats"):
        read(path, KEY)


def test_a_member_that_does_not_match_the_manifest_is_refused(tmp_path):
    """A plain archive rebuilt by hand (new checksum) with a changed member: the manifest catches it."""
    path = write(tmp_path / "a.stegvis", members={"database.sqlite3": b"original"})
    manifest, _folder = read(path)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for name, content in (
            ("database.sqlite3", b"changed!"),
            ("manifest.json", __import__("json").dumps(manifest).encode()),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    forged = archive.MAGIC + bytes([1, 0]) + gzip.compress(buffer.getvalue())
    path.write_bytes(forged + hashlib.sha256(forged).digest())
    archive.verify_checksum(path)
    with pytest.raises(CorruptArchive, match="database.sqlite3"):
        read(path)


def test_wrong_key_and_missing_key_are_refused_with_their_own_messages(tmp_path):
    path = write(tmp_path / "a.stegvis", KEY)
    with pytest.raises(KeyProblem, match="Fel nyckel"):
        read(path, "another passphrase of some length")
    with pytest.raises(KeyProblem, match="ingen nyckel är angiven.*STEGVIS_BACKUP_KEY"):
        read(path, None)


def test_a_key_given_for_a_plain_archive_is_not_needed(tmp_path):
    path = write(tmp_path / "a.stegvis")
    manifest, _folder = read(path, KEY)
    assert "database.sqlite3" in manifest["members"]


def test_other_files_and_other_versions_are_refused(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_bytes(b"just some text, not an archive at all" * 10)
    with pytest.raises(CorruptArchive, match="inte en säkerhetskopia från Stegvis"):
        archive.verify_checksum(other)
    newer = write(tmp_path / "a.stegvis")
    data = bytearray(newer.read_bytes())
    data[len(archive.MAGIC)] = 9
    newer.write_bytes(_recompute_checksum(bytes(data)))
    with pytest.raises(Incompatible, match="formatversion 9"):
        archive.verify_checksum(newer)


def test_member_names_cannot_escape_the_folder(tmp_path):
    path = write(tmp_path / "a.stegvis", members={"../outside": b"x"})
    with pytest.raises(CorruptArchive, match="otillåtet filnamn"):
        read(path)
    assert not (tmp_path / "outside").exists()


def test_the_key_from_a_file_and_the_refusals_of_key_settings(tmp_path, monkeypatch):
    monkeypatch.delenv(crypto.KEY_VARIABLE, raising=False)
    monkeypatch.delenv(crypto.KEY_FILE_VARIABLE, raising=False)
    assert crypto.passphrase_from_environment() is None
    key_file = tmp_path / "key"
    key_file.write_text(KEY + "\n")
    monkeypatch.setenv(crypto.KEY_FILE_VARIABLE, str(key_file))
    assert crypto.passphrase_from_environment() == KEY
    monkeypatch.setenv(crypto.KEY_VARIABLE, KEY)
    with pytest.raises(Exception, match="inte i båda"):
        crypto.passphrase_from_environment()
    monkeypatch.delenv(crypto.KEY_VARIABLE)
    monkeypatch.setenv(crypto.KEY_FILE_VARIABLE, str(tmp_path / "missing"))
    with pytest.raises(Exception, match="går inte att läsa"):
        crypto.passphrase_from_environment()

"""The archive file: the database dump, the stored files and a manifest in one file with a checksum.

Layout (format version 1)::

    "STEGVIS-BACKUP\\n" | version (1 byte) | mode (1 byte: 0 plain, 1 encrypted)
    | key parameters (encrypted archives only, see crypto.KeyParameters)
    | body
    | SHA-256 of every byte before it (32 bytes)

The body is a gzip-compressed tar stream, sealed chunk by chunk (:mod:`stegvis.backup.crypto`)
when the archive is encrypted. The tar holds the members in the order they were added and
``manifest.json`` last, because the manifest lists every member's SHA-256, known only once the
member is written. Both ends stream: memory stays bounded whatever the size of the database.

Reading checks the whole file's checksum before anything else, so a damaged or cut-off file is
reported as such (not as a wrong key), then the key, then every member against the manifest.
Nothing is handed to the database until all of that holds.

The archive is written to a temporary file beside the target, made readable by its owner only
(0600), synced to disk and renamed into place: a crash or a full disk never leaves a half
archive under the real name, and an older archive of the same name stays until the new one is
complete.
"""

import gzip
import hashlib
import hmac
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from django.utils.translation import gettext as _

from stegvis.backup import crypto
from stegvis.backup.errors import BackupError, CorruptArchive, Incompatible, KeyProblem, corrupt

MAGIC = b"STEGVIS-BACKUP\n"
FORMAT_VERSION = 1
PLAIN = 0
ENCRYPTED = 1
CHECKSUM_SIZE = 32
MANIFEST = "manifest.json"
_MANIFEST_LIMIT = 16 * 1024 * 1024
_COPY_BUFFER = 1024 * 1024

#: Called with a number of bytes as work proceeds (a progress bar's ``update``).
Progress = Callable[[int], object] | None


class _HashingSink:
    """Writes through to a file and keeps the SHA-256 of everything written."""

    def __init__(self, file: BinaryIO) -> None:
        self.file = file
        self.sha256 = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha256.update(data)
        self.file.write(data)
        return len(data)

    def flush(self) -> None:
        self.file.flush()


class _HashingReader:
    """Reads from a file, keeping the SHA-256 and size of what was read and reporting progress."""

    def __init__(self, file: crypto.Readable, progress: Progress = None) -> None:
        self.file = file
        self.sha256 = hashlib.sha256()
        self.size = 0
        self.progress = progress

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.sha256.update(data)
        self.size += len(data)
        if self.progress and data:
            self.progress(len(data))
        return data


class _Region:
    """The ``length`` bytes of a file from its current position: the body between header and checksum."""

    def __init__(self, file: BinaryIO, length: int, progress: Progress = None) -> None:
        self.file = file
        self.remaining = length
        self.progress = progress

    def read(self, size: int = -1) -> bytes:
        if size < 0 or size > self.remaining:
            size = self.remaining
        data = self.file.read(size)
        self.remaining -= len(data)
        if self.progress and data:
            self.progress(len(data))
        return data


class _ChunkStream:
    """A readable stream over an iterator of byte strings (the decrypted chunks)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self.chunks = chunks
        self.buffer = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.buffer) < size:
            chunk = next(self.chunks, None)
            if chunk is None:
                break
            self.buffer += chunk
        if size < 0:
            size = len(self.buffer)
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data


def _member_info(name: str, size: int, mtime: float = 0) -> tarfile.TarInfo:
    """A tar entry that says nothing about this machine (no owner names or ids)."""
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(mtime)
    return info


class ArchiveWriter:
    """Writes one archive; use as a context manager, add members, then :meth:`finish` with the manifest."""

    def __init__(self, path: Path, passphrase: str | None, progress: Progress = None) -> None:
        self.path = Path(path)
        self.passphrase = passphrase
        self.progress = progress
        self.members: dict[str, dict[str, Any]] = {}
        self.checksum = ""

    def __enter__(self) -> "ArchiveWriter":
        fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        self._temporary = Path(temporary)
        os.fchmod(fd, 0o600)
        self._file = os.fdopen(fd, "wb")
        self._sink = _HashingSink(self._file)
        header = MAGIC + bytes([FORMAT_VERSION, ENCRYPTED if self.passphrase else PLAIN])
        self._encrypter = None
        body: Any = self._sink
        if self.passphrase:
            params, key = crypto.new_key(self.passphrase)
            header += params.to_bytes()
            self._encrypter = crypto.EncryptingWriter(self._sink, key, params, header)
            body = self._encrypter
        self._sink.write(header)
        self._gzip = gzip.GzipFile(filename="", mode="wb", fileobj=body, compresslevel=6, mtime=0)
        self._tar = tarfile.open(fileobj=self._gzip, mode="w|", format=tarfile.PAX_FORMAT)
        return self

    def __exit__(self, exc_type: object, exc: object, traceback: object) -> None:
        if not self._file.closed:
            self._file.close()
        if self._temporary.exists():
            self._temporary.unlink()

    def add_file(self, name: str, path: Path) -> None:
        """Add a file from disk, hashing it as it is read (it is read once)."""
        with open(path, "rb") as source:
            status = os.fstat(source.fileno())
            reader = _HashingReader(source, self.progress)
            self._tar.addfile(_member_info(name, status.st_size, status.st_mtime), reader)
        self.members[name] = {"sha256": reader.sha256.hexdigest(), "size": reader.size}

    def add_bytes(self, name: str, data: bytes) -> None:
        self._tar.addfile(_member_info(name, len(data)), _HashingReader(io.BytesIO(data)))
        self.members[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    def finish(self, manifest: dict[str, Any]) -> None:
        """Write the manifest (with the members' checksums) and the trailer, then rename into place."""
        manifest = {**manifest, "members": self.members}
        data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")
        self._tar.addfile(_member_info(MANIFEST, len(data)), io.BytesIO(data))
        self._tar.close()
        self._gzip.close()
        if self._encrypter is not None:
            self._encrypter.finish()
        digest = self._sink.sha256.digest()
        self._file.write(digest)
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        os.replace(self._temporary, self.path)
        _sync_directory(self.path.parent)
        self.checksum = digest.hex()


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (the directory entry), where the platform allows it."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Header:
    encrypted: bool
    params: crypto.KeyParameters | None
    raw: bytes


def _read_header(file: BinaryIO, size: int) -> Header:
    start = file.read(len(MAGIC) + 2)
    if not start.startswith(MAGIC[: len(start)]) or not start:
        raise CorruptArchive(_("Filen är inte en säkerhetskopia från Stegvis. Ingenting har återställts."))
    if len(start) < len(MAGIC) + 2:
        raise corrupt(_("filen tar slut redan i början"))
    version, mode = start[len(MAGIC)], start[len(MAGIC) + 1]
    if version != FORMAT_VERSION:
        raise Incompatible(
            _(
                "Säkerhetskopian har formatversion %(version)s, som den här versionen av Stegvis inte kan "
                "läsa (den läser version %(known)s). Återställ med den Stegvis-version som skrev den."
            )
            % {"version": version, "known": FORMAT_VERSION}
        )
    if mode not in (PLAIN, ENCRYPTED):
        raise corrupt(_("okänt läge i filhuvudet"))
    raw = start
    params = None
    if mode == ENCRYPTED:
        extra = file.read(crypto.KeyParameters.SIZE)
        if len(extra) != crypto.KeyParameters.SIZE:
            raise corrupt(_("filen tar slut redan i filhuvudet"))
        params = crypto.KeyParameters.from_bytes(extra)
        raw += extra
    if size < len(raw) + CHECKSUM_SIZE:
        raise corrupt(_("filen tar slut före kontrollsumman"))
    return Header(encrypted=mode == ENCRYPTED, params=params, raw=raw)


def _open(path: Path) -> BinaryIO:
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise BackupError(_("Filen '%(path)s' finns inte.") % {"path": path}) from None
    except OSError as exc:
        raise BackupError(
            _("Filen '%(path)s' går inte att läsa: %(error)s") % {"path": path, "error": exc.strerror or exc}
        ) from None


def verify_checksum(path: Path, progress: Progress = None) -> Header:
    """Read the header and check the whole file against its closing SHA-256."""
    with _open(path) as file:
        size = os.fstat(file.fileno()).st_size
        header = _read_header(file, size)
        file.seek(0)
        sha256 = hashlib.sha256()
        region = _Region(file, size - CHECKSUM_SIZE, progress)
        while data := region.read(_COPY_BUFFER):
            sha256.update(data)
        if not hmac.compare_digest(sha256.digest(), file.read(CHECKSUM_SIZE)):
            raise corrupt(_("kontrollsumman stämmer inte: filen har ändrats eller är avkortad"))
    return header


def _key_for(header: Header, passphrase: str | None) -> bytes | None:
    if not header.encrypted:
        return None
    assert header.params is not None
    if not passphrase:
        raise KeyProblem(
            _(
                "Säkerhetskopian är krypterad men ingen nyckel är angiven. Sätt %(variable)s (eller "
                "%(file_variable)s) till nyckeln den skrevs med. Ingenting har återställts."
            )
            % {"variable": crypto.KEY_VARIABLE, "file_variable": crypto.KEY_FILE_VARIABLE}
        )
    return crypto.open_key(passphrase, header.params)


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if not name or path.is_absolute() or any(part in ("", ".", "..") for part in path.parts):
        raise corrupt(_("otillåtet filnamn i arkivet: %(name)s") % {"name": name})
    return path


def extract(path: Path, into: Path, passphrase: str | None, progress: Progress = None) -> dict[str, Any]:
    """Check the archive and unpack its members into the folder ``into``; returns the manifest.

    Raises :class:`CorruptArchive`, :class:`KeyProblem` or :class:`Incompatible` with a message
    for the operator. Call :func:`verify_checksum` first: this function trusts the file is whole.
    """
    with _open(path) as file:
        size = os.fstat(file.fileno()).st_size
        header = _read_header(file, size)
        key = _key_for(header, passphrase)
        body = _Region(file, size - len(header.raw) - CHECKSUM_SIZE, progress)
        stream: Any = body
        if key is not None:
            assert header.params is not None
            stream = _ChunkStream(
                crypto.decrypted_chunks(body, body.remaining, key, header.params, header.raw)
            )
        try:
            found, manifest = _unpack(stream, into)
        except (OSError, EOFError, zlib.error, tarfile.TarError, ValueError) as exc:
            if isinstance(exc, OSError) and not isinstance(exc, gzip.BadGzipFile) and exc.errno:
                raise BackupError(
                    _("Kunde inte packa upp säkerhetskopian: %(error)s") % {"error": exc.strerror or exc}
                ) from None
            raise corrupt(_("innehållet går inte att packa upp")) from None
    _check_members(manifest, found)
    return manifest


def _unpack(stream: Any, into: Path) -> tuple[dict[str, str], dict[str, Any]]:
    found: dict[str, str] = {}
    manifest_data = None
    with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
        with tarfile.open(fileobj=unzipped, mode="r|") as tar:
            for member in tar:
                name = _safe_name(member.name)
                if not member.isfile():
                    raise corrupt(_("oväntad post i arkivet: %(name)s") % {"name": member.name})
                source = tar.extractfile(member)
                if source is None:
                    raise corrupt(_("oväntad post i arkivet: %(name)s") % {"name": member.name})
                if member.name == MANIFEST:
                    manifest_data = source.read(_MANIFEST_LIMIT)
                    continue
                target = into.joinpath(*name.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                reader = _HashingReader(source)
                with open(target, "xb") as out:
                    shutil.copyfileobj(reader, out, _COPY_BUFFER)
                found[member.name] = reader.sha256.hexdigest()
    if manifest_data is None:
        raise corrupt(_("innehållsförteckningen saknas"))
    try:
        manifest = json.loads(manifest_data)
    except ValueError:
        raise corrupt(_("innehållsförteckningen går inte att läsa")) from None
    if not isinstance(manifest, dict):
        raise corrupt(_("innehållsförteckningen går inte att läsa"))
    return found, manifest


def _check_members(manifest: dict[str, Any], found: dict[str, str]) -> None:
    listed = manifest.get("members")
    if not isinstance(listed, dict) or set(listed) != set(found):
        raise corrupt(_("arkivets filer stämmer inte med innehållsförteckningen"))
    for name, digest in found.items():
        entry = listed[name]
        if not isinstance(entry, dict) or entry.get("sha256") != digest:
            raise corrupt(_("kontrollsumman för %(name)s stämmer inte") % {"name": name})

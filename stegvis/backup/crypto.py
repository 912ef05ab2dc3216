"""Encryption of archives: AES-256-GCM over 64 KiB chunks, the key derived by scrypt from a passphrase.

Why this shape:

- **One passphrase an operator can keep** (``STEGVIS_BACKUP_KEY``, or a file named by
  ``STEGVIS_BACKUP_KEY_FILE``), stretched by scrypt with a fresh random salt per archive, so a
  stolen archive cannot be tried against a list of guesses cheaply and no two archives share a key.
  HKDF splits the scrypt output into the payload key and a key-check value stored in the header:
  a wrong key is then told apart from a damaged file before anything is decrypted.
- **Bounded memory for archives of any size**: the payload is cut into 64 KiB chunks, each
  sealed with AES-GCM under the nonce ``prefix || counter || last`` (the STREAM construction that
  age and Tink use). Chunks cannot be reordered, dropped or cut off at the end without the
  authentication failing, and the header travels as associated data in every chunk.
- **The primitives come from ``cryptography``** (the Python Cryptographic Authority's library,
  pinned in requirements/base.txt); nothing here implements a cipher. ``cryptography`` was chosen
  over pyrage/age because its AES-GCM can be fed chunk by chunk from Python, while pyrage's
  passphrase mode encrypts whole byte strings in memory.
"""

import hmac
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.utils.translation import gettext as _

from stegvis.backup.errors import BackupError, KeyProblem, corrupt

KEY_VARIABLE = "STEGVIS_BACKUP_KEY"
KEY_FILE_VARIABLE = "STEGVIS_BACKUP_KEY_FILE"
#: Shorter passphrases are refused when writing: the archive holds every participant's data.
MIN_PASSPHRASE_LENGTH = 16

CHUNK_SIZE = 64 * 1024
TAG_SIZE = 16
SEALED_CHUNK_SIZE = CHUNK_SIZE + TAG_SIZE
SALT_SIZE = 16
NONCE_PREFIX_SIZE = 7
KEY_CHECK_SIZE = 32
# scrypt cost: 2**15 * 8 * 128 bytes = 32 MiB and about a tenth of a second per archive.
SCRYPT_LOG2_N = 15
SCRYPT_R = 8
SCRYPT_P = 1
_MAX_CHUNKS = 2**32


class Writable(Protocol):
    def write(self, data: bytes, /) -> int: ...


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


_PARAMS = struct.Struct(f">{SALT_SIZE}sBBB{NONCE_PREFIX_SIZE}s{KEY_CHECK_SIZE}s")


@dataclass(frozen=True)
class KeyParameters:
    """What the header stores so the same passphrase gives the same key again."""

    salt: bytes
    log2_n: int
    r: int
    p: int
    nonce_prefix: bytes
    key_check: bytes

    SIZE = _PARAMS.size

    def to_bytes(self) -> bytes:
        return _PARAMS.pack(self.salt, self.log2_n, self.r, self.p, self.nonce_prefix, self.key_check)

    @classmethod
    def from_bytes(cls, data: bytes) -> "KeyParameters":
        return cls(*_PARAMS.unpack(data))


def _derive(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    """The payload key and the key-check value for a passphrase and salt."""
    master = Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p).derive(passphrase.encode("utf-8"))

    def expand(purpose: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)

    return expand(b"stegvis-backup/1 payload"), expand(b"stegvis-backup/1 key check")


def new_key(passphrase: str) -> tuple[KeyParameters, bytes]:
    """Fresh parameters (random salt and nonce prefix) and the payload key, for a new archive."""
    salt = os.urandom(SALT_SIZE)
    key, check = _derive(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P)
    params = KeyParameters(salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, os.urandom(NONCE_PREFIX_SIZE), check)
    return params, key


def open_key(passphrase: str, params: KeyParameters) -> bytes:
    """The payload key of an archive, or :class:`KeyProblem` when the passphrase is not its key."""
    if not (10 <= params.log2_n <= 22 and 1 <= params.r <= 32 and 1 <= params.p <= 16):
        raise KeyProblem(_("Säkerhetskopians nyckelparametrar är orimliga: filen är skadad."))
    key, check = _derive(passphrase, params.salt, params.log2_n, params.r, params.p)
    if not hmac.compare_digest(check, params.key_check):
        raise KeyProblem(
            _(
                "Fel nyckel: säkerhetskopian är krypterad med en annan nyckel än den i %(variable)s. "
                "Ingenting har återställts."
            )
            % {"variable": KEY_VARIABLE}
        )
    return key


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    if counter >= _MAX_CHUNKS:
        raise BackupError(_("Säkerhetskopian är för stor för att krypteras."))
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A write-only stream that seals what it is given chunk by chunk into ``sink``.

    A full chunk is sealed only once more data follows it, so the chunk sealed by :meth:`finish`
    is always the last one and carries the "last" flag (it may be empty).
    """

    def __init__(self, sink: Writable, key: bytes, params: KeyParameters, header: bytes) -> None:
        self._sink = sink
        self._aead = AESGCM(key)
        self._prefix = params.nonce_prefix
        self._header = header
        self._buffer = bytearray()
        self._counter = 0

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK_SIZE:
            self._seal(bytes(self._buffer[:CHUNK_SIZE]), last=False)
            del self._buffer[:CHUNK_SIZE]
        return len(data)

    def flush(self) -> None:
        """Nothing to do: a partial chunk waits for more data or for :meth:`finish`."""

    def finish(self) -> None:
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _seal(self, chunk: bytes, *, last: bool) -> None:
        nonce = _nonce(self._prefix, self._counter, last)
        self._sink.write(self._aead.encrypt(nonce, chunk, self._header))
        self._counter += 1


def decrypted_chunks(
    source: Readable, length: int, key: bytes, params: KeyParameters, header: bytes
) -> Iterator[bytes]:
    """The plaintext of ``length`` sealed bytes read from ``source``, chunk by chunk."""
    aead = AESGCM(key)
    remaining = length
    counter = 0
    while True:
        last = remaining <= SEALED_CHUNK_SIZE
        size = remaining if last else SEALED_CHUNK_SIZE
        sealed = source.read(size)
        if len(sealed) != size or size < TAG_SIZE:
            raise corrupt(_("den tar slut mitt i ett krypterat block"))
        try:
            yield aead.decrypt(_nonce(params.nonce_prefix, counter, last), sealed, header)
        except InvalidTag:
            raise corrupt(_("ett krypterat block har ändrats efter att det skrevs")) from None
        remaining -= size
        counter += 1
        if last:
            return


def passphrase_from_environment() -> str | None:
    """The backup key from ``STEGVIS_BACKUP_KEY`` or the file ``STEGVIS_BACKUP_KEY_FILE`` names.

    The file form suits systemd credentials (``LoadCredential=``), which keep the key out of the
    environment of every other process. A trailing line break in the file is not part of the key.
    """
    value = os.environ.get(KEY_VARIABLE)
    file_name = os.environ.get(KEY_FILE_VARIABLE)
    if value and file_name:
        raise BackupError(
            _("Ange nyckeln antingen i %(variable)s eller i %(file_variable)s, inte i båda.")
            % {"variable": KEY_VARIABLE, "file_variable": KEY_FILE_VARIABLE}
        )
    if file_name:
        try:
            value = Path(file_name).read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as exc:
            raise BackupError(
                _("Nyckelfilen '%(path)s' (%(file_variable)s) går inte att läsa: %(error)s")
                % {"path": file_name, "file_variable": KEY_FILE_VARIABLE, "error": exc.strerror or exc}
            ) from None
        if not value:
            raise BackupError(
                _("Nyckelfilen '%(path)s' (%(file_variable)s) är tom.")
                % {"path": file_name, "file_variable": KEY_FILE_VARIABLE}
            )
    return value or None

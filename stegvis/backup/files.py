"""The files on disk that belong in a backup, beside the database.

- **The generated secret key** (``VAR_DIR/secret_key``), when ``STEGVIS_SECRET_KEY`` is not set:
  the pseudonyms of the SUS participant list, signed-in sessions and password-reset links are
  derived from it, so a restore without it would change every pseudonym. When the key comes from
  the environment it is not written into the archive; the manifest keeps a fingerprint (an HMAC
  that does not reveal the key) so a restore can warn when the new server's key differs.
- **Uploaded files** under ``MEDIA_ROOT`` (Django's ``FileSystemStorage``), when ``MEDIA_ROOT`` is
  configured and holds files. Stegvis keeps no uploads today (imports are read and discarded),
  so this is empty unless an installation adds file fields.

Not backed up, on purpose: ``VAR_DIR/static`` (``collectstatic`` writes it again from the code),
``VAR_DIR/outbox`` (the development SMS log: a copy of messages already sent, not state) and the
SQLite database file itself (taken through the backup API, never copied as a file).
"""

import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.crypto import salted_hmac

SECRET_KEY_MEMBER = "files/secret_key"
MEDIA_PREFIX = "media/"
_FINGERPRINT_SALT = "stegvis.backup.secret-key-fingerprint"


def secret_key_file() -> Path | None:
    """The generated key file, when the key is not given in the environment."""
    if os.environ.get("STEGVIS_SECRET_KEY"):
        return None
    path = Path(settings.VAR_DIR) / "secret_key"
    return path if path.is_file() else None


def secret_key_fingerprint() -> str:
    """A short HMAC made with the running SECRET_KEY: equal fingerprints mean equal keys."""
    return salted_hmac(_FINGERPRINT_SALT, "fingerprint", algorithm="sha256").hexdigest()[:16]


def media_root() -> Path | None:
    root = getattr(settings, "MEDIA_ROOT", "")
    if not root:
        return None
    path = Path(root)
    return path if path.is_dir() else None


def media_files() -> Iterator[tuple[str, Path]]:
    """``(member name, path)`` of every regular file under MEDIA_ROOT, in a stable order."""
    root = media_root()
    if root is None:
        return
    for folder, directories, names in os.walk(root):
        directories.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield MEDIA_PREFIX + PurePosixPath(*path.relative_to(root).parts).as_posix(), path


def has_media() -> bool:
    return next(media_files(), None) is not None


def write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, beside and renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    with open(partial, "wb") as file:
        os.fchmod(file.fileno(), 0o600)
        file.write(data)
    os.replace(partial, path)

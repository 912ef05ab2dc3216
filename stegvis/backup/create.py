"""Writing a backup: a consistent dump of the database plus the stored files, into one archive.

The dump is taken first into a private temporary folder (``TMPDIR``), then streamed with the
files into the archive; the temporary copy is removed whatever happens. The backup is recorded
in the audit log as an export of everything, because the archive holds every participant; when
that entry cannot be written, the archive is removed again.
"""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record
from stegvis.backup import crypto, database, files, manifest
from stegvis.backup.archive import ArchiveWriter
from stegvis.backup.errors import BackupError
from stegvis.backup.progress import byte_bar

SUFFIX = ".stegvis"


@dataclass(frozen=True)
class Written:
    path: Path
    size: int
    checksum: str
    encrypted: bool
    engine: str
    members: int


def target_path(given: str) -> Path:
    """The archive's path: ``given``, or a dated name inside it when ``given`` is a folder."""
    path = Path(given)
    if path.is_dir():
        return path / f"stegvis-{timezone.localtime():%Y%m%d-%H%M%S}{SUFFIX}"
    if not path.parent.is_dir():
        raise BackupError(_("Mappen '%(folder)s' finns inte.") % {"folder": path.parent})
    return path


def _passphrase() -> str | None:
    passphrase = crypto.passphrase_from_environment()
    if passphrase is not None and len(passphrase) < crypto.MIN_PASSPHRASE_LENGTH:
        raise BackupError(
            _(
                "Nyckeln i %(variable)s är för kort: minst %(length)s tecken krävs (till exempel "
                "utskriften av 'openssl rand -base64 32')."
            )
            % {"variable": crypto.KEY_VARIABLE, "length": crypto.MIN_PASSPHRASE_LENGTH}
        )
    return passphrase


def create_backup(given: str, *, progress: bool = False) -> Written:
    engine = database.engine()
    module = database.ENGINES[engine]
    passphrase = _passphrase()
    path = target_path(given)
    with tempfile.TemporaryDirectory(prefix="stegvis-backup-") as staging:
        dump = Path(staging) / module.MEMBER
        migrations = module.snapshot(dump)
        contents = manifest.build(engine, module.server_version(), module.MEMBER, migrations)
        key_file = files.secret_key_file()
        contents["secret_key"] = {
            "source": "file" if key_file else "environment",
            "fingerprint": files.secret_key_fingerprint(),
        }
        media = list(files.media_files())
        to_add = [(module.MEMBER, dump)] + ([(files.SECRET_KEY_MEMBER, key_file)] if key_file else []) + media
        total = sum(os.path.getsize(source) for _name, source in to_add)
        try:
            with byte_bar(_("Säkerhetskopierar"), total, progress) as update:
                with ArchiveWriter(path, passphrase, update) as writer:
                    for name, source in to_add:
                        writer.add_file(name, source)
                    writer.finish(contents)
        except OSError as exc:
            raise BackupError(
                _("Kunde inte skriva säkerhetskopian '%(path)s': %(error)s")
                % {"path": path, "error": exc.strerror or exc}
            ) from None
    written = Written(
        path=path,
        size=path.stat().st_size,
        checksum=writer.checksum,
        encrypted=passphrase is not None,
        engine=engine,
        members=len(to_add),
    )
    _audit(written)
    return written


def _audit(written: Written) -> None:
    """Record the backup as an export of everything; no archive is left without its log entry."""
    if not database.has_audit_log():
        return
    try:
        record(
            None,
            AuditAction.EXPORT,
            object_type="backup",
            detail=f"stegvis backup: {written.path.name}, {written.size} byte, sha256 {written.checksum}",
        )
    except DatabaseError as exc:
        written.path.unlink(missing_ok=True)
        raise BackupError(
            _(
                "Säkerhetskopian kunde inte föras in i granskningsloggen (%(error)s) och har därför tagits "
                "bort. Försök igen."
            )
            % {"error": exc}
        ) from None

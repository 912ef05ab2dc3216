"""``stegvis backup FILE``: a consistent, checksummed (and with a key, encrypted) archive of Stegvis."""

from django.utils.translation import gettext as _

from stegvis.backup.command import ArchiveCommand
from stegvis.backup.create import create_backup
from stegvis.backup.database import ENGINE_NAMES


class Command(ArchiveCommand):
    help = (
        "Write one archive file holding the database (SQLite: online backup API; PostgreSQL: pg_dump "
        "custom format) and the stored files (the generated secret key, MEDIA_ROOT), with a manifest "
        "and a SHA-256 checksum, while the server keeps running. Encrypted (AES-256-GCM, key by scrypt) "
        "when STEGVIS_BACKUP_KEY or STEGVIS_BACKUP_KEY_FILE is set. FILE may be a folder: the archive is "
        "then named stegvis-YYYYMMDD-HHMMSS.stegvis inside it. Written to a temporary file and renamed, "
        "mode 0600. Exit code 0 on success, 1 on failure, 6 for a database other than SQLite or PostgreSQL. See docs/backup.md."
    )

    file_help = "the archive to write, or a folder to write it into"

    def run(self, file, *, progress, **options):
        written = create_backup(file, progress=progress)
        self.stdout.write(
            _("Säkerhetskopian är skriven: %(path)s (%(size)s byte, %(engine)s, %(state)s).")
            % {
                "path": written.path,
                "size": written.size,
                "engine": ENGINE_NAMES[written.engine],
                "state": _("krypterad") if written.encrypted else _("okrypterad"),
            }
        )
        self.stdout.write(_("Kontrollsumma (SHA-256): %(checksum)s") % {"checksum": written.checksum})
        if not written.encrypted:
            self.stderr.write(
                _(
                    "Obs: STEGVIS_BACKUP_KEY är inte satt, så säkerhetskopian är okrypterad och innehåller "
                    "personuppgifter. Förvara den som en databas med personuppgifter."
                )
            )

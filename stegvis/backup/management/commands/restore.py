"""``stegvis restore FILE``: put an archive written by ``stegvis backup`` back into an empty database."""

from django.utils.translation import gettext as _

from stegvis.backup.command import ArchiveCommand
from stegvis.backup.database import ENGINE_NAMES
from stegvis.backup.restore import restore_backup


class Command(ArchiveCommand):
    help = (
        "Restore an archive written by 'stegvis backup' into the configured database (DATABASE_URL), "
        "which must be of the same kind (SQLite or PostgreSQL) and empty: no user accounts, "
        "organisations, persons or audit entries (a database that was only migrated is empty). The "
        "database becomes exactly the archived one (no migrations are run). The whole archive is checked "
        "(checksum, key, every member) before anything is changed. An encrypted archive needs its key in "
        "STEGVIS_BACKUP_KEY or STEGVIS_BACKUP_KEY_FILE. Stop the server and the worker first. Exit codes: "
        "0 restored, 1 failed, 3 damaged archive, 4 key missing or wrong, 5 database not empty, "
        "6 archive does not fit this installation. See docs/backup.md."
    )

    file_help = "the archive to restore"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database even if it is not empty (everything in it is lost)",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="only check the archive (checksum, key, every member) and describe it; change nothing",
        )

    def run(self, file, *, progress, force, check, **options):
        result = restore_backup(file, force=force, check_only=check, progress=progress)
        contents = result.manifest
        described = _("skriven %(created)s av Stegvis %(version)s, %(engine)s, %(state)s") % {
            "created": contents.get("created_at", "?"),
            "version": contents.get("stegvis_version", "?"),
            "engine": ENGINE_NAMES[contents["database"]["engine"]],
            "state": _("krypterad") if result.encrypted else _("okrypterad"),
        }
        if result.checked_only:
            self.stdout.write(
                _("Säkerhetskopian är hel och går att återställa (%(described)s).") % {"described": described}
            )
        else:
            self.stdout.write(
                _("Återställt till %(location)s från säkerhetskopian (%(described)s).")
                % {"location": result.location, "described": described}
            )
        if result.missing_migrations:
            self.stdout.write(
                _(
                    "Databasen är från en äldre version: %(count)s migreringar saknas (%(first)s …). "
                    "Kör 'stegvis migrate' innan Stegvis startas."
                )
                % {"count": len(result.missing_migrations), "first": result.missing_migrations[0]}
            )
        for note in result.notes:
            self.stdout.write(note)

"""What ``stegvis backup`` and ``stegvis restore`` share: the FILE and ``--progress`` arguments, and
turning a :class:`BackupError` into its Swedish message on standard error and its exit code,
and a database or file error into a message and exit code 1 (never a traceback)."""

import sqlite3
import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError
from django.utils.translation import gettext as _

from stegvis.backup.errors import EXIT_FAILED, BackupError


class ArchiveCommand(BaseCommand):
    file_help = ""

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", metavar="FILE", help=self.file_help)
        parser.add_argument(
            "--progress", action="store_true", help="show a progress bar even when stderr is not a terminal"
        )

    def handle(self, *args: Any, file: str, progress: bool, **options: Any) -> None:
        try:
            self.run(file, progress=progress or sys.stderr.isatty(), **options)
        except BackupError as exc:
            self.stderr.write(exc.message)
            sys.exit(exc.exit_code)
        except (DatabaseError, sqlite3.Error) as exc:
            self.stderr.write(_("Databasen svarade med ett fel: %(error)s") % {"error": exc})
            sys.exit(EXIT_FAILED)
        except OSError as exc:
            self.stderr.write(
                _("Fel vid läsning eller skrivning av '%(path)s': %(error)s")
                % {"path": exc.filename or "?", "error": exc.strerror or exc}
            )
            sys.exit(EXIT_FAILED)

    def run(self, file: str, *, progress: bool, **options: Any) -> None:
        raise NotImplementedError

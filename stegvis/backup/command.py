"""What ``stegvis backup`` and ``stegvis restore`` share: the FILE and ``--progress`` arguments, and
turning a :class:`BackupError` into its Swedish message on standard error and its exit code
(never a traceback)."""

import sys
from typing import Any

from django.core.management.base import BaseCommand

from stegvis.backup.errors import BackupError


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

    def run(self, file: str, *, progress: bool, **options: Any) -> None:
        raise NotImplementedError

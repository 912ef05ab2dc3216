"""``stegvis import PATH``: read a folder (or a .zip of one) in the exchange format into Stegvis."""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from stegvis.exchange.importer import import_path
from stegvis.exchange.progress import TerminalBar
from stegvis.exchange.summary import render_summary


class Command(BaseCommand):
    # Django's system checks import every page of the site (URLs, views, the report renderers):
    # about 80 MB and a second or two that a large import pays on top of its own work. They run
    # with ``stegvis check``, ``migrate`` and the server; a data command does without them.
    requires_system_checks: list[str] = []
    help = (
        "Import organizations, projects, participants, enrollments, measurements and language_levels (.csv or .xlsx) from a folder or a "
        ".zip of one, as described in docs/exchange.md. All or nothing: with any error nothing is written "
        "and every error is listed with file, line and column. Exit code 0 on success, 1 on errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="folder or .zip file holding the files")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and report as a real run would, write nothing"
        )
        parser.add_argument(
            "--user", help="username the changes are made (and audited) as; default: the system"
        )
        parser.add_argument(
            "--progress", action="store_true", help="show a progress bar even when stderr is not a terminal"
        )
        parser.add_argument(
            "--quiet", action="store_true", help="no progress bar (default when stderr is not a terminal)"
        )

    def handle(self, *args, path, dry_run, user, progress, quiet, **options):
        acting = None
        if user:
            User = get_user_model()
            acting = User.objects.filter(**{User.USERNAME_FIELD: user}).first()
            if acting is None:
                raise CommandError(f"Det finns ingen användare med användarnamnet '{user}'.")
        # A bar per stage (checking, then writing) on standard error, fed by the importer's callback.
        show_progress = not quiet and (progress or sys.stderr.isatty())
        result = import_path(
            path, user=acting, dry_run=dry_run, progress=TerminalBar() if show_progress else False
        )
        self.stdout.write(render_summary(result), ending="")
        if result.errors:
            raise CommandError(f"{result.errors.total} fel. Ingenting sparades.", returncode=1)

"""What the report commands share: the project argument, the date window and clean failures."""

import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from stegvis.organizations.models import MIN_CELL_HIGHEST, MIN_CELL_LOWEST, Project

EXIT_USAGE = 2


class ProjectCommand(BaseCommand):
    """A command about one project, chosen by code, optionally over a window of dates."""

    def add_project_argument(self, parser: CommandParser) -> None:
        parser.add_argument("project", metavar="PROJECT_CODE", help="the project's code, e.g. spik")

    def add_window_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from",
            dest="date_from",
            metavar="DATE",
            help="only enrolments whose period overlaps the window starting DATE",
        )
        parser.add_argument(
            "--to",
            dest="date_to",
            metavar="DATE",
            help="only enrolments whose period overlaps the window ending DATE",
        )

    def add_suppression_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--suppress-small",
            action="store_true",
            help="hide counts from 1 to N-1 as '<N', with secondary suppression (docs/reports.md)",
        )
        parser.add_argument(
            "--min-cell",
            metavar="N",
            help="N for --suppress-small (default: the project owner organisation's setting, itself 5)",
        )

    def min_cell(self, project: Project, options: dict[str, Any]) -> int | None:
        """The N to suppress with, or ``None`` without ``--suppress-small``; a bad N fails."""
        raw = options.get("min_cell")
        if not options.get("suppress_small"):
            if raw is not None:
                self.fail(_("--min-cell: gäller bara tillsammans med --suppress-small."))
            return None
        if raw is None:
            return project.owner.min_cell
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is None or not MIN_CELL_LOWEST <= value <= MIN_CELL_HIGHEST:
            self.fail(
                _("--min-cell: '%(value)s' är inte ett heltal mellan %(low)s och %(high)s.")
                % {"value": raw, "low": MIN_CELL_LOWEST, "high": MIN_CELL_HIGHEST}
            )
        return value

    def fail(self, message: str) -> NoReturn:
        """A Swedish message on standard error and exit code 2: never a traceback."""
        self.stderr.write(message)
        sys.exit(EXIT_USAGE)

    def project(self, options: dict[str, Any]) -> Project:
        """The project the command names, or a failure that lists the known codes."""
        project = Project.objects.filter(code=options["project"]).first()
        if project is None:
            known = ", ".join(Project.objects.order_by("code").values_list("code", flat=True)) or "–"
            self.fail(
                _("Det finns inget projekt med koden '%(code)s'. Kända projekt: %(known)s.")
                % {"code": options["project"], "known": known}
            )
        return project

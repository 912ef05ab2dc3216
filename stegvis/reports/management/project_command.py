"""What the report commands share: the project argument, the date window and clean failures."""

import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from stegvis.organizations.models import Project

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

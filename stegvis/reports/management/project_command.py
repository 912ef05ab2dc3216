"""What the report commands share: the project argument, the date window, the report's options
(``--on``, ``--filter``, ``--suppress-small``), writing the output, and clean failures.

``stegvis report`` and ``stegvis compare`` build each project's report with :meth:`ProjectCommand.report_of`,
so a project's report in the comparison is exactly what ``stegvis report`` prints with the same options.
"""

import datetime
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from stegvis.core.routers import reading_from_replica
from stegvis.organizations.models import MIN_CELL_HIGHEST, MIN_CELL_LOWEST, Project
from stegvis.reports.exports.render import project_organization
from stegvis.reports.filters import FILTER_KEYS, FilterError, clean_filters, parse_filter_options
from stegvis.reports.forms import parse_date, window_errors
from stegvis.reports.project_report import build_report
from stegvis.reports.suppression import suppress

EXIT_USAGE = 2

# ``build_report``'s ``on``, ``date_from`` and ``date_to``.
Window = dict[str, datetime.date | None]


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

    def add_output_argument(self, parser: CommandParser, streamed: str, files: str) -> None:
        parser.add_argument(
            "--output",
            "-o",
            metavar="FILE",
            help=f"write to FILE instead of standard output ({streamed}) or the default file name ({files})",
        )

    def add_report_arguments(self, parser: CommandParser) -> None:
        """``--on``, ``--filter``, ``--from``/``--to``, ``--suppress-small``/``--min-cell``: what a report is of."""
        parser.add_argument(
            "--on",
            metavar="DATE",
            help="the report as it stood on DATE: later enrolments do not exist yet, later exits are not "
            "exits yet (default: today)",
        )
        parser.add_argument(
            "--filter",
            action="append",
            metavar="KEY=VALUE",
            help="only the enrolments matching KEY=VALUE; repeatable, combined with AND. KEY is one of "
            + ", ".join(FILTER_KEYS)
            + " (values: docs/reports.md)",
        )
        self.add_window_arguments(parser)
        self.add_suppression_arguments(parser)

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
        return self.project_named(options["project"])

    def project_named(self, code: str) -> Project:
        """The project with ``code`` (and its owner), or a failure that names it and lists the known codes."""
        project = Project.objects.select_related("owner").filter(code=code).first()
        if project is None:
            known = ", ".join(Project.objects.order_by("code").values_list("code", flat=True)) or "–"
            self.fail(
                _("Det finns inget projekt med koden '%(code)s'. Kända projekt: %(known)s.")
                % {"code": code, "known": known}
            )
        return project

    def report_window(self, options: dict[str, Any]) -> Window:
        """``build_report``'s dates from ``--on``, ``--from`` and ``--to``, or a failure naming the option."""
        try:
            on = parse_date(options["on"], "--on")
            date_from = parse_date(options["date_from"], "--from")
            date_to = parse_date(options["date_to"], "--to")
        except ValueError as exc:
            self.fail(str(exc))
        errors = window_errors(on, date_from, date_to)
        if errors:
            options_by_key = {"on": "--on", "date_from": "--from", "date_to": "--to"}
            self.fail("\n".join(f"{options_by_key[key]}: {message}" for key, message in errors.items()))
        return {"on": on, "date_from": date_from, "date_to": date_to}

    def report_of(self, project: Project, options: dict[str, Any], window: Window, about: str = "") -> dict:
        """``project``'s report for the options (organisation, filters, suppression), or a failure.

        ``about`` starts each failure's message (the project's code, when a command reports on several).
        """
        min_cell = self.min_cell(project, options)
        organization = None
        if options.get("organization"):
            try:
                organization = project_organization(project, options["organization"])
            except ValueError as exc:
                self.fail(f"{about}--organization: {exc}")
        try:
            filters = clean_filters(project, parse_filter_options(options["filter"]))
        except FilterError as exc:
            self.fail(f"{about}--filter: {exc}")
        with reading_from_replica():  # only figures are read: the replica may answer (docs/deployment.md)
            report = build_report(project, **window, organization=organization, filters=filters)
        return report if min_cell is None else suppress(report, min_cell)

    def write_text(self, text: str, output: str | None) -> None:
        """``text`` to standard output, or to the file ``output``."""
        if not output:
            self.stdout.write(text, ending="")
            return
        self.save(output, text.encode("utf-8"))

    def save(self, path: str, content: bytes) -> None:
        """``content`` written to ``path``, or a failure naming the file."""
        try:
            with open(path, "wb") as file:
                file.write(content)
        except OSError as exc:
            self.fail(
                _("--output: kunde inte skriva filen '%(path)s': %(error)s")
                % {
                    "path": path,
                    "error": exc.strerror or exc,
                }
            )

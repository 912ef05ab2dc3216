"""``stegvis report``: a project's figures on the command line, as JSON or as a Swedish table."""

import json
import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from stegvis.organizations.models import Project
from stegvis.reports.forms import parse_date, window_errors
from stegvis.reports.project_report import build_report
from stegvis.reports.text_report import render_text

EXIT_USAGE = 2


class Command(BaseCommand):
    help = (
        "Print a project's report: enrolments, unique persons, active, gender, age bands, referrers, "
        "exits and their reasons, work or studies, days enrolled (docs/reports.md defines each figure). "
        "'--format json' prints one JSON object (the report JSON spec); '--format text' (default) a "
        "Swedish summary table. Dates are YYYY-MM-DD."
    )

    def add_arguments(self, parser):
        parser.add_argument("project", metavar="PROJECT_CODE", help="the project's code, e.g. spik")
        parser.add_argument(
            "--format", choices=("text", "json"), default="text", help="text (default) or json"
        )
        parser.add_argument(
            "--on", metavar="DATE",
            help="the report as it stood on DATE: later enrolments do not exist yet, later exits are not "
            "exits yet (default: today)",
        )
        parser.add_argument(
            "--from", dest="date_from", metavar="DATE",
            help="only enrolments whose period overlaps the window starting DATE",
        )
        parser.add_argument(
            "--to", dest="date_to", metavar="DATE",
            help="only enrolments whose period overlaps the window ending DATE",
        )

    def _fail(self, message):
        """A Swedish message on standard error and exit code 2: never a traceback."""
        self.stderr.write(message)
        sys.exit(EXIT_USAGE)

    def handle(self, *args, **options):
        try:
            on = parse_date(options["on"], "--on")
            date_from = parse_date(options["date_from"], "--from")
            date_to = parse_date(options["date_to"], "--to")
        except ValueError as exc:
            self._fail(str(exc))
        errors = window_errors(on, date_from, date_to)
        if errors:
            options_by_key = {"on": "--on", "date_from": "--from", "date_to": "--to"}
            self._fail("\n".join(f"{options_by_key[key]}: {message}" for key, message in errors.items()))
        project = Project.objects.filter(code=options["project"]).first()
        if project is None:
            known = ", ".join(Project.objects.order_by("code").values_list("code", flat=True)) or "–"
            self._fail(
                _("Det finns inget projekt med koden '%(code)s'. Kända projekt: %(known)s.")
                % {"code": options["project"], "known": known}
            )
        report = build_report(project, on=on, date_from=date_from, date_to=date_to)
        if options["format"] == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_text(report), ending="")

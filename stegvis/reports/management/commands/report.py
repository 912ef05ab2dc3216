"""``stegvis report``: a project's figures on the command line: JSON, a Swedish table, XLSX or DOCX."""

import json

from django.utils.translation import gettext as _

from stegvis.core.routers import reading_from_replica
from stegvis.reports.exports.render import (
    DOCX,
    XLSX,
    audit_export,
    file_name,
    organization_names,
    project_organization,
    render,
)
from stegvis.reports.filters import FILTER_KEYS, FilterError, clean_filters, parse_filter_options
from stegvis.reports.forms import parse_date, window_errors
from stegvis.reports.management.project_command import ProjectCommand
from stegvis.reports.project_report import build_report
from stegvis.reports.suppression import suppress
from stegvis.reports.text_report import render_text


class Command(ProjectCommand):
    help = (
        "Print a project's report: enrolments, unique persons, active, gender, age bands, referrers, "
        "exits and their reasons, work or studies, days enrolled (docs/reports.md defines each figure). "
        "'--format json' prints one JSON object (the report JSON spec); '--format text' (default) a "
        "Swedish summary table; '--format xlsx' every table of the report as a spreadsheet; '--format docx' a "
        "draft of the final report (Word) with charts. xlsx and docx are written to --output, or to "
        "rapport-PROJECT-DATE.xlsx / slutrapport-PROJECT-DATE.docx in the current folder; json, xlsx and docx are recorded in the "
        "audit log. Dates are YYYY-MM-DD. '--suppress-small' hides counts below --min-cell (default: the "
        "owner organisation's setting) as '<N' (docs/reports.md, 'Små tal')."
    )

    def add_arguments(self, parser):
        self.add_project_argument(parser)
        parser.add_argument(
            "--format",
            choices=("text", "json", "xlsx", "docx"),
            default="text",
            help="text (default), json, xlsx (spreadsheet) or docx (final-report draft)",
        )
        parser.add_argument(
            "--output",
            "-o",
            metavar="FILE",
            help="write to FILE instead of standard output (text, json) or the default file name (xlsx, docx)",
        )
        parser.add_argument(
            "--organization",
            metavar="ORG_CODE",
            help="only the enrolments this organisation (the owner or a partner of the project) made",
        )
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

    def handle(self, *args, **options):
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
        project = self.project(options)
        min_cell = self.min_cell(project, options)
        organization = None
        if options["organization"]:
            try:
                organization = project_organization(project, options["organization"])
            except ValueError as exc:
                self.fail(f"--organization: {exc}")
        try:
            filters = clean_filters(project, parse_filter_options(options["filter"]))
        except FilterError as exc:
            self.fail(f"--filter: {exc}")
        with reading_from_replica():  # only figures are read: the replica may answer (docs/deployment.md)
            report = build_report(
                project,
                on=on,
                date_from=date_from,
                date_to=date_to,
                organization=organization,
                filters=filters,
            )
        if min_cell is not None:
            report = suppress(report, min_cell)
        fmt = options["format"]
        if fmt in (XLSX, DOCX):
            self._write_file(project, fmt, report, options["output"])
        elif fmt == "json":
            self._write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", options["output"])
            # The JSON is the whole report as data: handed out, so recorded like the files.
            audit_export(None, project, fmt, report, via="stegvis report")
        else:
            self._write_text(render_text(report), options["output"])

    def _write_text(self, text, output):
        if not output:
            self.stdout.write(text, ending="")
            return
        self._save(output, text.encode("utf-8"))

    def _write_file(self, project, fmt, report, output):
        """Render the file (the same code as the web download), write it, then audit the export."""
        content = render(fmt, report, organization_names(project))
        path = output or file_name(fmt, report)
        self._save(path, content)
        audit_export(None, project, fmt, report, via="stegvis report")
        self.stdout.write(_("Skrev %(path)s (%(size)s byte).") % {"path": path, "size": len(content)})

    def _save(self, path, content):
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

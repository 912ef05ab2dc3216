"""``stegvis report``: a project's figures on the command line: JSON, a Swedish table, XLSX or DOCX."""

import json

from django.utils.translation import gettext as _

from stegvis.reports.exports.render import DOCX, XLSX, audit_export, file_name, organization_names, render
from stegvis.reports.management.project_command import ProjectCommand
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
        self.add_output_argument(parser, "text, json", "xlsx, docx")
        parser.add_argument(
            "--organization",
            metavar="ORG_CODE",
            help="only the enrolments this organisation (the owner or a partner of the project) made",
        )
        self.add_report_arguments(parser)

    def handle(self, *args, **options):
        window = self.report_window(options)
        project = self.project(options)
        report = self.report_of(project, options, window)
        fmt = options["format"]
        if fmt in (XLSX, DOCX):
            self._write_file(project, fmt, report, options["output"])
        elif fmt == "json":
            self.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", options["output"])
            # The JSON is the whole report as data: handed out, so recorded like the files.
            audit_export(None, project, fmt, report, via="stegvis report")
        else:
            self.write_text(render_text(report), options["output"])

    def _write_file(self, project, fmt, report, output):
        """Render the file (the same code as the web download), write it, then audit the export."""
        content = render(fmt, report, organization_names(project))
        path = output or file_name(fmt, report)
        self.save(path, content)
        audit_export(None, project, fmt, report, via="stegvis report")
        self.stdout.write(_("Skrev %(path)s (%(size)s byte).") % {"path": path, "size": len(content)})

"""``stegvis compare``: several projects' reports side by side, as JSON or a spreadsheet."""

import json

from django.utils.translation import gettext as _

from stegvis.reports.compare.xlsx import comparison_file_name, render_comparison_xlsx
from stegvis.reports.exports.render import XLSX, audit_export
from stegvis.reports.management.project_command import ProjectCommand

JSON = "json"
VIA = "stegvis compare"


class Command(ProjectCommand):
    help = (
        "Print several projects' reports side by side (docs/reports.md, 'Jämförelse'). '--format json' (default) "
        'prints {"on": DATE, "projects": [REPORT, ...]}, where each REPORT is exactly what '
        "'stegvis report CODE --format json' prints with the same options, in the order the codes are given. "
        "'--format xlsx' writes one sheet with the projects in columns beside each figure, and charts, to "
        "--output or jamforelse-CODES-DATE.xlsx in the current folder. Every project's report is recorded in "
        "the audit log. Dates are YYYY-MM-DD. '--suppress-small' hides counts below --min-cell (default: each "
        "project owner organisation's setting) as '<N' (docs/reports.md, 'Små tal')."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "projects", nargs="+", metavar="PROJECT_CODE", help="the projects' codes, e.g. spik vagen-framat"
        )
        parser.add_argument(
            "--format", choices=(JSON, XLSX), default=JSON, help="json (default) or xlsx (spreadsheet)"
        )
        self.add_output_argument(parser, "json", "xlsx")
        self.add_report_arguments(parser)

    def handle(self, *args, **options):
        window = self.report_window(options)
        codes = options["projects"]
        twice = sorted({code for code in codes if codes.count(code) > 1})
        if twice:
            self.fail(_("Projektet '%(code)s' är angivet två gånger.") % {"code": twice[0]})
        # Every code is looked up before any report is built: a wrong one fails at once, naming it.
        projects = [self.project_named(code) for code in codes]
        reports = [
            self.report_of(project, options, window, about=f"{project.code}: ") for project in projects
        ]
        if options["format"] == XLSX:
            content = render_comparison_xlsx(reports)
            path = options["output"] or comparison_file_name(reports)
            self.save(path, content)
        else:
            comparison = {"on": reports[0]["on"], "projects": reports}
            self.write_text(json.dumps(comparison, ensure_ascii=False, indent=2) + "\n", options["output"])
        for project, report in zip(projects, reports, strict=True):
            audit_export(None, project, options["format"], report, via=VIA)
        if options["format"] == XLSX:
            self.stdout.write(_("Skrev %(path)s (%(size)s byte).") % {"path": path, "size": len(content)})

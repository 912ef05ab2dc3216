"""``stegvis timereport export PROJECT --month YYYY-MM --output FILE``: a project's month as XLSX."""

import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record_many
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment
from stegvis.timereports.exports import project_month_xlsx
from stegvis.timereports.grid import build_months, month_enrollments, month_label, parse_month

EXIT_USAGE = 2


class Command(BaseCommand):
    help = (
        "Time reports. 'timereport export PROJECT --month YYYY-MM --output FILE' writes the project's "
        "month (every participant's hours per day and activity, and the month's status) as XLSX; audited."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        export = sub.add_parser("export", help="A project's month as XLSX.")
        export.add_argument("project", metavar="PROJECT_CODE")
        export.add_argument("--month", required=True, metavar="YYYY-MM")
        export.add_argument("--output", required=True, metavar="FILE")

    def fail(self, message):
        self.stderr.write(message)
        sys.exit(EXIT_USAGE)

    def handle(self, *args, **options):
        project = Project.objects.filter(code=options["project"]).first()
        if project is None:
            self.fail(_("Det finns inget projekt med koden '%(code)s'.") % {"code": options["project"]})
        month = parse_month(options["month"], None)
        if month is None:
            self.fail(_("--month: skriv månaden som ÅÅÅÅ-MM, t.ex. 2024-03."))
        months = build_months(
            None, month_enrollments(Enrollment.objects.filter(project=project), month), month
        )
        content = project_month_xlsx(project, month, months)
        with open(options["output"], "wb") as out:
            out.write(content)
        record_many(
            None,
            AuditAction.EXPORT,
            [pm.enrollment for pm in months],
            detail=f"kommandorad: tidrapport {project.code} {month:%Y-%m} xlsx",
        )
        self.stdout.write(
            _("Tidrapporten för %(project)s %(month)s (%(n)s deltagare) är sparad i %(file)s.")
            % {
                "project": project.name,
                "month": month_label(month),
                "n": len(months),
                "file": options["output"],
            }
        )

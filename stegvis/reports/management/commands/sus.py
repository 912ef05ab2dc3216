"""``stegvis sus``: a project's SUS participant list as CSV or XLSX, from the command line."""

from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.core.routers import reading_from_replica
from stegvis.reports.external.esf_participants import ESF_PARTICIPANTS
from stegvis.reports.external.sus import export_file
from stegvis.reports.forms import ReportParamsForm
from stegvis.reports.management.project_command import ProjectCommand

FORMATS = ("csv", "xlsx")
# Form field -> option.
OPTIONS = {"on": "on", "from": "date_from", "to": "date_to", "organization": "organization"}


class Command(ProjectCommand):
    help = (
        "Write a project's SUS participant list (one row per enrolment: start, end, gender, age, status at start "
        "and at exit; docs/sus-esf.md) to a file. Protected identities and persons without a personnummer are "
        "anonymous rows; '--pseudonymise' replaces names and personnummer with a stable pseudonym per person, "
        "as evaluators get it. The export is written to the audit log. Dates are YYYY-MM-DD."
    )

    def add_arguments(self, parser):
        self.add_project_argument(parser)
        parser.add_argument("--output", "-o", required=True, metavar="FILE", help="the file to write")
        parser.add_argument(
            "--format",
            choices=FORMATS,
            help="csv (semicolon-separated, UTF-8 with BOM, for Swedish Excel) or xlsx; default from the file "
            "name's ending, else csv",
        )
        parser.add_argument("--on", metavar="DATE", help="the list as it stood on DATE (default: today)")
        self.add_window_arguments(parser)
        parser.add_argument(
            "--organization",
            metavar="CODE",
            help="only the enrolments made by this organisation of the project",
        )
        parser.add_argument(
            "--esf",
            action="store_true",
            help="the ESF+ participant data file instead (status at entry, long-term unemployment, ISCED, the "
            "voluntary answers given with consent, countries, situation on leaving; docs/sus-esf.md)",
        )
        parser.add_argument(
            "--pseudonymise",
            action="store_true",
            help="no names, personnummer or birth dates: a pseudonym per person and project",
        )

    def handle(self, *args, **options):
        project = self.project(options)
        # The options are checked by the report pages' own form, so the rules and messages are the same.
        form = ReportParamsForm({name: options[key] or "" for name, key in OPTIONS.items()}, project=project)
        if not form.is_valid():
            self.fail(
                "\n".join(
                    f"--{name}: {message}" for name, messages in form.errors.items() for message in messages
                )
            )
        on, date_from, date_to = form.params()
        output = Path(options["output"])
        fmt = options["format"] or ("xlsx" if output.suffix.lower() == ".xlsx" else "csv")
        if not output.parent.is_dir():
            self.fail(_("--output: mappen %(dir)s finns inte.") % {"dir": output.parent})
        with reading_from_replica():  # the list is read, then its export audited (on the primary)
            _name, content = export_file(
                None,
                project,
                fmt,
                on=on or timezone.localdate(),
                date_from=date_from,
                date_to=date_to,
                organization=form.organization(),
                pseudonymised=options["pseudonymise"],
                via="kommandorad",
                listing=ESF_PARTICIPANTS if options["esf"] else None,
            )
        try:
            output.write_bytes(content)
        except OSError as exc:
            self.fail(
                _("--output: kunde inte skriva %(file)s: %(error)s") % {"file": output, "error": exc.strerror}
            )
        self.stdout.write(
            _("Skrev SUS-listan för %(project)s till %(file)s.") % {"project": project.code, "file": output}
        )

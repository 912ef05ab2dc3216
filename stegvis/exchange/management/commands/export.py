"""``stegvis export PROJECT_CODE OUTDIR``: write one project in the exchange format."""

from django.core.management.base import BaseCommand, CommandError

from stegvis.exchange.exporter import export_project
from stegvis.organizations.models import Project


class Command(BaseCommand):
    # Django's system checks import every page of the site (URLs, views, the report renderers):
    # about 80 MB and a second or two that a large export pays on top of its own work. They run
    # with ``stegvis check``, ``migrate`` and the server; a data command does without them.
    requires_system_checks: list[str] = []
    help = (
        "Write organizations.csv, projects.csv, participants.csv, enrollments.csv, measurements.csv and "
        "language_levels.csv (comma separated, UTF-8) "
        "for one project into OUTDIR, or OUTDIR/<code>.zip with --zip. Runs as the system (all of the "
        "project's participants) and is recorded in the audit log as an export. Persons with protected "
        "identity are exported without personnummer."
    )

    def add_arguments(self, parser):
        parser.add_argument("project", help="project code")
        parser.add_argument("outdir", help="folder to write into (created if missing)")
        parser.add_argument("--zip", action="store_true", help="write one .zip instead of loose files")

    def handle(self, *args, project, outdir, zip, **options):
        found = Project.objects.filter(code=project).first()
        if found is None:
            raise CommandError(f"Projektet '{project}' finns inte.")
        paths, counts = export_project(found, outdir, user=None, as_zip=zip)
        for path in paths:
            self.stdout.write(str(path))
        self.stdout.write(
            f"{counts['participants']} deltagare, {counts['enrollments']} inskrivningar, "
            f"{counts['measurements']} svar och {counts['language_levels']} språknivåer exporterade."
        )

"""``stegvis run-job NAME``: run one periodic job now, in this process (operators, cron)."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.notifications.periodic import periodic_job, periodic_jobs
from stegvis.notifications.schedule import next_runs
from stegvis.notifications.tasks import run_job


class Command(BaseCommand):
    help = (
        "Run one periodic job now, in this process, and print its summary as JSON. The queued "
        "schedule is left as it is (the worker still runs the job at its next time); the run is "
        "shown as the job's last run on the worker page. Exits with an error if the job fails. "
        "--list shows every job with its next queued run."
    )

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="the job's name, e.g. notifications.reminders")
        parser.add_argument("--list", action="store_true", help="list the registered jobs and exit")

    def handle(self, *args, name=None, **options):
        if options["list"] or not name:
            return self._list(required=not options["list"])
        try:
            job = periodic_job(name)
        except KeyError:
            raise CommandError(
                _("Inget jobb heter %(name)s. Se 'stegvis run-job --list'.") % {"name": name}
            ) from None
        try:
            summary = run_job(job)
        except Exception as exc:
            raise CommandError(
                _("Jobbet %(name)s misslyckades: %(error)s") % {"name": name, "error": exc}
            ) from exc
        self.stdout.write(json.dumps(summary, ensure_ascii=False, sort_keys=True))

    def _list(self, required):
        runs = next_runs()
        for job in periodic_jobs():
            run = runs.get(job.name)
            shown = timezone.localtime(run.due_at).strftime("%Y-%m-%d %H:%M") if run else _("inte schemalagt")
            self.stdout.write(f"{job.name}\t{job.every}\t{shown}\t{job.description}")
        if required:
            raise CommandError(_("Ange jobbets namn."))

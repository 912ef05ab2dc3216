"""``stegvis worker``: the background worker (periodic jobs, queued messages, retention)."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.notifications import worker


def _positive(value):
    number = float(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Run the background worker: first make sure every periodic job (see 'stegvis run-job --list') "
        "has its next run queued, then run queued tasks as they fall due, until stopped with "
        "Ctrl+C or SIGTERM (a task under way is finished first). While it runs it writes a heartbeat "
        "(shown by /halsa/). Any number of workers may run against one database: each periodic run "
        "happens once. With --batch, run what is due now and exit (cron, tests)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch",
            action="store_true",
            help="run every task that is due now, then exit instead of waiting for more",
        )
        parser.add_argument(
            "--interval",
            type=_positive,
            default=1.0,
            help="seconds to wait between looks at the queue when nothing is due (default 1)",
        )
        parser.add_argument("--max-tasks", type=int, default=None, help="exit after running this many tasks")
        parser.add_argument(
            "--queue", default="*", help="comma-separated queue names to run (default: every queue)"
        )

    def announce(self, added):
        for name, when in sorted(added.items()):
            self.stdout.write(
                _("Schemalagt: %(name)s, %(when)s")
                % {"name": name, "when": timezone.localtime(when).strftime("%Y-%m-%d %H:%M")}
            )
        self.stdout.flush()

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        if verbosity > 0:
            self.stdout.write(_("Bakgrundsarbetaren startar."))
        worker.run(
            batch=options["batch"],
            interval=options["interval"],
            max_tasks=options["max_tasks"],
            queue_names=options["queue"].split(","),
            announce=self.announce if verbosity > 0 else None,
            verbosity=verbosity,
            stdout=self.stdout,
            stderr=self.stderr,
        )
        if verbosity > 0:
            self.stdout.write(_("Bakgrundsarbetaren är klar."))

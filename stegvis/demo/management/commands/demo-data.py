"""``stegvis demo-data``: fill an empty database with a generated, realistic demo.

``make demo`` runs it every time: when the demo is already loaded it says so and does nothing.
``--reset`` removes an earlier demo first, and refuses unless the database holds demo data only
(see :func:`stegvis.demo.loader.reset`). Large ``--participants`` counts are written in batches
through the bulk actions, with a progress bar on standard error.
"""

import datetime
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from stegvis.core.errors import ActionError
from stegvis.demo import loader
from stegvis.demo.generator import DemoGenerator

DEFAULT_PARTICIPANTS = 420
DEFAULT_SEED = 2026
DEFAULT_BATCH = 5000
# Above this many participants the bulk actions are used unless --no-bulk is given.
BULK_THRESHOLD = 2000


def positive_int(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Load generated demo data (organisations, projects, staff logins, participants with enrolments, "
        "exits and coordinator changes) into an empty database. Does nothing when the demo is already "
        "loaded; --reset replaces it (only in a database that holds demo data and nothing else). "
        "All demo accounts share the password printed by 'stegvis demo-logins'."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--participants",
            type=positive_int,
            default=DEFAULT_PARTICIPANTS,
            help=f"number of persons to generate (default {DEFAULT_PARTICIPANTS})",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"random seed; the same seed gives the same data on the same day (default {DEFAULT_SEED})",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="remove the earlier demo data first (refused unless the database holds only demo data)",
        )
        parser.add_argument(
            "--batch-size",
            type=positive_int,
            default=DEFAULT_BATCH,
            help=f"persons per transaction (default {DEFAULT_BATCH})",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--bulk",
            action="store_true",
            dest="bulk",
            help=f"write through the bulk actions (default above {BULK_THRESHOLD} participants)",
        )
        mode.add_argument(
            "--no-bulk",
            action="store_false",
            dest="bulk_allowed",
            help="write through the ordinary actions one row at a time, whatever the size",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="the day the demo is generated as of (YYYY-MM-DD, default today); for reproducible runs",
        )

    def handle(self, *args, **options):
        if options["today"] and options["today"] > datetime.date.today():
            raise CommandError(_("--today kan inte vara ett datum i framtiden."))
        try:
            if options["reset"]:
                if loader.reset():
                    self.stdout.write(_("Tidigare demodata borttagen."))
            else:
                dataset = loader.current_dataset()
                if dataset is not None:
                    if not dataset.complete:
                        raise CommandError(
                            _(
                                "Demodata började läsas in %(when)s men blev aldrig klar. Kör 'stegvis demo-data --reset' "
                                "för att börja om."
                            )
                            % {"when": timezone.localtime(dataset.created_at).strftime("%Y-%m-%d %H:%M")}
                        )
                    self.stdout.write(
                        _(
                            "Demodata finns redan (%(n)s deltagare, slumpfrö %(seed)s, inläst %(when)s). Ingenting ändrat; "
                            "använd --reset för att läsa in på nytt."
                        )
                        % {
                            "n": dataset.participants,
                            "seed": dataset.seed,
                            "when": timezone.localtime(dataset.created_at).strftime("%Y-%m-%d %H:%M"),
                        }
                    )
                    return
            loader.check_may_load()
        except loader.DemoRefused as exc:
            raise CommandError(str(exc)) from None

        count = options["participants"]
        bulk = options["bulk"] or (options["bulk_allowed"] and count > BULK_THRESHOLD)
        generator = DemoGenerator(count, seed=options["seed"], today=options["today"])
        started = time.monotonic()
        with tqdm(
            total=count,
            file=sys.stderr,
            unit=" deltagare",
            desc=_("Demodata"),
            disable=options["verbosity"] == 0 or None,
            mininterval=0.5,
        ) as bar:
            try:
                loader.load(generator, bulk=bulk, batch_size=options["batch_size"], progress=bar)
            except ActionError as exc:
                raise CommandError(
                    _("Demodata kunde inte läsas in: %(errors)s Kör 'stegvis demo-data --reset'.")
                    % {"errors": " ".join(exc.messages)}
                ) from None
        seconds = time.monotonic() - started
        figures = loader.summary()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demodata inläst: %(persons)s deltagare, %(enrolments)s inskrivningar (%(exited)s avslutade), "
                    "%(users)s användarkonton, på %(seconds).1f s (%(mode)s)."
                )
                % {**figures, "seconds": seconds, "mode": _("massinläsning") if bulk else _("en rad i taget")}
            )
        )
        self.stdout.write(_("Inloggningarna visas med 'stegvis demo-logins'."))

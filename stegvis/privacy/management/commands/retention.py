"""``stegvis retention run [--dry-run]``: apply every organisation's retention rules now."""

import json

from django.core.management.base import BaseCommand

from stegvis.privacy.retention import run


class Command(BaseCommand):
    help = (
        "Apply the retention rules (gallring): anonymise persons, blank casework texts and named survey "
        "texts, void one-time links and remove audit entries whose period has passed, and print the "
        "counts as JSON. --dry-run counts what would be done and changes nothing. The daily job "
        "privacy.retention does the same."
    )

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="subcommand", required=True)
        run_parser = subparsers.add_parser("run", help="run the retention now")
        run_parser.add_argument("--dry-run", action="store_true", help="count only; change nothing")

    def handle(self, *args, subcommand, dry_run=False, **options):
        counts = run(dry_run=dry_run)
        self.stdout.write(json.dumps(counts, sort_keys=True))

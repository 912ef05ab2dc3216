"""``stegvis person SUBCOMMAND``: one command, each subcommand's logic in its own module."""

from django.core.management.base import BaseCommand

from stegvis.privacy import erasure

SUBCOMMANDS = {
    "anonymise": erasure,
}


class Command(BaseCommand):
    help = "Requests about one person: " + ", ".join(SUBCOMMANDS) + " (see each subcommand's --help)."

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="subcommand", required=True)
        for name, module in SUBCOMMANDS.items():
            module.add_arguments(subparsers.add_parser(name, help=module.HELP))

    def handle(self, *args, subcommand, **options):
        SUBCOMMANDS[subcommand].handle(self, options)

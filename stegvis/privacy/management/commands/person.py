"""``stegvis person SUBCOMMAND``: what can be done about one person's data from the command line.

Only a dispatcher: each subcommand's options and work live in their own module, named here.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from stegvis.privacy import erasure
from stegvis.privacy.extract import command as extract

SUBCOMMANDS = {
    "extract": extract,
    "anonymise": erasure,
}


class Command(BaseCommand):
    help = "Requests about one person: the register extract (extract) and erasure on request (anonymise)."

    def add_arguments(self, parser: CommandParser) -> None:
        subparsers = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        for name, module in SUBCOMMANDS.items():
            module.add_arguments(subparsers.add_parser(name, help=module.HELP, description=module.HELP))

    def handle(self, *args: Any, **options: Any) -> None:
        SUBCOMMANDS[options.pop("subcommand")].handle(self, **options)

"""``stegvis person extract ID --output FILE``: the register extract from the command line.

Made for the data-protection officer or the system administrator who answers a request in
writing. The command line acts as the system (no staff account), sees every person, and is
audited like the staff page.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from stegvis.core.errors import ActionError
from stegvis.privacy.cli import AMBIGUOUS, add_organization_argument, organization_of
from stegvis.privacy.extract.formats import FORMATS, format_for_file
from stegvis.privacy.extract.produce import make_extract
from stegvis.privacy.lookup import AmbiguousReference

HELP = "the register extract: everything Stegvis holds about a person and who read it (PDF, DOCX or JSON)"


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "identifier", metavar="ID", help="personnummer or participant reference (participant_ref)"
    )
    parser.add_argument("--output", required=True, metavar="FILE", help="the file to write")
    parser.add_argument(
        "--format", choices=sorted(FORMATS), help="pdf, docx or json (default: the suffix of --output)"
    )
    add_organization_argument(parser)


def handle(command: BaseCommand, **options: Any) -> None:
    output = Path(options["output"])
    fmt = options.get("format") or format_for_file(output.name)
    if fmt is None:
        raise CommandError("Ange --format pdf, docx eller json (filändelsen säger inte vilket).")
    organization = organization_of(options.get("organization"))
    try:
        made = make_extract(None, options["identifier"], fmt, organization=organization, via="kommandorad")
    except AmbiguousReference as exc:
        raise CommandError(_(AMBIGUOUS) % {"ref": exc}) from exc
    except (ValidationError, ActionError) as exc:
        raise CommandError(" ".join(exc.messages)) from exc
    output.write_bytes(made.content)
    if made.held:
        command.stdout.write(f"Registerutdraget är skrivet till {output}.")
    else:
        command.stdout.write(
            f"Stegvis har inga uppgifter om {options['identifier'].strip()}. "
            f"Ett utdrag som säger det är skrivet till {output}."
        )

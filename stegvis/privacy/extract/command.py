"""``stegvis person extract ID --output FILE``: the register extract from the command line.

Made for the data-protection officer or the system administrator who answers a request in
writing. The command line acts as the system (no staff account), sees every person, and is
audited like the staff page.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from stegvis.core.errors import ActionError
from stegvis.organizations.models import Organization
from stegvis.privacy.extract.formats import FORMATS, format_for_file
from stegvis.privacy.extract.produce import make_extract
from stegvis.privacy.lookup import AmbiguousReference

HELP = "Registerutdrag: allt Stegvis har om en person och vem som har läst det (PDF, DOCX eller JSON)."


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "identifier", metavar="ID", help="personnummer eller deltagarreferens (participant_ref)"
    )
    parser.add_argument("--output", required=True, metavar="FILE", help="filen att skriva")
    parser.add_argument(
        "--format",
        choices=sorted(FORMATS),
        help="pdf, docx eller json (standard: filändelsen på --output)",
    )
    parser.add_argument(
        "--organisation",
        metavar="CODE",
        help="organisationens kod, när en referens används av flera organisationer",
    )


def handle(command: BaseCommand, **options: Any) -> None:
    output = Path(options["output"])
    fmt = options.get("format") or format_for_file(output.name)
    if fmt is None:
        raise CommandError("Ange --format pdf, docx eller json (filändelsen säger inte vilket).")
    organization = None
    if options.get("organisation"):
        organization = Organization.objects.filter(code=options["organisation"]).first()
        if organization is None:
            raise CommandError(f"Det finns ingen organisation med koden {options['organisation']}.")
    try:
        made = make_extract(None, options["identifier"], fmt, organization=organization, via="kommandorad")
    except AmbiguousReference as exc:
        raise CommandError(
            f"Referensen {exc} används av flera organisationer. Ange vilken med --organisation KOD."
        ) from exc
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

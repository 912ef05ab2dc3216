"""What the ``stegvis person`` subcommands share: naming the organisation of an ambiguous reference."""

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from stegvis.organizations.models import Organization

AMBIGUOUS = gettext_noop(
    "Referensen %(ref)s används av flera organisationer. Ange vilken med --organization KOD."
)


def add_organization_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--organization", metavar="CODE", help="the organisation's code, when a reference is used by several"
    )


def organization_of(code: str | None) -> Organization | None:
    """The organisation ``--organization`` names, ``None`` when not given, or a clear error."""
    if not code:
        return None
    organization = Organization.objects.filter(code=code).first()
    if organization is None:
        raise CommandError(_("Det finns ingen organisation med koden %(code)s.") % {"code": code})
    return organization

"""``stegvis person anonymise ID --reason TEXT [--force] [--organization CODE]``.

Erasure on request from the command line: the same action the administrator page calls, so
the rules (a reason, no active enrolment unless forced) and the audit entry are the same.
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from stegvis.participants.models import Person
from stegvis.privacy.actions import anonymise_on_request
from stegvis.privacy.cli import AMBIGUOUS, add_organization_argument, organization_of
from stegvis.privacy.lookup import AmbiguousReference, find_person

HELP = "anonymise a person on request (name, personnummer, contact details and texts removed; figures kept)"


def add_arguments(parser) -> None:
    parser.add_argument("identifier", metavar="ID", help="personnummer or participant reference")
    parser.add_argument(
        "--reason", required=True, help="why (stored in the audit log: do not write the name or number)"
    )
    add_organization_argument(parser)
    parser.add_argument(
        "--force", action="store_true", help="anonymise even though the person has an active enrolment"
    )


def person_of(identifier: str, organization_code: str | None) -> Person:
    """The person an identifier names, or a :class:`CommandError` saying why not."""
    try:
        person = find_person(identifier, organization_of(organization_code))
    except AmbiguousReference:
        raise CommandError(_(AMBIGUOUS) % {"ref": identifier.strip()}) from None
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
    if person is None:
        raise CommandError(_("Ingen deltagare med det personnumret eller den referensen finns."))
    return person


def handle(command, **options: Any) -> None:
    person = person_of(options["identifier"], options.get("organization"))
    try:
        counts = anonymise_on_request(None, person, reason=options["reason"], force=options["force"])
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None
    command.stdout.write(json.dumps({"person": person.pk, **counts}, sort_keys=True))

"""Finding the person a register extract or an erasure request is about.

A request names the person by personnummer or by the exchange format's participant reference
(``participant_ref``). A reference is unique only within its organisation, so one that several
organisations use must be narrowed by organisation before it names anyone.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from stegvis.organizations.models import Organization
from stegvis.participants import personnummer
from stegvis.participants.models import Person


class AmbiguousReference(Exception):
    """The reference is used by more than one organisation; name the organisation."""


def find_person(identifier: str, organization: Organization | None = None) -> Person | None:
    """The person with this personnummer or participant reference, or ``None`` if nobody is held.

    A value that parses as a personnummer is looked up as one; anything else as a reference, in
    ``organization`` when given. Raises :class:`AmbiguousReference` when, without an organisation,
    the reference belongs to people in more than one organisation.
    """
    value = (identifier or "").strip()
    if not value:
        raise ValidationError(_("Ange ett personnummer eller en deltagarreferens."), code="required")
    try:
        number = personnummer.parse(value)
    except ValidationError:
        number = None
    if number is not None:
        return Person.objects.filter(personnummer=number.number).first()
    people = Person.objects.filter(refs__ref=value)
    if organization is not None:
        people = people.filter(refs__organization=organization)
    found = list(people.distinct()[:2])
    if len(found) > 1:
        raise AmbiguousReference(value)
    return found[0] if found else None

"""Making one register extract: find the person, write the audit entry, gather, render.

The command and the staff page both call :func:`make_extract`, so an extract is found, audited
and laid out the same way whichever way it was asked for. The audit entry is written first, in
the same transaction, so the extract's own entry is in the log it prints.

When nobody is held under the identifier, the extract is still made and says so. Its audit
entry is then tied to no person and keeps a keyed hash of the identifier rather than the
identifier itself: the log can later confirm that an extract was asked for a given number, but
does not start holding a number Stegvis otherwise does not hold (for example after an erasure).
"""

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from stegvis.audit.log import record
from stegvis.audit.models import AuditAction
from stegvis.core.access import VIEW, may
from stegvis.core.errors import NotAllowed
from stegvis.participants import personnummer
from stegvis.participants.models import Person
from stegvis.privacy.extract.collect import collect
from stegvis.privacy.extract.formats import FORMATS
from stegvis.privacy.extract.values import staff_name
from stegvis.privacy.lookup import find_person

if TYPE_CHECKING:
    from stegvis.core.access import Actor
    from stegvis.organizations.models import Organization

#: The object type of the audit entry of an extract about nobody held.
NOBODY_OBJECT_TYPE = "privacy.registerutdrag"
_HASH_SALT = "stegvis.privacy.extract.identifier"
#: Ten or twelve digits, with or without the separator: meant as a personnummer.
_LOOKS_LIKE_NUMBER = re.compile(r"\d{6}(\d{2})?[-+]?\d{4}")


@dataclass(frozen=True)
class ExtractFile:
    name: str
    content_type: str
    content: bytes
    held: bool


def normalised_identifier(identifier: str) -> str:
    """A personnummer as ``YYYYMMDD-XXXX`` whichever way it was typed; a reference as given."""
    value = identifier.strip()
    try:
        number = personnummer.parse(value)
    except ValidationError:
        return value
    return f"{number.number[:8]}-{number.number[8:]}"


def identifier_hash(identifier: str) -> str:
    """A keyed hash of a normalised identifier: comparable, but not the number itself."""
    return salted_hmac(_HASH_SALT, normalised_identifier(identifier), algorithm="sha256").hexdigest()


def _check_number(identifier: str, person: Person | None) -> None:
    """Refuse a mistyped personnummer rather than answer "nothing held" about it.

    The lookup reads anything that is not a valid number as a reference; a value shaped like a
    number that names nobody is a typing error, and its own message (wrong check digit, ...)
    says more than an empty extract would.
    """
    value = identifier.strip()
    if person is None and _LOOKS_LIKE_NUMBER.fullmatch(value.replace(" ", "")):
        personnummer.parse(value)


def _surviving(person: Person) -> Person:
    """The record a merged-away record was merged into (the data and the log moved there)."""
    while person.merged_into_id:
        person = Person.objects.get(pk=person.merged_into_id)
    return person


def find_for(user: "Actor", identifier: str, organization: "Organization | None" = None) -> Person | None:
    """The person ``identifier`` names, if any, once ``user`` is known to be allowed to see them.

    Raises :class:`~django.core.exceptions.ValidationError` for an empty identifier or a
    mistyped personnummer, :class:`~stegvis.privacy.lookup.AmbiguousReference` for a reference
    several organisations use (narrow it with ``organization``), and
    :class:`~stegvis.core.errors.NotAllowed` when ``user`` may not see the person (``None``,
    the command line, may).
    """
    person = find_person(identifier, organization)
    _check_number(identifier, person)
    if person is None:
        return None
    person = _surviving(person)
    if user is not None and not may(user, VIEW, person):
        raise NotAllowed(_("Du har inte behörighet till uppgifterna om den personen."))
    return person


def audit(user: "Actor", action: str, person: Person | None, identifier: str, detail: str) -> None:
    """The entry of a look at or an extract about ``person``; for nobody held, a hash of the identifier."""
    if person is not None:
        record(user, action, person, detail=detail)
    else:
        record(
            user,
            action,
            object_type=NOBODY_OBJECT_TYPE,
            changes={"identifier_hash": identifier_hash(identifier)},
            detail=f"{detail}, inga uppgifter fanns",
        )


def made_by(user: "Actor") -> str:
    """Who made an extract, as printed on it."""
    return staff_name(user) if user is not None and user.is_authenticated else _("Stegvis (kommandoraden)")


def make_extract(
    user: "Actor",
    identifier: str,
    fmt: str,
    *,
    organization: "Organization | None" = None,
    via: str,
) -> ExtractFile:
    """The extract about whoever ``identifier`` names, rendered as ``fmt``, and audited.

    Raises what :func:`find_for` raises.
    """
    if fmt not in FORMATS:
        raise ValueError(fmt)
    with transaction.atomic():
        person = find_for(user, identifier, organization)
        audit(user, AuditAction.EXPORT, person, identifier, f"{via}: registerutdrag {fmt}")
        extract = collect(person, normalised_identifier(identifier), made_by(user))
        content = FORMATS[fmt].render(extract)
    name = f"registerutdrag-{timezone.localdate():%Y-%m-%d}.{fmt}"
    return ExtractFile(name, FORMATS[fmt].content_type, content, person is not None)

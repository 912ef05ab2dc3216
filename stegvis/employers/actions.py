"""Every write of the employer register: validate, write and audit in one transaction.

``user`` is the staff member acting (``None``: the command line or the demo). Errors are
:class:`~stegvis.core.errors.ActionError` with Swedish messages keyed by the field they concern;
a stale edit raises :class:`~stegvis.core.errors.ConflictError`. Who may write is decided by
:mod:`stegvis.employers.access` (the employer's organisation), asked here again through
``require`` whatever page the request came from.
"""

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record_change, snapshot
from stegvis.core.access import CHANGE, acting_user, require
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.core.writes import assign, raise_if
from stegvis.employers.access import keeping_organizations
from stegvis.employers.models import (
    Agreement,
    AgreementKind,
    Channel,
    ContactPerson,
    Employer,
    EmployerContact,
    Industry,
)
from stegvis.employers.orgnumber import InvalidOrgNumber, normalise
from stegvis.organizations.models import Organization
from stegvis.participants.municipalities import municipality_code

if TYPE_CHECKING:
    from stegvis.core.access import Actor

EMPLOYER_FIELDS = (
    "name",
    "org_number",
    "industry",
    "street_address",
    "postal_code",
    "city",
    "municipality",
    "note",
    "active",
)
CONTACT_FIELDS = ("name", "role", "phone", "email", "active")
AGREEMENT_FIELDS = ("kind", "valid_from", "valid_to", "note")
LOG_FIELDS = ("date", "channel", "contact_person", "note", "next_step_date")

# A contact may be logged ahead of the day only by mistake; a next step may be planned this far ahead.
NEXT_STEP_AHEAD = datetime.timedelta(days=366)


def _email_error(value: str, errors: dict[str, list[str]], message: str) -> None:
    if value:
        try:
            validate_email(value)
        except ValidationError:
            errors["email"] = [message]


# --- Employers -------------------------------------------------------------------------------------


def _validate_employer(employer: Employer) -> None:
    errors: dict[str, list[str]] = {}
    if not employer.name:
        errors["name"] = [_("Ange arbetsgivarens namn.")]
    try:
        employer.org_number = normalise(employer.org_number)
    except InvalidOrgNumber as error:
        errors["org_number"] = [str(error)]
    if employer.industry and employer.industry not in Industry.values:
        errors["industry"] = [_("Bransch: välj en av SNI:s avdelningar A–U.")]
    code = municipality_code(employer.municipality)
    if code is None:
        errors["municipality"] = [
            _('Kommun: "%(v)s" är ingen svensk kommun. Ange namnet eller SCB:s kommunkod, t.ex. Kungsbacka.')
            % {"v": employer.municipality}
        ]
    else:
        employer.municipality = code
    postal = employer.postal_code.replace(" ", "")
    if postal and not (postal.isdigit() and len(postal) == 5):
        errors["postal_code"] = [_("Postnummer: ange fem siffror, t.ex. 434 30.")]
    elif postal:
        employer.postal_code = f"{postal[:3]} {postal[3:]}"
    raise_if(errors)


def _name_taken(name: str) -> ActionError:
    return ActionError(
        {
            "name": [
                _("Det finns redan en arbetsgivare som heter %(name)s i organisationens register.")
                % {"name": name}
            ]
        }
    )


def _check_unique(employer: Employer) -> None:
    others = Employer.objects.filter(organization_id=employer.organization_id, name__iexact=employer.name)
    if others.exclude(pk=employer.pk).exists():
        raise _name_taken(employer.name)


@transaction.atomic
def create_employer(user: "Actor", *, organization: Organization, **fields: Any) -> Employer:
    """Add an employer to ``organization``'s register (one the user keeps)."""
    if user is not None and not keeping_organizations(user).filter(pk=organization.pk).exists():
        raise NotAllowed(_("Du kan bara lägga till arbetsgivare i din egen organisations register."))
    employer = Employer(organization=organization)
    assign(employer, fields, EMPLOYER_FIELDS)
    _validate_employer(employer)
    _check_unique(employer)
    try:
        with transaction.atomic():
            employer.save()
    except IntegrityError:
        raise _name_taken(employer.name) from None
    record_change(user, AuditAction.CREATE, employer, ("organization", *EMPLOYER_FIELDS))
    return employer


@transaction.atomic
def update_employer(
    user: "Actor", employer: Employer, *, version: int | str | None, **fields: Any
) -> Employer:
    """Change an employer's details, or mark it no longer active (nothing is deleted)."""
    require(user, CHANGE, employer)
    before = snapshot(employer, EMPLOYER_FIELDS)
    assign(employer, fields, EMPLOYER_FIELDS)
    _validate_employer(employer)
    _check_unique(employer)
    try:
        with transaction.atomic():
            employer.save_versioned(version, EMPLOYER_FIELDS)
    except IntegrityError:
        raise _name_taken(employer.name) from None
    record_change(user, AuditAction.UPDATE, employer, EMPLOYER_FIELDS, before=before)
    return employer


# --- Contact persons and agreements: rows of one employer, written the same way ------------------

_Row = TypeVar("_Row", ContactPerson, Agreement)


def _add(
    user: "Actor",
    row: _Row,
    fields: dict[str, Any],
    allowed: tuple[str, ...],
    validate: Callable[[_Row], None],
) -> _Row:
    require(user, CHANGE, row.employer)
    assign(row, fields, allowed)
    validate(row)
    row.save()
    record_change(user, AuditAction.CREATE, row, ("employer", *allowed))
    return row


def _update(
    user: "Actor",
    row: _Row,
    version: int | str | None,
    fields: dict[str, Any],
    allowed: tuple[str, ...],
    validate: Callable[[_Row], None],
) -> _Row:
    require(user, CHANGE, row)
    before = snapshot(row, allowed)
    assign(row, fields, allowed)
    validate(row)
    row.save_versioned(version, allowed)
    record_change(user, AuditAction.UPDATE, row, allowed, before=before)
    return row


# --- Contact persons -------------------------------------------------------------------------------


def _validate_contact(contact: ContactPerson) -> None:
    errors: dict[str, list[str]] = {}
    if not contact.name:
        errors["name"] = [_("Ange kontaktpersonens namn.")]
    _email_error(contact.email, errors, _("E-post: ange en giltig e-postadress, t.ex. namn@foretag.se."))
    raise_if(errors)


@transaction.atomic
def add_contact_person(user: "Actor", employer: Employer, **fields: Any) -> ContactPerson:
    return _add(user, ContactPerson(employer=employer), fields, CONTACT_FIELDS, _validate_contact)


@transaction.atomic
def update_contact_person(
    user: "Actor", contact: ContactPerson, *, version: int | str | None, **fields: Any
) -> ContactPerson:
    """Change a contact person, or mark them no longer active (they stay in the log's history)."""
    return _update(user, contact, version, fields, CONTACT_FIELDS, _validate_contact)


# --- Agreements ------------------------------------------------------------------------------------


def _validate_agreement(agreement: Agreement) -> None:
    errors: dict[str, list[str]] = {}
    if agreement.kind not in AgreementKind.values:
        errors["kind"] = [_("Välj typ av avtal.")]
    if not isinstance(agreement.valid_from, datetime.date):
        errors["valid_from"] = [_("Ange från vilket datum avtalet gäller.")]
    elif agreement.valid_to is not None and agreement.valid_to < agreement.valid_from:
        errors["valid_to"] = [_("Avtalet kan inte sluta gälla före det datum det börjar gälla.")]
    raise_if(errors)


@transaction.atomic
def add_agreement(user: "Actor", employer: Employer, **fields: Any) -> Agreement:
    return _add(user, Agreement(employer=employer), fields, AGREEMENT_FIELDS, _validate_agreement)


@transaction.atomic
def update_agreement(
    user: "Actor", agreement: Agreement, *, version: int | str | None, **fields: Any
) -> Agreement:
    return _update(user, agreement, version, fields, AGREEMENT_FIELDS, _validate_agreement)


# --- The contact log -------------------------------------------------------------------------------


@transaction.atomic
def log_contact(user: "Actor", employer: Employer, **fields: Any) -> EmployerContact:
    """Add an entry to the employer's contact log; the one acting is who made the contact."""
    require(user, CHANGE, employer)
    entry = EmployerContact(employer=employer, staff=acting_user(user))
    assign(entry, fields, LOG_FIELDS)
    errors: dict[str, list[str]] = {}
    today = datetime.date.today()
    if not isinstance(entry.date, datetime.date):
        errors["date"] = [_("Ange datum för kontakten.")]
    elif entry.date > today:
        errors["date"] = [_("Kontakten kan inte ha skett efter i dag.")]
    if entry.channel not in Channel.values:
        errors["channel"] = [_("Välj hur kontakten skedde.")]
    if not entry.note:
        errors["note"] = [_("Skriv vad kontakten gällde.")]
    if entry.next_step_date is not None and entry.next_step_date > today + NEXT_STEP_AHEAD:
        errors["next_step_date"] = [_("Nästa steg kan planeras högst ett år framåt.")]
    if entry.contact_person is not None and entry.contact_person.employer_id != employer.pk:
        errors["contact_person"] = [_("Kontaktpersonen hör inte till den här arbetsgivaren.")]
    raise_if(errors)
    entry.save()
    record_change(user, AuditAction.CREATE, entry, ("employer", *LOG_FIELDS))
    return entry

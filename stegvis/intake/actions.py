"""Every write of the intake app: validate, write and audit in one transaction.

``user`` is the staff member acting (``None``: the public form, the command line or the demo).
Errors are :class:`~stegvis.core.errors.ActionError` keyed by field. Messages of
:func:`submit_request` are shown to the public, so they are translated into the page's language
(the view activates it); the others are for staff, in Swedish.

The audit log never receives what a person typed into the public form: entries name the
request by id and say what happened to it, so deleting a request at the end of its retention
period really removes the personal data.
"""

import datetime
import re
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, diff, record
from stegvis.core.access import CHANGE, VIEW, acting_user, may, require, scope_of
from stegvis.core.concurrency import save_versioned
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.intake.models import (
    CLOSING_OUTCOMES,
    MESSAGE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    AgeGroup,
    BestTime,
    CallbackAttempt,
    CallbackResult,
    ContactMethod,
    IntakePage,
    IntakeRequest,
    IntakeSettings,
    Outcome,
    Status,
)
from stegvis.organizations.models import Organization, Project
from stegvis.participants import actions as participant_actions
from stegvis.participants import personnummer as pnr
from stegvis.participants import rules
from stegvis.participants.models import Enrollment, IntakeChannel, Person, Referrer

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from stegvis.core.access import Actor

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]+$")
MIN_RETENTION_DAYS, MAX_RETENTION_DAYS = 1, 1095
NOTE_MAX_LENGTH = 500
PAGE_FIELDS = ("organization", "project", "slug", "name", "contact", "is_active")


# --- Pages and settings (staff) ------------------------------------------------------------------


def _check_may_manage(user: "Actor", project: Project | None) -> None:
    if user is None:
        return
    scope = scope_of(user)
    if scope.is_admin:
        return
    if project is None or project.pk not in scope.leader_projects:
        raise NotAllowed(_("Bara administratörer och projektets projektledare kan ändra anmälningssidor."))


def _validate_page(page: IntakePage) -> None:
    errors: dict[str, list[str]] = {}
    page.slug = (page.slug or "").strip().lower()
    page.name = (page.name or "").strip()
    page.contact = (page.contact or "").strip()
    if not page.slug:
        errors["slug"] = [_("Ange sidans adress.")]
    elif not (3 <= len(page.slug) <= 60 and SLUG_PATTERN.match(page.slug)):
        errors["slug"] = [
            _(
                "Adressen får bara innehålla a–z, siffror och bindestreck (3–60 tecken), t.ex. ungdom-kristinehamn."
            )
        ]
    elif IntakePage.objects.filter(slug=page.slug).exclude(pk=page.pk).exists():
        errors["slug"] = [_("Adressen används redan av en annan sida. Välj en annan.")]
    if not page.name:
        errors["name"] = [_("Ange sidans namn.")]
    elif len(page.name) > 120:
        errors["name"] = [_("Namnet får vara högst 120 tecken.")]
    if not page.contact:
        errors["contact"] = [_("Ange hur man når organisationen med frågor om uppgifterna.")]
    elif len(page.contact) > 300:
        errors["contact"] = [_("Kontaktuppgifterna får vara högst 300 tecken.")]
    if page.organization_id is None:
        errors["organization"] = [_("Välj organisation.")]
    elif (
        page.project is not None and not page.project.organizations().filter(pk=page.organization_id).exists()
    ):
        errors["project"] = [_("Organisationen är inte med i projektet.")]
    if errors:
        raise ActionError(errors)


def _page_snapshot(page: IntakePage) -> dict[str, Any]:
    return {name: getattr(page, name) for name in PAGE_FIELDS}


@transaction.atomic
def create_page(
    user: "Actor",
    *,
    organization: Organization | None,
    project: Project | None = None,
    slug: str,
    name: str,
    contact: str,
    is_active: bool = True,
) -> IntakePage:
    """A new public self-referral page of ``organization`` (for ``project``, if given)."""
    _check_may_manage(user, project)
    page = IntakePage(
        organization=organization,
        project=project,
        slug=slug,
        name=name,
        contact=contact,
        is_active=is_active,
        created_by=acting_user(user),
    )
    _validate_page(page)
    page.save()
    record(user, AuditAction.CREATE, page, changes=diff({}, _page_snapshot(page)))
    return page


@transaction.atomic
def update_page(user: "Actor", page: IntakePage, *, version: int | str, **fields: Any) -> IntakePage:
    """Change a page; a leader may neither move it out of their project nor edit another's."""
    require(user, CHANGE, page)
    before = _page_snapshot(page)
    for name, value in fields.items():
        if name not in PAGE_FIELDS:
            raise TypeError(f"Unknown page field: {name}")
        setattr(page, name, value)
    _check_may_manage(user, page.project)
    _validate_page(page)
    after = _page_snapshot(page)
    save_versioned(page, version, list(PAGE_FIELDS))
    record(user, AuditAction.UPDATE, page, changes=diff(before, after))
    return page


@transaction.atomic
def set_retention_days(
    user: "Actor",
    organization: Organization,
    *,
    retention_days: int | str | None,
    version: int | str | None = None,
) -> IntakeSettings:
    """Set how many days an organisation keeps requests that did not become enrolments."""
    if user is not None and not scope_of(user).is_admin:
        raise NotAllowed()
    try:
        days = None if retention_days is None else int(retention_days)
    except (TypeError, ValueError):
        days = None
    if days is None or not MIN_RETENTION_DAYS <= days <= MAX_RETENTION_DAYS:
        raise ActionError(
            {
                "retention_days": [
                    _("Lagringstiden ska vara ett helt antal dagar mellan %(min)s och %(max)s.")
                    % {"min": MIN_RETENTION_DAYS, "max": MAX_RETENTION_DAYS}
                ]
            }
        )
    current, created = IntakeSettings.objects.get_or_create(
        organization=organization, defaults={"retention_days": days}
    )
    before = None if created else current.retention_days
    if not created:
        current.retention_days = days
        save_versioned(current, current.version if version is None else version, ["retention_days"])
    record(user, AuditAction.UPDATE, current, changes={"retention_days": [before, days]})
    return current


# --- The public form -----------------------------------------------------------------------------


def _phone_ok(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    return bool(PHONE_PATTERN.match(value)) and 7 <= len(digits) <= 15


@transaction.atomic
def submit_request(
    page: IntakePage,
    *,
    name: str | None,
    contact_method: str,
    phone: str | None = "",
    email: str | None = "",
    best_time: str | None = BestTime.ANY,
    message: str | None = "",
    age_group: str,
    on_behalf: bool = False,
    language: str = "sv",
) -> IntakeRequest:
    """Store one self-referral sent through ``page``. Messages are in the active language."""
    name = (name or "").strip()
    phone = (phone or "").strip()
    email = (email or "").strip()
    message = (message or "").strip()
    best_time = best_time or BestTime.ANY
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Skriv ditt namn.")]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("Namnet är för långt.")]
    if contact_method not in ContactMethod.values:
        errors["contact_method"] = [_("Välj hur vi ska kontakta dig.")]
    elif contact_method == ContactMethod.EMAIL:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Skriv en e-postadress, t.ex. namn@exempel.se.")]
        phone = ""
    else:
        if not _phone_ok(phone):
            errors["phone"] = [_("Skriv ett telefonnummer med siffror, t.ex. 070-123 45 67.")]
        email = ""
    if best_time not in BestTime.values:
        errors["best_time"] = [_("Välj när det passar bäst.")]
    if len(message) > MESSAGE_MAX_LENGTH:
        errors["message"] = [_("Meddelandet får vara högst %(max)s tecken.") % {"max": MESSAGE_MAX_LENGTH}]
    if age_group not in AgeGroup.values:
        errors["age_group"] = [_("Välj en åldersgrupp.")]
    if errors:
        raise ActionError(errors)
    intake_request = IntakeRequest.objects.create(
        page=page,
        name=name,
        contact_method=contact_method,
        phone=phone,
        email=email,
        best_time=best_time,
        message=message,
        age_group=age_group,
        on_behalf=bool(on_behalf),
        language=language,
    )
    record(None, AuditAction.CREATE, intake_request, detail=f"egenremiss via sidan {page.slug}")
    return intake_request


# --- The queue (staff) ---------------------------------------------------------------------------


@transaction.atomic
def log_callback(
    user: "Actor",
    intake_request: IntakeRequest,
    *,
    result: str,
    note: str | None = "",
    attempted_at: datetime.datetime | None = None,
) -> CallbackAttempt:
    """Log one try to reach the person; the first one moves the request from new to in contact.

    Attempts are only ever added, so two people logging calls at once do not conflict.
    """
    require(user, CHANGE, intake_request)
    note = (note or "").strip()
    now = timezone.now()
    attempted_at = attempted_at or now
    errors: dict[str, list[str]] = {}
    if intake_request.status == Status.CLOSED:
        raise ActionError(_("Anmälan är avslutad. Öppna den igen för att logga fler kontaktförsök."))
    if result not in CallbackResult.values:
        errors["result"] = [_("Välj hur kontaktförsöket gick.")]
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = [_("Anteckningen får vara högst %(max)s tecken.") % {"max": NOTE_MAX_LENGTH}]
    if attempted_at > now + datetime.timedelta(minutes=5):
        errors["attempted_at"] = [_("Tidpunkten kan inte vara i framtiden.")]
    elif attempted_at < intake_request.submitted_at - datetime.timedelta(minutes=1):
        errors["attempted_at"] = [_("Tidpunkten kan inte vara före anmälan skickades.")]
    if errors:
        raise ActionError(errors)
    attempt = CallbackAttempt.objects.create(
        request=intake_request,
        attempted_at=attempted_at,
        attempted_by=acting_user(user),
        result=result,
        note=note,
    )
    IntakeRequest.objects.filter(pk=intake_request.pk, status=Status.NEW).update(status=Status.CONTACTING)
    if intake_request.status == Status.NEW:
        intake_request.status = Status.CONTACTING
    record(
        user,
        AuditAction.CREATE,
        attempt,
        changes=diff(
            {},
            {
                "request": intake_request.pk,
                "attempted_at": attempted_at.isoformat(),
                "result": result,
            },
        ),
    )
    return attempt


REQUEST_CLOSE_FIELDS = ("status", "outcome", "outcome_note", "closed_at", "closed_by")


def _close_snapshot(intake_request: IntakeRequest) -> dict[str, Any]:
    return {
        "status": intake_request.status,
        "outcome": intake_request.outcome,
        "closed_at": intake_request.closed_at.isoformat() if intake_request.closed_at else None,
    }


@transaction.atomic
def close_request(
    user: "Actor", intake_request: IntakeRequest, *, version: int | str, outcome: str, note: str | None = ""
) -> IntakeRequest:
    """Close a request with what became of it (not enrolled: converting closes it as enrolled)."""
    require(user, CHANGE, intake_request)
    note = (note or "").strip()
    if intake_request.status == Status.CLOSED:
        raise ActionError(_("Anmälan är redan avslutad."))
    errors: dict[str, list[str]] = {}
    if outcome not in [o.value for o in CLOSING_OUTCOMES]:
        errors["outcome"] = [
            _("Välj utfall: hänvisad till annan aktör, inte i målgruppen eller gick inte att nå.")
        ]
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = [_("Anteckningen får vara högst %(max)s tecken.") % {"max": NOTE_MAX_LENGTH}]
    if errors:
        raise ActionError(errors)
    before = _close_snapshot(intake_request)
    intake_request.status = Status.CLOSED
    intake_request.outcome = outcome
    intake_request.outcome_note = note
    intake_request.closed_at = timezone.now()
    intake_request.closed_by = acting_user(user)
    save_versioned(intake_request, version, list(REQUEST_CLOSE_FIELDS))
    record(user, AuditAction.UPDATE, intake_request, changes=diff(before, _close_snapshot(intake_request)))
    return intake_request


@transaction.atomic
def reopen_request(user: "Actor", intake_request: IntakeRequest, *, version: int | str) -> IntakeRequest:
    """Open a closed request again (a mistake, or the person called back); not one that was converted."""
    require(user, CHANGE, intake_request)
    if intake_request.status != Status.CLOSED:
        raise ActionError(_("Anmälan är inte avslutad."))
    if intake_request.enrollment_id is not None:
        raise ActionError(_("Anmälan har blivit en inskrivning och kan inte öppnas igen."))
    before = _close_snapshot(intake_request)
    has_attempts = intake_request.attempts.exists()
    intake_request.status = Status.CONTACTING if has_attempts else Status.NEW
    intake_request.outcome = ""
    intake_request.outcome_note = ""
    intake_request.closed_at = None
    intake_request.closed_by = None
    save_versioned(intake_request, version, list(REQUEST_CLOSE_FIELDS))
    record(user, AuditAction.UPDATE, intake_request, changes=diff(before, _close_snapshot(intake_request)))
    return intake_request


def _may_see(user: "Actor", person: Person) -> bool:
    return may(user, VIEW, person)


def existing_person(personnummer: str | None) -> Person | None:
    """The person already registered with this number, if any (the number is parsed first)."""
    number = (personnummer or "").strip()
    if not number:
        return None
    try:
        parsed = pnr.parse(number)
    except ValidationError as exc:
        raise ActionError({"personnummer": exc.messages}) from None
    return Person.objects.filter(personnummer=parsed.number, merged_into__isnull=True).first()


@transaction.atomic
def convert_request(
    user: "Actor",
    intake_request: IntakeRequest,
    *,
    version: int | str,
    project: Project,
    organization: Organization,
    start_date: datetime.date,
    personnummer: str = "",
    protected_identity: bool = False,
    person_fields: dict[str, Any],
    coordinator: "User | None" = None,
    **enrollment_fields: Any,
) -> Enrollment:
    """Turn a request into a person and an enrolment (intake channel and referrer ``egenremiss``).

    The person and the enrolment are written by the participants actions, so they are checked and
    audited exactly like any other; a person already registered with the same personnummer (and
    visible to the user) is reused rather than registered twice. The request keeps the link to
    the enrolment and is closed as enrolled.
    """
    require(user, CHANGE, intake_request)
    if intake_request.enrollment_id is not None:
        raise ActionError(_("Anmälan har redan blivit en inskrivning."))
    if intake_request.status == Status.CLOSED:
        raise ActionError(_("Anmälan är avslutad. Öppna den igen innan du skriver in personen."))
    person = None if protected_identity else existing_person(personnummer)
    if person is not None and user is not None and not _may_see(user, person):
        # Someone you may not see: say what the register would say, and write nothing.
        raise ActionError({"personnummer": [rules.personnummer_taken_message()]})
    if person is None:
        person = participant_actions.register_person(
            user,
            organization=organization,
            personnummer=personnummer,
            protected_identity=protected_identity,
            **person_fields,
        )
    enrollment_fields.update(referrer=Referrer.EGENREMISS, intake_channel=IntakeChannel.EGENREMISS)
    enrollment = participant_actions.enroll_participant(
        user,
        person,
        project=project,
        organization=organization,
        start_date=start_date,
        coordinator=coordinator,
        **enrollment_fields,
    )
    before = _close_snapshot(intake_request)
    intake_request.enrollment = enrollment
    intake_request.status = Status.CLOSED
    intake_request.outcome = Outcome.ENROLLED
    intake_request.outcome_note = ""
    intake_request.closed_at = timezone.now()
    intake_request.closed_by = acting_user(user)
    save_versioned(intake_request, version, list(REQUEST_CLOSE_FIELDS) + ["enrollment"])
    record(
        user,
        AuditAction.UPDATE,
        intake_request,
        person=person,
        changes={**diff(before, _close_snapshot(intake_request)), "enrollment": [None, enrollment.pk]},
    )
    return enrollment

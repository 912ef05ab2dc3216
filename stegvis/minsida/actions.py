"""Every write of Min sida: validate, write and audit in one transaction.

Staff actions take the staff ``user`` (``None``: the command line, audited as the system). The
participant's own actions take no user at all: the participant is not a staff account, so their
entries have no user and a detail that says the participant acted (``docs/minsida.md``). The
caller has found the rows among the enrolments of the participant's own session
(:mod:`stegvis.minsida.session`), which is the participant's whole authority.
"""

import datetime
from typing import TYPE_CHECKING, TypeVar

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.audit.log import AuditAction, record
from stegvis.consent.models import Consent
from stegvis.core.access import CHANGE, acting_user, may
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.minsida.models import MinSidaLink, Via, WithdrawalRequest
from stegvis.participants import onetime_links
from stegvis.participants.models import Enrollment, Person
from stegvis.participants.onetime_links import QR, LinkUnusable
from stegvis.progression.models import SelfAssessmentLink
from stegvis.progression.selfassessment.actions import instrument_for

if TYPE_CHECKING:
    from stegvis.core.access import Actor

MAX_VALID_DAYS = 30
_Row = TypeVar("_Row", bound=models.Model)
#: How long a self-assessment link the participant makes on Min sida works (they answer at once).
SELF_ASSESSMENT_DAYS = 1
#: At most this many self-assessment links a day from Min sida per enrolment.
SELF_ASSESSMENT_LINKS_PER_DAY = 5
#: What the staff pages show as the channel of a self-assessment link made on Min sida.
SELF_ASSESSMENT_CHANNEL = "Min sida"

# Details of the participant's own entries; staff read the log in Swedish.
OPENED_WITH_LINK = "Min sida öppnad med länk"
OPENED_WITH_EID = "Min sida öppnad med e-legitimation"
EID_REFUSED = "Min sida: inloggning med e-legitimation nekad"
VIEWED_OWN_PAGE = "Deltagaren läste sin egen sida (Min sida)"
WITHDRAWAL_ASKED = "Deltagaren bad på Min sida att få återkalla samtycket"


def default_valid_days() -> int:
    return int(settings.MINSIDA_LINK_DAYS)


def _from(ip: str | None) -> str:
    return f" (från adressen {ip or 'okänd'})"


# --- Links (staff) -------------------------------------------------------------------------------


@transaction.atomic
def create_link(
    user: "Actor",
    enrollment: Enrollment,
    *,
    language: str,
    valid_days: int | str | None = None,
    channel: str = QR,
    now: datetime.datetime | None = None,
) -> tuple[MinSidaLink, str]:
    """Make a link to Min sida for one ongoing enrolment; returns ``(link, raw_token)``.

    ``user`` must be allowed to change the enrolment (``None``: the command line). The raw token
    is returned once, to be shown or sent at once; only its hash is stored.
    """
    if user is not None and not may(user, CHANGE, enrollment):
        raise NotAllowed()
    now = now or timezone.now()
    person = enrollment.person
    days, errors = onetime_links.validate_request(
        person,
        language=language,
        valid_days=default_valid_days() if valid_days is None else valid_days,
        channel=channel,
        max_valid_days=MAX_VALID_DAYS,
        language_error=_("Välj ett av språken i listan."),
        valid_days_error=_("Länken kan gälla från 1 till %(max)s dagar.") % {"max": MAX_VALID_DAYS},
    )
    today = timezone.localdate(now)
    if enrollment.end_date and enrollment.end_date < today:
        errors["__all__"] = [_("Inskrivningen är avslutad; Min sida visar bara pågående inskrivningar.")]
    if person.anonymised_at is not None or person.merged_into_id is not None:
        errors["__all__"] = [_("Deltagarens uppgifter finns inte längre kvar.")]
    if errors:
        raise ActionError(errors)
    return onetime_links.create(
        user,
        MinSidaLink,
        person=person,
        days=days,
        now=now,
        audited={"language": language, "channel": channel},
        enrollment=enrollment,
        language=language,
        channel=channel,
    )


# The SMS / e-mail text in the participant's language: no names, nothing but the link.
MESSAGE = onetime_links.Message(
    subject=gettext_lazy("Din länk till Min sida"),
    text=gettext_lazy(
        "Hej! Här är din länk till Min sida. Där ser du din plan och hur det går för dig. "
        "Länken gäller till %(date)s: %(url)s"
    ),
    kind="minsida_link",
)


def send_link(user: "Actor", link: MinSidaLink, url: str) -> MinSidaLink:
    """Send the link by its channel to the person's phone or e-mail, and audit it."""
    return onetime_links.send_link(user, link, url, MESSAGE)


def _close(
    user: "Actor", row: _Row, enrollment: Enrollment, field: str, by_field: str, now: datetime.datetime | None
) -> _Row:
    """Stamp ``row`` closed (when, and by whom) if ``user`` may change the enrolment; audited once."""
    if user is not None and not may(user, CHANGE, enrollment):
        raise NotAllowed()
    if getattr(row, field) is not None:
        return row
    setattr(row, field, now or timezone.now())
    setattr(row, by_field, acting_user(user))
    row.save(update_fields=[field, by_field])
    changes = {field: [None, getattr(row, field).isoformat()]}
    record(user, AuditAction.UPDATE, row, person=enrollment.person, changes=changes)
    return row


@transaction.atomic
def revoke_link(user: "Actor", link: MinSidaLink, *, now: datetime.datetime | None = None) -> MinSidaLink:
    """Stop a link from opening sessions (a lost phone, a link sent to the wrong number).

    A session the link opened ends at its next request.
    """
    link = MinSidaLink.objects.select_for_update().select_related("enrollment__person").get(pk=link.pk)
    return _close(user, link, link.enrollment, "revoked_at", "revoked_by", now)


# --- Sessions (the participant) ------------------------------------------------------------------


def check_usable(link: MinSidaLink, now: datetime.datetime | None = None) -> None:
    """Raise :class:`LinkUnusable` for a revoked or expired link (or a person no longer held)."""
    if link.revoked_at is not None:
        raise LinkUnusable("revoked")
    person = link.enrollment.person
    if person.anonymised_at is not None or person.merged_into_id is not None:
        raise LinkUnusable("gone")
    onetime_links.check_usable(used=False, expires_at=link.expires_at, now=now)


@transaction.atomic
def open_with_link(
    link: MinSidaLink, *, ip: str | None = None, now: datetime.datetime | None = None
) -> MinSidaLink:
    """Count one opening of ``link`` and audit it; refuses a link that no longer works."""
    now = now or timezone.now()
    link = MinSidaLink.objects.select_for_update().select_related("enrollment__person").get(pk=link.pk)
    check_usable(link, now)
    link.opened_count += 1
    link.last_opened_at = now
    link.save(update_fields=["opened_count", "last_opened_at"])
    record(None, AuditAction.LOGIN, link, person=link.enrollment.person, detail=OPENED_WITH_LINK + _from(ip))
    return link


def record_eid_login(person: Person, enrollment_ids: list[int], *, ip: str | None = None) -> None:
    record(
        None,
        AuditAction.LOGIN,
        person,
        changes={"enrollments": [None, ", ".join(str(pk) for pk in sorted(enrollment_ids))]},
        detail=OPENED_WITH_EID + _from(ip),
    )


def record_eid_refusal(reason: str, *, person: Person | None = None, ip: str | None = None) -> None:
    """A refused e-legitimation login; the personnummer is never written (the person, if found, is)."""
    if person is not None:
        record(None, AuditAction.LOGIN, person, detail=f"{EID_REFUSED}: {reason}{_from(ip)}")
    else:
        record(
            None, AuditAction.LOGIN, object_type="minsida.eid", detail=f"{EID_REFUSED}: {reason}{_from(ip)}"
        )


def record_page_view(person: Person, enrollment_ids: list[int], page: str) -> None:
    """The participant read their own page: one entry on the person, saying so."""
    record(
        None,
        AuditAction.VIEW,
        person,
        changes={"enrollments": [None, ", ".join(str(pk) for pk in sorted(enrollment_ids))]},
        detail=f"{VIEWED_OWN_PAGE}: {page}",
    )


@transaction.atomic
def start_self_assessment(
    enrollment: Enrollment, *, language: str, now: datetime.datetime | None = None
) -> tuple[SelfAssessmentLink, str]:
    """A self-assessment link the participant makes for themself, to answer at once.

    The same kind of link a coordinator makes (``stegvis.progression.selfassessment``): one use,
    the project's card, here valid for a day, made by nobody on the staff and audited with the
    channel "Min sida" (the staff pages list it among the coordinators' links). The caller checks
    that a measurement is due (the schedule) for an enrolment of the participant's own session.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if enrollment.end_date and enrollment.end_date < today:
        raise ActionError({"__all__": [_("Inskrivningen är avslutad.")]})
    instrument = instrument_for(enrollment)
    if instrument is None:
        raise ActionError({"__all__": [_("Frågorna finns inte just nu. Prata med din koordinator.")]})
    made_today = SelfAssessmentLink.objects.filter(
        enrollment=enrollment,
        created_by__isnull=True,
        channel=SELF_ASSESSMENT_CHANNEL,
        created_at__gte=now - datetime.timedelta(days=1),
    ).count()
    if made_today >= SELF_ASSESSMENT_LINKS_PER_DAY:
        raise ActionError({"__all__": [_("Du har redan fått frågorna i dag. Prata med din koordinator.")]})
    link, raw = onetime_links.create(
        None,
        SelfAssessmentLink,
        person=enrollment.person,
        days=SELF_ASSESSMENT_DAYS,
        now=now,
        audited={"instrument": instrument.code, "language": language, "channel": SELF_ASSESSMENT_CHANNEL},
        enrollment=enrollment,
        instrument=instrument,
        language=language,
        channel=SELF_ASSESSMENT_CHANNEL,
    )
    return link, raw


@transaction.atomic
def request_withdrawal(consent: Consent, *, via: str) -> tuple[WithdrawalRequest, bool]:
    """The participant asks to withdraw ``consent``; returns ``(request, created)``.

    A consent already withdrawn cannot be asked about; asking again while a request waits gives
    the waiting one. Staff see the request on the participant page, in their list of requests
    and in the daily reminder; withdrawing the consent (``stegvis.consent``) answers it.
    """
    consent = Consent.objects.select_for_update().select_related("enrollment__person").get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ActionError({"consent": [_("Samtycket är redan återkallat.")]})
    if via not in Via.values:
        raise ValueError(f"unknown way in: {via!r}")
    waiting = WithdrawalRequest.objects.filter(consent=consent, handled_at__isnull=True).first()
    if waiting is not None:
        return waiting, False
    try:
        with transaction.atomic():
            request = WithdrawalRequest.objects.create(consent=consent, via=via)
    except IntegrityError:  # asked twice at the same moment: one request
        return WithdrawalRequest.objects.get(consent=consent, handled_at__isnull=True), False
    record(
        None,
        AuditAction.CREATE,
        request,
        person=consent.enrollment.person,
        changes={"consent": [None, consent.pk], "kind": [None, consent.kind]},
        detail=WITHDRAWAL_ASKED,
    )
    return request, True


@transaction.atomic
def mark_request_handled(
    user: "Actor", request: WithdrawalRequest, *, now: datetime.datetime | None = None
) -> WithdrawalRequest:
    """Staff close a request without withdrawing (the participant changed their mind, say)."""
    request = (
        WithdrawalRequest.objects.select_for_update()
        .select_related("consent__enrollment__person")
        .get(pk=request.pk)
    )
    return _close(user, request, request.consent.enrollment, "handled_at", "handled_by", now)

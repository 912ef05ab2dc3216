"""Every write of self-assessment links: create, send, keep the answers given so far, send the answers.

Validate, write, audit in one transaction. The answers a participant has given but not yet sent
wait on the link (``draft_answers``), so a closed tab, a lost connection or a phone left idle
loses nothing; they are personal data and go when the answers are sent, when the link is found
expired (:func:`clear_draft`), and in the retention run for links that expired unopened.
"""

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.audit.log import AuditAction, record
from stegvis.core.access import CHANGE, may
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.participants import onetime_links
from stegvis.participants.models import Enrollment
from stegvis.participants.onetime_links import QR, LinkUnusable  # noqa: F401 (LinkUnusable: for the pages)
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import (
    Instrument,
    Measurement,
    ProjectProgressionSettings,
    Respondent,
    SelfAssessmentLink,
    Source,
)

if TYPE_CHECKING:
    from stegvis.core.access import Actor

MAX_VALID_DAYS = 30
DEFAULT_VALID_DAYS = 7


def instrument_for(enrollment: Enrollment) -> Instrument | None:
    """The newest active version of the project's primary instrument (the default card if unset)."""
    code = (
        ProjectProgressionSettings.objects.filter(project_id=enrollment.project_id)
        .values_list("primary_instrument_code", flat=True)
        .first()
        or "progressionskort"
    )
    return Instrument.objects.filter(code=code, is_active=True).order_by("-version").first()


@transaction.atomic
def create_link(
    user: "Actor",
    enrollment: Enrollment,
    *,
    language: str,
    valid_days: int | str = DEFAULT_VALID_DAYS,
    channel: str = QR,
    now: datetime.datetime | None = None,
) -> tuple[SelfAssessmentLink, str]:
    """Make a one-time link for the enrolment; returns ``(link, raw_token)``.

    The raw token is returned once, to be shown or sent at once; only its hash is stored.
    """
    if not may(user, CHANGE, enrollment):
        raise NotAllowed()
    now = now or timezone.now()
    person = enrollment.person
    days, errors = onetime_links.validate_request(
        person,
        language=language,
        valid_days=valid_days,
        channel=channel,
        max_valid_days=MAX_VALID_DAYS,
        language_error=_("Välj ett av språken i listan."),
        valid_days_error=_("Länken kan gälla från 1 till %(max)s dagar.") % {"max": MAX_VALID_DAYS},
    )
    today = timezone.localdate(now)
    if enrollment.end_date and enrollment.end_date < today:
        errors["__all__"] = [_("Inskrivningen är avslutad; svar kan inte längre registreras.")]
    instrument = instrument_for(enrollment)
    if instrument is None:
        errors["__all__"] = [_("Projektet har inget progressionskort i bruk.")]
    if errors or instrument is None:
        raise ActionError(errors)
    return onetime_links.create(
        user,
        SelfAssessmentLink,
        person=person,
        days=days,
        now=now,
        audited={"instrument": instrument.code, "language": language, "channel": channel},
        enrollment=enrollment,
        instrument=instrument,
        language=language,
        channel=channel,
    )


# The SMS / e-mail text in the participant's language: no names, nothing but the link.
MESSAGE = onetime_links.Message(
    subject=gettext_lazy("Frågor om hur det går för dig"),
    text=gettext_lazy(
        "Hej! Här är frågorna om hur det går för dig. Det tar bara några minuter. "
        "Länken kan användas en gång och gäller till %(date)s: %(url)s"
    ),
    kind="selfassessment_link",
)


def send_link(user: "Actor", link: SelfAssessmentLink, url: str) -> SelfAssessmentLink:
    """Send the link by the link's channel to the person's phone or e-mail, and audit it."""
    onetime_links.send_link(user, link, url, MESSAGE)
    return link


def check_usable(link: SelfAssessmentLink, now: datetime.datetime | None = None) -> None:
    """Raise :class:`LinkUnusable` for a used or expired link."""
    onetime_links.check_usable(used=link.used_at is not None, expires_at=link.expires_at, now=now)


class AlreadyAnsweredToday(ActionError):
    """The participant's answers to this card are already recorded for today (one card a day).

    The answers given on the link stay, so they can be sent another day while the link is valid.
    """

    def __init__(self) -> None:
        super().__init__(_("Svar på de här frågorna är redan skickade i dag."), code="answered_today")


def answered_today(link: SelfAssessmentLink, now: datetime.datetime | None = None) -> bool:
    """Whether the participant's own answers to the link's card are already recorded today.

    Measurements are one per enrolment, card, respondent and day, from any source (another
    link, or the participant's answers registered in a meeting).
    """
    return Measurement.objects.filter(
        enrollment_id=link.enrollment_id,
        instrument_id=link.instrument_id,
        respondent=Respondent.PARTICIPANT,
        date=timezone.localdate(now or timezone.now()),
    ).exists()


def _locked(link: SelfAssessmentLink) -> SelfAssessmentLink:
    return (
        SelfAssessmentLink.objects.select_for_update()
        .select_related("enrollment__person", "instrument")
        .get(pk=link.pk)
    )


@transaction.atomic
def save_answer(
    link: SelfAssessmentLink, *, item_code: str, value: int | None, now: datetime.datetime | None = None
) -> SelfAssessmentLink:
    """Keep one answer on the link until the answers are sent (``None``: "vet inte / vill inte svara").

    The link row is locked, so two tabs never lose each other's answers. The first answer of a
    draft is audited (the participant has started); the rest are not one by one, since the answers
    are audited in full when they are sent, and a draft that is never sent is removed.
    """
    now = now or timezone.now()
    locked = _locked(link)
    check_usable(locked, now)
    item = locked.instrument.items.filter(code=item_code).first()
    if item is None:
        raise ActionError({"answer": [_("Frågan finns inte på kortet.")]})
    if value is None and not locked.instrument.allow_dont_know:
        raise ActionError({"answer": [_("Välj ett svar.")]})
    if value is not None and not item.scale_min <= value <= item.scale_max:
        raise ActionError({"answer": [_("Välj ett svar.")]})
    started = not locked.draft_answers
    locked.draft_answers = {**locked.draft_answers, item_code: value}
    locked.draft_saved_at = now
    locked.save(update_fields=["draft_answers", "draft_saved_at"])
    if started:
        with translation.override(settings.LANGUAGE_CODE):  # the log is read by staff, in Swedish
            detail = _("Deltagaren har börjat svara via länken")
        record(None, AuditAction.UPDATE, locked, person=locked.enrollment.person, detail=detail)
    link.draft_answers, link.draft_saved_at = locked.draft_answers, locked.draft_saved_at
    return link


@transaction.atomic
def clear_draft(link: SelfAssessmentLink) -> bool:
    """Remove the answers kept on a link that can no longer send them (it has expired); audited.

    Returns whether there was anything to remove.
    """
    cleared = SelfAssessmentLink.objects.filter(pk=link.pk, draft_saved_at__isnull=False).update(
        draft_answers={}, draft_saved_at=None
    )
    if cleared:
        with translation.override(settings.LANGUAGE_CODE):
            detail = _("Svar som inte skickades är borttagna: länken gäller inte längre")
        record(None, AuditAction.UPDATE, link, person=link.enrollment.person, detail=detail)
    link.draft_answers, link.draft_saved_at = {}, None
    return bool(cleared)


@transaction.atomic
def submit_answers(
    link: SelfAssessmentLink, *, answers: dict[str, Any], now: datetime.datetime | None = None
) -> Measurement:
    """Record the participant's answers once: a Measurement by the participant from their own phone.

    The row is locked so two taps on "send" (or two phones) cannot both record. Refused with
    :class:`AlreadyAnsweredToday` when the card is already answered today; the answers kept on
    the link are emptied once recorded.
    """
    now = now or timezone.now()
    link = _locked(link)
    check_usable(link, now)
    if answered_today(link, now):
        raise AlreadyAnsweredToday()
    measurement = record_measurement(
        None,
        link.enrollment,
        link.instrument,
        respondent=Respondent.PARTICIPANT,
        date=timezone.localdate(now),
        answers=answers,
        source=Source.SELF_LINK,
        language=link.language,
    )
    link.used_at = now
    link.measurement = measurement
    link.draft_answers, link.draft_saved_at = {}, None  # sent: the measurement holds them now
    link.save(update_fields=["used_at", "measurement", "draft_answers", "draft_saved_at"])
    with translation.override(settings.LANGUAGE_CODE):  # the log is read by staff, in Swedish
        detail = _("Besvarad av deltagaren via länk")
    record(
        None,
        AuditAction.UPDATE,
        link,
        person=link.enrollment.person,
        changes={"used_at": [None, now.isoformat()]},
        detail=detail,
    )
    return measurement

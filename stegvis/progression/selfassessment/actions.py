"""Every write of self-assessment links: create, send, answer. Validate, write, audit in one transaction."""

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


@transaction.atomic
def submit_answers(
    link: SelfAssessmentLink, *, answers: dict[str, Any], now: datetime.datetime | None = None
) -> Measurement:
    """Record the participant's answers once: a Measurement by the participant from their own phone.

    The row is locked so two taps on "send" (or two phones) cannot both record.
    """
    now = now or timezone.now()
    link = (
        SelfAssessmentLink.objects.select_for_update()
        .select_related("enrollment", "instrument")
        .get(pk=link.pk)
    )
    check_usable(link, now)
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
    link.save(update_fields=["used_at", "measurement"])
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

"""Every write of self-assessment links: create, send, answer. Validate, write, audit in one transaction."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record
from stegvis.core import messaging
from stegvis.core.access import CHANGE
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.participants.models import Enrollment
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Instrument, ProjectProgressionSettings, Respondent, SelfAssessmentLink, Source
from stegvis.progression.selfassessment.tokens import new_token

QR, SMS, EMAIL = "qr", "sms", "email"
CHANNELS = (QR, SMS, EMAIL)
MAX_VALID_DAYS = 30
DEFAULT_VALID_DAYS = 7


class LinkUnusable(ActionError):
    """The link was used or has expired; the participant sees a page telling them whom to ask."""

    def __init__(self, reason):
        self.reason = reason
        super().__init__(_("Länken går inte att använda längre."), code=reason)


def participant_language_codes():
    return [code for code, _name in settings.PARTICIPANT_LANGUAGES]


def instrument_for(enrollment):
    """The newest active version of the project's primary instrument (the default card if unset)."""
    code = (
        ProjectProgressionSettings.objects.filter(project_id=enrollment.project_id)
        .values_list("primary_instrument_code", flat=True).first()
        or "progressionskort"
    )
    return Instrument.objects.filter(code=code, is_active=True).order_by("-version").first()


@transaction.atomic
def create_link(user, enrollment, *, language, valid_days=DEFAULT_VALID_DAYS, channel=QR, now=None):
    """Make a one-time link for the enrolment; returns ``(link, raw_token)``.

    The raw token is returned once, to be shown or sent at once; only its hash is stored.
    """
    if not Enrollment.objects.restrict(user, CHANGE).filter(pk=enrollment.pk).exists():
        raise NotAllowed()
    now = now or timezone.now()
    errors = {}
    if language not in participant_language_codes():
        errors["language"] = [_("Välj ett av språken i listan.")]
    try:
        valid_days = int(valid_days)
    except (TypeError, ValueError):
        valid_days = 0
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        errors["valid_days"] = [_("Länken kan gälla från 1 till %(max)s dagar.") % {"max": MAX_VALID_DAYS}]
    if channel not in CHANNELS:
        errors["channel"] = [_("Välj hur länken ska lämnas.")]
    person = enrollment.person
    if channel == SMS and not messaging.is_phone_number(person.phone):
        errors["channel"] = [_("Deltagaren har inget mobilnummer registrerat.")]
    if channel == EMAIL and not person.email:
        errors["channel"] = [_("Deltagaren har ingen e-postadress registrerad.")]
    today = timezone.localdate(now)
    if enrollment.end_date and enrollment.end_date < today:
        errors["__all__"] = [_("Inskrivningen är avslutad; svar kan inte längre registreras.")]
    instrument = instrument_for(enrollment)
    if instrument is None:
        errors["__all__"] = [_("Projektet har inget progressionskort i bruk.")]
    if errors:
        raise ActionError(errors)
    raw, token_hash = new_token()
    authenticated = user is not None and user.is_authenticated
    link = SelfAssessmentLink.objects.create(
        token_hash=token_hash, enrollment=enrollment, instrument=instrument, language=language,
        channel=channel, created_by=user if authenticated else None,
        expires_at=now + datetime.timedelta(days=valid_days),
    )
    record(user, AuditAction.CREATE, link, person=person, changes={
        "instrument": [None, instrument.code], "language": [None, language], "channel": [None, channel],
        "expires_at": [None, link.expires_at.isoformat()],
    })
    return link, raw


def message_text(link, url):
    """The SMS / e-mail text in the participant's language: no names, nothing but the link."""
    with translation.override(link.language):
        subject = _("Frågor om hur det går för dig")
        text = _(
            "Hej! Här är frågorna om hur det går för dig. Det tar bara några minuter. "
            "Länken kan användas en gång och gäller till %(date)s: %(url)s"
        ) % {"date": timezone.localtime(link.expires_at).strftime("%Y-%m-%d"), "url": url}
    return subject, text


@transaction.atomic
def send_link(user, link, url):
    """Send the link by the link's channel to the person's phone or e-mail, and audit it."""
    enrollment = link.enrollment
    if not Enrollment.objects.restrict(user, CHANGE).filter(pk=enrollment.pk).exists():
        raise NotAllowed()
    person = enrollment.person
    subject, text = message_text(link, url)
    if link.channel not in (SMS, EMAIL):
        raise ActionError({"channel": [_("Länken visas som QR-kod och skickas inte.")]})
    if link.channel == SMS and not messaging.is_phone_number(person.phone):
        raise ActionError({"channel": [_("Deltagaren har inget mobilnummer registrerat.")]})
    if link.channel == EMAIL and not person.email:
        raise ActionError({"channel": [_("Deltagaren har ingen e-postadress registrerad.")]})
    try:
        if link.channel == SMS:
            messaging.send_sms(person.phone, text, kind="selfassessment_link", person=person)
        else:
            messaging.send_email(person.email, subject, text, kind="selfassessment_link", person=person)
    except messaging.SendError:
        raise ActionError({"channel": [_("Meddelandet kunde inte skickas. Försök igen eller visa QR-koden i stället.")]}) from None
    detail = "sms" if link.channel == SMS else "e-post"
    record(user, AuditAction.EXPORT, link, person=person, detail=detail)
    return link


def check_usable(link, now=None):
    """Raise :class:`LinkUnusable` for a used or expired link."""
    now = now or timezone.now()
    if link.used_at is not None:
        raise LinkUnusable("used")
    if link.expires_at <= now:
        raise LinkUnusable("expired")


@transaction.atomic
def submit_answers(link, answers, *, now=None):
    """Record the participant's answers once: a Measurement by the participant from their own phone.

    The row is locked so two taps on "send" (or two phones) cannot both record.
    """
    now = now or timezone.now()
    link = SelfAssessmentLink.objects.select_for_update().select_related("enrollment", "instrument").get(pk=link.pk)
    check_usable(link, now)
    measurement = record_measurement(
        None, link.enrollment, link.instrument, respondent=Respondent.PARTICIPANT,
        date=timezone.localdate(now), answers=answers, source=Source.SELF_LINK, language=link.language,
    )
    link.used_at = now
    link.measurement = measurement
    link.save(update_fields=["used_at", "measurement"])
    with translation.override(settings.LANGUAGE_CODE):  # the log is read by staff, in Swedish
        detail = _("Besvarad av deltagaren via länk")
    record(None, AuditAction.UPDATE, link, person=link.enrollment.person,
           changes={"used_at": [None, now.isoformat()]}, detail=detail)
    return measurement

"""Self-referral (egenremiss): public pages, the requests sent through them and call-back attempts.

A person who wants support fills in a short public form; the organisation's intake staff call
back, log each attempt, and either convert the request into a person and an enrolment (the link
is kept) or close it with an outcome. Requests never converted are deleted after the
organisation's retention period (:mod:`stegvis.intake.retention`): the form collects the
minimum, and keeps it no longer than needed.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import Record, RestrictedModel, UpdatedAtModel, VersionedModel, staff_reference
from stegvis.organizations.models import Organization, Project
from stegvis.participants.models import Enrollment

DEFAULT_RETENTION_DAYS = 90
MESSAGE_MAX_LENGTH = 500
NAME_MAX_LENGTH = 100


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Ring mig")
    SMS = "sms", _("Skicka sms")
    EMAIL = "email", _("Skicka e-post")


class BestTime(models.TextChoices):
    ANY = "any", _("När som helst")
    MORNING = "morning", _("Förmiddag")
    AFTERNOON = "afternoon", _("Eftermiddag")
    EVENING = "evening", _("Efter klockan 16")


class AgeGroup(models.TextChoices):
    UNDER_16 = "under_16", _("Under 16 år")
    AGE_16_19 = "16_19", _("16–19 år")
    AGE_20_24 = "20_24", _("20–24 år")
    AGE_25_29 = "25_29", _("25–29 år")
    AGE_30_49 = "30_49", _("30–49 år")
    AGE_50_PLUS = "50_plus", _("50 år eller äldre")


class Status(models.TextChoices):
    NEW = "new", _("Ny")
    CONTACTING = "contacting", _("Kontakt pågår")
    CLOSED = "closed", _("Avslutad")


class Outcome(models.TextChoices):
    ENROLLED = "enrolled", _("Inskriven")
    REFERRED = "referred", _("Hänvisad till annan aktör")
    NOT_TARGET = "not_target", _("Inte i målgruppen")
    NO_ANSWER = "no_answer", _("Gick inte att nå")


# Outcomes staff choose when closing by hand; "enrolled" is set only by converting the request.
CLOSING_OUTCOMES = (Outcome.REFERRED, Outcome.NOT_TARGET, Outcome.NO_ANSWER)


class CallbackResult(models.TextChoices):
    REACHED = "reached", _("Fick kontakt")
    NO_ANSWER = "no_answer", _("Inget svar")
    LEFT_MESSAGE = "left_message", _("Lämnade meddelande")
    WRONG_NUMBER = "wrong_number", _("Fel nummer eller adress")


class IntakeSettings(VersionedModel, UpdatedAtModel):
    """An organisation's intake settings: how long unconverted requests are kept."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="intake_settings", verbose_name=_("organisation")
    )
    retention_days = models.PositiveIntegerField(
        _("lagringstid (dagar)"),
        default=DEFAULT_RETENTION_DAYS,
        help_text=_(
            "Anmälningar som inte blivit inskrivningar raderas så här många dagar efter att de skickades."
        ),
    )

    class Meta:
        verbose_name = _("intagsinställningar")
        verbose_name_plural = _("intagsinställningar")

    def __str__(self):
        return f"{self.organization}: {self.retention_days}"


def retention_days_of(organization):
    """The organisation's retention period in days (the default when it has not set one)."""
    return (
        IntakeSettings.objects.filter(organization=organization)
        .values_list("retention_days", flat=True)
        .first()
        or DEFAULT_RETENTION_DAYS
    )


class IntakePage(Record):
    """One public self-referral form of an organisation, optionally for one of its projects."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="intake_pages", verbose_name=_("organisation")
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intake_pages",
        verbose_name=_("projekt"),
    )
    slug = models.SlugField(
        _("adress"),
        max_length=60,
        unique=True,
        help_text=_("Sidans adress: /anmalan/<adress>/. Små bokstäver, siffror och bindestreck."),
    )
    name = models.CharField(_("namn"), max_length=120, help_text=_("Visas på sidan, t.ex. ”Ungdomsintaget”."))
    contact = models.CharField(
        _("kontaktuppgifter"),
        max_length=300,
        help_text=_(
            "Hur man når organisationen med frågor om uppgifterna, t.ex. telefon och e-post. "
            "Visas i integritetsinformationen."
        ),
    )
    is_active = models.BooleanField(_("öppen för anmälningar"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("anmälningssida")
        verbose_name_plural = _("anmälningssidor")
        ordering = ["organization__name", "name"]

    def __str__(self):
        return self.name


#: What the sender of a self-referral fills in on the public form (the rest is staff's work).
SUBMITTED_FIELDS = (
    "name",
    "contact_method",
    "phone",
    "email",
    "best_time",
    "message",
    "age_group",
    "on_behalf",
)


class IntakeRequest(VersionedModel, UpdatedAtModel, RestrictedModel):
    """One self-referral: only what the public form asks, plus what staff did with it."""

    page = models.ForeignKey(
        IntakePage, on_delete=models.PROTECT, related_name="requests", verbose_name=_("sida")
    )
    name = models.CharField(_("namn"), max_length=NAME_MAX_LENGTH)
    contact_method = models.CharField(_("kontaktsätt"), max_length=8, choices=ContactMethod.choices)
    phone = models.CharField(_("telefon"), max_length=32, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    best_time = models.CharField(
        _("bästa tid"), max_length=12, choices=BestTime.choices, default=BestTime.ANY
    )
    message = models.TextField(_("meddelande"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    age_group = models.CharField(_("åldersgrupp"), max_length=10, choices=AgeGroup.choices)
    on_behalf = models.BooleanField(_("förälder skriver för en ung person"), default=False)
    language = models.CharField(_("sidans språk"), max_length=8, default="sv")
    submitted_at = models.DateTimeField(_("skickad"), default=timezone.now, db_index=True)

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    outcome = models.CharField(_("utfall"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_note = models.CharField(_("anteckning om utfallet"), max_length=500, blank=True)
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    closed_by = staff_reference(_("avslutad av"))
    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intake_requests",
        verbose_name=_("inskrivning"),
    )

    class Meta:
        verbose_name = _("egenremiss")
        verbose_name_plural = _("egenremisser")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="enrolled") | models.Q(enrollment__isnull=False),
                name="intake_enrolled_has_enrollment",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.submitted_at:%Y-%m-%d})"

    @property
    def contact_value(self):
        return self.email if self.contact_method == ContactMethod.EMAIL else self.phone


class CallbackAttempt(RestrictedModel):
    """One try to reach the person who sent a request: when, by whom, how it went."""

    request = models.ForeignKey(
        IntakeRequest, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("egenremiss")
    )
    attempted_at = models.DateTimeField(_("tidpunkt"), default=timezone.now)
    attempted_by = staff_reference(_("av"))
    result = models.CharField(_("resultat"), max_length=16, choices=CallbackResult.choices)
    note = models.CharField(_("anteckning"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("kontaktförsök")
        verbose_name_plural = _("kontaktförsök")
        ordering = ["-attempted_at", "-pk"]
        indexes = [models.Index(fields=["request", "attempted_at"])]

    def __str__(self):
        return f"{self.request_id} {self.attempted_at:%Y-%m-%d %H:%M} {self.result}"

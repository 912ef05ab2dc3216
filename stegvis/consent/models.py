"""Consent per enrolment: what the participant agreed to, when and how, and when it was withdrawn.

SUS demands written consent before personal data is registered, and contact with other actors
(Arbetsförmedlingen, a health centre, ...) needs the person's agreement actor by actor. A consent
belongs to one enrolment, because it is given to a project for a period, and a new enrolment
asks again.

A withdrawal never deletes anything: the row keeps when it was given and gets when it was
withdrawn, so the history shows what was allowed on any day. Consent can be given again later;
that is a new row. At most one consent of a kind (and, for contact, of an actor) is in force at
a time, enforced by a partial unique index so two simultaneous saves cannot both win.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import RestrictedModel, UpdatedAtModel, VersionedModel, staff_reference
from stegvis.organizations.models import Organization
from stegvis.participants.models import Enrollment


class ConsentKind(models.TextChoices):
    REGISTRATION = "registrering", _("Registrering av personuppgifter")
    SUS = "sus", _("Rapportering till SUS")
    CONTACT = "kontakt", _("Kontakt med annan aktör")
    # The voluntary ESF+ questions and the countries of birth and citizenship (docs/sus-esf.md):
    # stored only while this consent is in force; withdrawing it removes the answers.
    ESF = "esf", _("Frivilliga uppgifter till ESF+ och AMIF")


class ConsentMethod(models.TextChoices):
    WRITTEN = "skriftligt", _("Skriftligt på papper")
    DIGITAL = "digitalt", _("Digitalt")
    ORAL = "muntligt", _("Muntligt")


# The kinds every enrolment is expected to have; contact consents are per actor and optional.
EXPECTED_KINDS = (ConsentKind.REGISTRATION, ConsentKind.SUS)


def actor_key(kind: str, organization_id: int | None, name: str | None) -> str:
    """What makes two contact consents "the same actor": the organisation and the name, case-folded.

    Empty for registration and SUS, which have no actor. Stored, so the database can enforce one
    consent in force per actor.
    """
    if kind != ConsentKind.CONTACT:
        return ""
    return f"{organization_id or ''}|{' '.join((name or '').split()).casefold()}"


class Consent(VersionedModel, UpdatedAtModel, RestrictedModel):
    """One consent of one enrolment, from the day it was given until (perhaps) it was withdrawn."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="consents", verbose_name=_("inskrivning")
    )
    kind = models.CharField(_("samtycke till"), max_length=16, choices=ConsentKind.choices)
    actor_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("aktör (organisation)"),
    )
    actor_name = models.CharField(_("aktör"), max_length=200, blank=True)
    actor_key = models.CharField(max_length=250, blank=True, editable=False)
    given_on = models.DateField(_("lämnat"))
    method = models.CharField(_("hur"), max_length=16, choices=ConsentMethod.choices)
    note = models.TextField(_("anteckning"), blank=True)
    recorded_by = staff_reference(_("registrerat av"))
    recorded_at = models.DateTimeField(_("registrerat"), auto_now_add=True)
    withdrawn_on = models.DateField(_("återkallat"), null=True, blank=True)
    withdrawal_note = models.TextField(_("anteckning om återkallelsen"), blank=True)
    withdrawn_recorded_by = staff_reference(_("återkallelsen registrerad av"))
    withdrawn_recorded_at = models.DateTimeField(_("återkallelsen registrerad"), null=True, blank=True)

    class Meta:
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")
        ordering = ["enrollment", "kind", "actor_key", "given_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "kind", "actor_key"],
                condition=models.Q(withdrawn_on__isnull=True),
                name="consent_one_in_force_per_kind_and_actor",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=ConsentKind.CONTACT, actor_key__gt="")
                | (~models.Q(kind=ConsentKind.CONTACT) & models.Q(actor_key="")),
                name="consent_actor_only_for_contact",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "given_on"]),
            # An enrolment's consents of one kind: what "in force on a day" asks per enrolment
            # (the report, the SUS list). Without it SQLite reads every consent of the kind.
            models.Index(fields=["enrollment", "kind", "given_on"], name="consent_enrollment_kind"),
        ]

    def __str__(self):
        return f"{self.enrollment_id} {self.kind} {self.actor_label}".strip()

    @property
    def actor_label(self):
        """The actor as shown: organisation and free text, whichever were given."""
        parts = [self.actor_organization.name if self.actor_organization_id else "", self.actor_name]
        return ", ".join(p for p in parts if p)

    @property
    def is_withdrawn(self):
        return self.withdrawn_on is not None

    def active_on(self, day):
        """In force on ``day``: given by then, not withdrawn on or before it (see :mod:`.active`)."""
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)

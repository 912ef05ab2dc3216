"""Interventions: a project's catalogue, the interventions each participant takes part in, placements.

The way of working is coordinated casework with interventions from several actors running in
parallel (job-oriented, competence, health) rather than one step at a time. So a participant's
interventions are periods with a start and an (open while ongoing) end date, drawn as a timeline,
and the category of each catalogue entry is what the "what works" figures compare
(:mod:`stegvis.interventions.figures`).

A praktik or arbetsträning *placement* is one participant intervention of that kind with the
workplace, the supervisor, follow-ups and the outcome added (one-to-one): its dates are the
intervention's dates, so the timeline, the parallel-intervention figures and the placement outcome
can never disagree about when the placement ran.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import (
    CreatedAtModel,
    Record,
    RestrictedModel,
    TimestampedModel,
    VersionedModel,
    staff_reference,
)
from stegvis.employers.models import Employer
from stegvis.organizations.models import Organization, Project
from stegvis.participants.models import Enrollment


class Category(models.TextChoices):
    """What an intervention works on; the "what works" figures compare these."""

    ARBETSINRIKTAD = "arbetsinriktad", _("Arbetsinriktad")
    KOMPETENSHOJANDE = "kompetenshojande", _("Kompetenshöjande")
    HALSA = "halsa", _("Hälsa")
    SOCIAL = "social", _("Social")


class Kind(models.TextChoices):
    SFI = "sfi", _("SFI")
    KURS = "kurs", _("Kurs")
    PRAKTIK = "praktik", _("Praktik")
    ARBETSTRANING = "arbetstraning", _("Arbetsträning")
    STUDIEBESOK = "studiebesok", _("Studiebesök")
    VAGLEDNING = "vagledning", _("Vägledning")
    SUPPORTED_EMPLOYMENT = "supported_employment", _("Supported employment")
    SUPPORTED_EDUCATION = "supported_education", _("Supported education")
    HALSOAKTIVITET = "halsoaktivitet", _("Hälsoaktivitet")
    ANNAN_AKTOR = "annan_aktor", _("Annan aktörs insats")
    SAMHALLSORIENTERING = "samhallsorientering", _("Samhällsorientering")


class IntegrationSupport(models.TextChoices):
    """What an intervention is in the AMIF figures (docs/sus-esf.md), when its kind does not say it.

    SFI is a language course and samhällsorientering civic orientation by their kind; any other
    entry (a "kurs" in Swedish at work, a mentor programme) is marked here.
    """

    LANGUAGE_COURSE = "sprakkurs", _("Språkkurs")
    CIVIC_ORIENTATION = "samhallsorientering", _("Samhällsorientering")
    OTHER = "annat", _("Annat integrationsstöd")


# Kinds whose participant interventions may carry a placement (workplace, supervisor, outcome).
PLACEMENT_KINDS = (Kind.PRAKTIK, Kind.ARBETSTRANING)


class WorkplaceType(models.TextChoices):
    FORSKOLA = "forskola", _("Förskola/skola")
    ALDREOMSORG = "aldreomsorg", _("Äldreomsorg/vård")
    LAGER = "lager", _("Lager/logistik")
    HANDEL = "handel", _("Handel")
    RESTAURANG = "restaurang", _("Restaurang/storkök")
    KONTOR = "kontor", _("Kontor/administration")
    INDUSTRI = "industri", _("Industri")
    STAD = "stad", _("Städ/fastighet")
    ANNAN = "annan", _("Annan")


class Outcome(models.TextChoices):
    PAGAR = "pagar", _("Pågår")
    ANSTALLNING_HAR = "anstallning_har", _("Anställning på arbetsplatsen")
    ANNAN_ANSTALLNING = "annan_anstallning", _("Annan anställning")
    INGEN_ANSTALLNING = "ingen_anstallning", _("Ingen anställning")


EMPLOYMENT_OUTCOMES = (Outcome.ANSTALLNING_HAR, Outcome.ANNAN_ANSTALLNING)


class Intervention(VersionedModel, TimestampedModel):
    """One entry of a project's catalogue (e.g. "Min Hälsa", "Praktik", "SFI hos Vuxenutbildningen").

    ``organization`` limits the entry to one of the project's organisations (their own courses);
    empty means every organisation of the project may use it. The provider is an organisation of
    the register or, for actors that are not (a study association, a gym), free text.
    """

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="interventions", verbose_name=_("projekt")
    )
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bara för organisation"),
    )
    name = models.CharField(_("namn"), max_length=200)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    kind = models.CharField(_("typ"), max_length=24, choices=Kind.choices)
    provider_organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("anordnare (organisation)"),
    )
    provider_name = models.CharField(_("anordnare (fritext)"), max_length=200, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    active = models.BooleanField(_("aktiv"), default=True)
    integration_support = models.CharField(
        _("integrationsstöd (AMIF)"), max_length=20, choices=IntegrationSupport.choices, blank=True
    )

    class Meta:
        verbose_name = _("insats i katalogen")
        verbose_name_plural = _("insatskatalog")
        ordering = ["project", "name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="intervention_name_unique_per_project"),
        ]

    def __str__(self):
        return self.name

    @property
    def provider(self):
        """The provider's name, whichever way it was given."""
        if self.provider_organization_id:
            return self.provider_organization.name
        return self.provider_name


class ParticipantIntervention(Record):
    """One participant's period in one catalogue intervention, within one enrolment."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="interventions", verbose_name=_("inskrivning")
    )
    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="participations", verbose_name=_("insats")
    )
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(
        _("slutdatum"), null=True, blank=True, help_text=_("Lämna tomt så länge insatsen pågår.")
    )
    note = models.TextField(_("anteckning"), blank=True)
    recorded_by = staff_reference(_("registrerad av"))

    class Meta:
        verbose_name = _("deltagares insats")
        verbose_name_plural = _("deltagares insatser")
        ordering = ["enrollment", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="participant_intervention_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["enrollment", "start_date"])]

    def __str__(self):
        return f"{self.intervention} {self.start_date}"


class Placement(Record):
    """The workplace side of a praktik or arbetsträning: where, with whom, and what came of it.

    ``employer`` links the workplace to the employer register (:mod:`stegvis.employers`), which
    the "what works" figures count per employer and industry; ``workplace_name`` stays the name
    shown, so placements from before the register keep theirs.
    """

    participation = models.OneToOneField(
        ParticipantIntervention,
        on_delete=models.CASCADE,
        related_name="placement",
        verbose_name=_("insats"),
    )
    workplace_name = models.CharField(_("arbetsplats"), max_length=200)
    # The workplace in the register of the enrolling organisation, when it is there. Older
    # placements, and workplaces nobody put in the register, have only the name typed above.
    employer = models.ForeignKey(
        Employer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("arbetsgivare"),
    )
    workplace_type = models.CharField(_("typ av arbetsplats"), max_length=20, choices=WorkplaceType.choices)
    supervisor_name = models.CharField(_("handledare"), max_length=200, blank=True)
    supervisor_phone = models.CharField(_("handledarens telefon"), max_length=32, blank=True)
    supervisor_email = models.EmailField(_("handledarens e-post"), blank=True)
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome.choices, default=Outcome.PAGAR)

    class Meta:
        verbose_name = _("praktikplats")
        verbose_name_plural = _("praktikplatser")
        indexes = [models.Index(fields=["workplace_type", "outcome"])]

    def __str__(self):
        return self.workplace_name


class PlacementFollowUp(CreatedAtModel, RestrictedModel):
    """A follow-up of a placement with the participant and the supervisor (date and a short note)."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("praktikplats")
    )
    date = models.DateField(_("datum"))
    note = models.TextField(_("anteckning"))
    recorded_by = staff_reference(_("registrerad av"))

    class Meta:
        verbose_name = _("uppföljning av praktik")
        verbose_name_plural = _("uppföljningar av praktik")
        ordering = ["placement", "date", "pk"]

    def __str__(self):
        return f"{self.placement} {self.date}"

"""A project's theory of change (goals at three levels) and its implementation plan.

These are project data, not personal data: who may read them follows who may read the project's
report (``Project.objects.restrict(user, "report")``), who may change them follows who may change
the project (``Project.objects.restrict(user, "change")``: administrators and project leaders).
The pages and actions reach goals and steps through those project querysets, the way need groups
are reached, so no separate row rule is needed.

A computed goal names an indicator (see :mod:`stegvis.goals.indicators`) whose value is read
from the project report, so the goal and the figure it names can never disagree. Targets are
stored in per cent (25 means 25 %); the report shows them as shares 0..1 like every other share.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import TimestampedModel, VersionedModel


class Level(models.TextChoices):
    """The three levels of a theory of change, in the order projects write them."""

    DELTAGARE = "deltagare", _("Deltagarnivå")
    ORGANISATION = "organisation", _("Organisationsnivå")
    LEDNING_PERSONAL = "ledning_personal", _("Ledning och personal")


LEVEL_ORDER = {code: index for index, code in enumerate(Level.values)}


class Kind(models.TextChoices):
    COMPUTED = "computed", _("Beräknat (indikator och målvärde)")
    QUALITATIVE = "qualitative", _("Kvalitativt (status och beskrivning)")


class QualitativeStatus(models.TextChoices):
    EJ_PABORJAT = "ej_paborjat", _("Ej påbörjat")
    PAGAR = "pagar", _("Pågår")
    UPPNATT = "uppnatt", _("Uppnått")
    EJ_UPPNATT = "ej_uppnatt", _("Ej uppnått")


class GoalStatus(models.TextChoices):
    """How a goal stands in a report (see :mod:`stegvis.goals.status`)."""

    MET = "met", _("Uppnått")
    ON_TRACK = "on_track", _("På god väg")
    NOT_MET = "not_met", _("Ej uppnått")
    NO_DATA = "no_data", _("Underlag saknas")
    # Only in a report with small numbers hidden: the value is hidden, and so is whether it met the target.
    HIDDEN = "hidden", _("Dolt (små tal)")


class StepStatus(models.TextChoices):
    PLANERAD = "planerad", _("Planerad")
    PAGAR = "pagar", _("Pågår")
    KLAR = "klar", _("Klar")
    FORSENAD = "forsenad", _("Försenad")
    UTGAR = "utgar", _("Utgår")


class Goal(VersionedModel, TimestampedModel):
    project = models.ForeignKey(
        "organizations.Project", on_delete=models.CASCADE, related_name="goals", verbose_name=_("projekt")
    )
    level = models.CharField(_("nivå"), max_length=32, choices=Level.choices)
    title = models.CharField(_("mål"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    kind = models.CharField(_("typ av mål"), max_length=16, choices=Kind.choices)
    # Computed goals.
    indicator = models.CharField(_("indikator"), max_length=64, blank=True)
    parameters = models.JSONField(_("indikatorns inställningar"), default=dict, blank=True)
    target = models.DecimalField(_("målvärde (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    target_max = models.DecimalField(
        _("målvärde, övre gräns (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # Qualitative goals.
    status = models.CharField(_("status"), max_length=16, choices=QualitativeStatus.choices, blank=True)
    evidence = models.TextField(_("underlag och beskrivning"), blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    archived = models.BooleanField(_("arkiverat"), default=False)

    class Meta:
        ordering = ["project", "order", "pk"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        indexes = [models.Index(fields=["project", "archived"])]

    def __str__(self):
        return self.title


class ImplementationStep(VersionedModel, TimestampedModel):
    """One row of a project's implementation plan: what, how, who, when, status."""

    project = models.ForeignKey(
        "organizations.Project",
        on_delete=models.CASCADE,
        related_name="implementation_steps",
        verbose_name=_("projekt"),
    )
    what = models.CharField(_("vad"), max_length=300)
    how = models.TextField(_("hur"), blank=True)
    who = models.CharField(_("vem"), max_length=300, blank=True, help_text=_("Roll eller organisation."))
    start_date = models.DateField(_("från"), null=True, blank=True)
    end_date = models.DateField(_("till"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=StepStatus.choices, default=StepStatus.PLANERAD
    )
    note = models.TextField(_("anteckning"), blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["project", "order", "start_date", "pk"]
        verbose_name = _("aktivitet i genomförandeplanen")
        verbose_name_plural = _("genomförandeplan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="implementation_step_end_after_start",
            )
        ]

    def __str__(self):
        return self.what

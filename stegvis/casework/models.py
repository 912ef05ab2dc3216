"""Casework of one enrolment: the mapping of the life situation and the participant's plan.

The areas of the mapping are data (:class:`LifeArea`), so a project can choose which it uses
(:class:`ProjectCasework`) and new areas need no code. A mapping (:class:`Mapping`) holds one
entry per area (:class:`MappingEntry`) in the person's own words, with strengths and obstacles.
The plan is goals (:class:`PlanGoal`), short or long term, each with steps (:class:`PlanStep`)
owned by the participant, the coordinator or another actor (AF, FK, the region ...).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import (
    CreatedAtModel,
    Record,
    RecordedByModel,
    RestrictedModel,
    UpdatedAtModel,
    VersionedModel,
    staff_reference,
)
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment


class LifeArea(models.Model):
    """One area of the life situation a mapping covers (health, language, housing ...)."""

    code = models.SlugField(_("kod"), max_length=32, unique=True)
    name = models.CharField(_("namn"), max_length=100)
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    is_active = models.BooleanField(_("i bruk"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("område i kartläggningen")
        verbose_name_plural = _("områden i kartläggningen")

    def __str__(self):
        return self.name


class ProjectCasework(VersionedModel, UpdatedAtModel):
    """A project's casework settings: the areas its mappings use.

    A project without a row uses every active area, so a new project works at once.
    """

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="casework_settings", verbose_name=_("projekt")
    )
    areas = models.ManyToManyField(LifeArea, related_name="+", verbose_name=_("områden"))

    class Meta:
        verbose_name = _("inställningar för kartläggning")
        verbose_name_plural = _("inställningar för kartläggning")

    def __str__(self):
        return str(self.project)


class Mapping(CreatedAtModel, RestrictedModel):
    """The mapping (kartläggning) of one enrolment; its content is the entries per area."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.CASCADE, related_name="mapping", verbose_name=_("inskrivning")
    )

    class Meta:
        verbose_name = _("kartläggning")
        verbose_name_plural = _("kartläggningar")

    def __str__(self):
        return f"{self.enrollment}"


class MappingEntry(Record, RecordedByModel):
    """What the person and the coordinator found about one area of the life situation."""

    mapping = models.ForeignKey(
        Mapping, on_delete=models.CASCADE, related_name="entries", verbose_name=_("kartläggning")
    )
    area = models.ForeignKey(LifeArea, on_delete=models.PROTECT, related_name="+", verbose_name=_("område"))
    own_words = models.TextField(_("med deltagarens egna ord"), blank=True)
    strengths = models.TextField(_("styrkor"), blank=True)
    obstacles = models.TextField(_("hinder"), blank=True)
    recorded_on = models.DateField(_("datum"))

    class Meta:
        verbose_name = _("område i kartläggning")
        verbose_name_plural = _("områden i kartläggning")
        ordering = ["area__order", "area__code"]
        constraints = [
            models.UniqueConstraint(fields=["mapping", "area"], name="mapping_entry_once_per_area")
        ]

    def __str__(self):
        return f"{self.mapping} – {self.area}"

    @property
    def is_filled(self):
        return bool(self.own_words or self.strengths or self.obstacles)


class Horizon(models.TextChoices):
    KORT = "kort", _("Kort sikt")
    LANG = "lang", _("Lång sikt")


class Direction(models.TextChoices):
    ARBETE = "arbete", _("Mot arbete")
    STUDIER = "studier", _("Mot studier")
    ANNAT = "annat", _("Annat (t.ex. hälsa, boende, ekonomi)")


class GoalStatus(models.TextChoices):
    PAGAR = "pagar", _("Pågår")
    UPPNATT = "uppnatt", _("Uppnått")
    AVBRUTET = "avbrutet", _("Avbrutet")


class PlanGoal(Record):
    """One goal of a participant's plan."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="plan_goals", verbose_name=_("inskrivning")
    )
    horizon = models.CharField(_("sikt"), max_length=8, choices=Horizon.choices)
    direction = models.CharField(_("inriktning"), max_length=16, choices=Direction.choices)
    text = models.TextField(_("mål"))
    status = models.CharField(
        _("status"), max_length=16, choices=GoalStatus.choices, default=GoalStatus.PAGAR
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    created_by = staff_reference(_("skapat av"))

    class Meta:
        verbose_name = _("mål i planen")
        verbose_name_plural = _("mål i planen")
        ordering = ["enrollment", "horizon", "order", "pk"]

    def __str__(self):
        return self.text[:60]


class StepOwner(models.TextChoices):
    DELTAGARE = "deltagare", _("Deltagaren")
    KOORDINATOR = "koordinator", _("Koordinatorn")
    ANNAN = "annan", _("Annan aktör")


class StepStatus(models.TextChoices):
    PLANERAD = "planerad", _("Planerad")
    PAGAR = "pagar", _("Pågår")
    KLAR = "klar", _("Klar")
    INSTALLD = "installd", _("Ställs in")


OPEN_STEP_STATUSES = (StepStatus.PLANERAD, StepStatus.PAGAR)


class PlanStep(Record):
    """One step towards a goal: what, who does it, by when."""

    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="steps", verbose_name=_("mål"))
    what = models.CharField(_("vad"), max_length=300)
    owner = models.CharField(_("vem"), max_length=16, choices=StepOwner.choices)
    owner_name = models.CharField(
        _("vilken aktör"),
        max_length=200,
        blank=True,
        help_text=_("T.ex. Arbetsförmedlingen, Försäkringskassan, vårdcentralen, folkhögskolan."),
    )
    due_date = models.DateField(_("klart senast"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=StepStatus.choices, default=StepStatus.PLANERAD
    )
    created_by = staff_reference(_("skapat av"))
    # Set when the participant marked their own step done on Min sida (stegvis/minsida); cleared
    # when staff give the step another status, so the plan page says who closed it.
    done_by_participant_at = models.DateTimeField(_("markerat klart av deltagaren"), null=True, blank=True)

    class Meta:
        verbose_name = _("steg i planen")
        verbose_name_plural = _("steg i planen")
        ordering = ["goal", models.F("due_date").asc(nulls_last=True), "pk"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(owner="annan") | ~models.Q(owner_name=""),
                name="plan_step_other_actor_named",
            ),
        ]

    def __str__(self):
        return self.what

    @property
    def owner_label(self):
        """Who does the step, as the pages say it: the other actor by name."""
        return self.owner_name if self.owner == StepOwner.ANNAN else self.get_owner_display()

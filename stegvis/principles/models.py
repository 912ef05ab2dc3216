"""The horizontal principles of an ESF+ project: accessibility adaptations per participant, and the
project's checklist of what it did for equality, non-discrimination and accessibility.

Both are what the final report asks about the principles (gender equality, equal treatment and
non-discrimination, accessibility). They sit in an app of their own rather than with the employer
register or the theory of change: the adaptations are a participant's casework (per enrolment,
restricted and audited like the rest of it), the checklist is the project leader's answer per
question, and both feed the report.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import (
    CreatedAtModel,
    RestrictedModel,
    TimestampedModel,
    VersionedModel,
    staff_reference,
)
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment


class AdaptationKind(models.TextChoices):
    TOLK = "tolk", _("Tolk")
    LATTLAST = "lattlast", _("Lättläst material")
    FYSISK = "fysisk", _("Fysisk tillgänglighet")
    DIGITAL = "digital", _("Digitala hjälpmedel")
    ANNAT = "annat", _("Annan anpassning")


class Adaptation(CreatedAtModel, RestrictedModel):
    """An adaptation a participant was given during an enrolment (from ``given_on``)."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="adaptations", verbose_name=_("inskrivning")
    )
    kind = models.CharField(_("anpassning"), max_length=12, choices=AdaptationKind.choices)
    description = models.CharField(
        _("beskrivning"),
        max_length=200,
        blank=True,
        help_text=_("Vilken anpassning (krävs för annan anpassning)."),
    )
    given_on = models.DateField(_("från"))
    recorded_by = staff_reference(_("registrerad av"))

    class Meta:
        verbose_name = _("anpassning")
        verbose_name_plural = _("anpassningar")
        ordering = ["enrollment", "given_on", "pk"]
        indexes = [models.Index(fields=["enrollment", "kind"])]

    def __str__(self):
        return self.description or self.get_kind_display()


class Answer(models.TextChoices):
    JA = "ja", _("Ja")
    DELVIS = "delvis", _("Delvis")
    NEJ = "nej", _("Nej")


class ChecklistItem(models.TextChoices):
    """The questions on the horizontal principles, as the ESF council's final report asks them."""

    JAMSTALLDHET_ANALYS = (
        "jamstalldhet_analys",
        _(
            "Jämställdhet: har projektet analyserat hur kvinnor och män påverkas av verksamheten och tagit hänsyn "
            "till det i genomförandet?"
        ),
    )
    JAMSTALLDHET_UPPFOLJNING = (
        "jamstalldhet_uppfoljning",
        _("Jämställdhet: har deltagare, insatser och resultat följts upp uppdelat på kvinnor och män?"),
    )
    ICKE_DISKRIMINERING = (
        "icke_diskriminering",
        _(
            "Lika rättigheter och icke-diskriminering: har projektet arbetat för att förebygga diskriminering och "
            "ge lika möjligheter oavsett diskrimineringsgrund?"
        ),
    )
    TILLGANGLIGHET_VERKSAMHET = (
        "tillganglighet_verksamhet",
        _(
            "Tillgänglighet: har lokaler, information och aktiviteter varit tillgängliga för personer med "
            "funktionsnedsättning?"
        ),
    )
    TILLGANGLIGHET_ANPASSNINGAR = (
        "tillganglighet_anpassningar",
        _(
            "Tillgänglighet: har deltagare fått de anpassningar de behövt (tolk, lättläst material, fysisk "
            "tillgänglighet, digitala hjälpmedel)?"
        ),
    )
    KOMPETENS = (
        "kompetens",
        _("Har projektets personal fått kunskap om jämställdhet, tillgänglighet och icke-diskriminering?"),
    )
    SPRIDNING = (
        "spridning",
        _(
            "Har projektets erfarenheter av de horisontella principerna förts vidare till ordinarie verksamhet?"
        ),
    )


class Checklist(VersionedModel, TimestampedModel):
    """A project's checklist on the horizontal principles; its ``version`` guards the one edit form."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="principles_checklist", verbose_name=_("projekt")
    )
    updated_by = staff_reference(_("senast ändrad av"))

    class Meta:
        verbose_name = _("checklista för horisontella principer")
        verbose_name_plural = _("checklistor för horisontella principer")

    def __str__(self):
        return str(self.project)


class ChecklistAnswer(models.Model):
    """The answer to one question, with the day it was last changed."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(_("fråga"), max_length=32, choices=ChecklistItem.choices)
    answer = models.CharField(_("svar"), max_length=8, choices=Answer.choices, blank=True)
    text = models.TextField(_("hur"), blank=True)
    changed_on = models.DateField(_("ändrad"))

    class Meta:
        verbose_name = _("svar i checklistan")
        verbose_name_plural = _("svar i checklistan")
        constraints = [
            models.UniqueConstraint(fields=["checklist", "item"], name="checklist_answer_unique_item")
        ]

    def __str__(self):
        return f"{self.item}: {self.answer}"

"""What the staff decided about an item of the worklist: done, snoozed to a day, or dismissed.

The worklist itself is computed from the casework apps; a decision only hides one *occurrence*
of an item, so the list keeps agreeing with the data. An occurrence is named by the enrolment,
the section (``kind``), the object when the item is one (a plan step, a placement) and the day
that item is about (``ref_date``): the day of the last contact (or the start) for "no contact",
the step's due date, the measurement's due date, the placement's last follow-up (or start) or
its end, the follow-up point's date after the exit. When the situation arises anew (a contact
and then N weeks of silence again, a new due date) the day differs and the item shows again.

Decisions are kept: undoing one marks it undone (``undone_at``, ``undone_by``) instead of
removing it, and both are audited.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import CreatedAtModel, RestrictedModel, staff_reference

NO_CONTACT, STEPS, MEASUREMENTS, PLACEMENTS, FOLLOW_UPS = (
    "no_contact",
    "steps",
    "measurements",
    "placements",
    "follow_ups",
)


class Kind(models.TextChoices):
    """The sections of the worklist (the keys of :data:`stegvis.worklist.rules.SECTIONS`)."""

    NO_CONTACT = NO_CONTACT, _("Ingen kontakt")
    STEPS = STEPS, _("Planerat steg")
    MEASUREMENTS = MEASUREMENTS, _("Mätning")
    PLACEMENTS = PLACEMENTS, _("Praktik eller arbetsträning")
    FOLLOW_UPS = FOLLOW_UPS, _("Uppföljning efter avslut")


class Decision(models.TextChoices):
    KLAR = "klar", _("Klar")
    PAUSAD = "pausad", _("Pausad till ett datum")
    AVFARDAD = "avfardad", _("Avfärdad")


class ItemDecision(CreatedAtModel, RestrictedModel):
    """One decision about one occurrence of a worklist item (``created_at`` is when it was made)."""

    enrollment = models.ForeignKey(
        "participants.Enrollment",
        on_delete=models.CASCADE,
        related_name="worklist_decisions",
        verbose_name=_("inskrivning"),
    )
    kind = models.CharField(_("slag"), max_length=16, choices=Kind.choices)
    object_id = models.PositiveIntegerField(_("objekt"), null=True, blank=True)
    variant = models.CharField(_("variant"), max_length=16, blank=True)
    ref_date = models.DateField(_("gäller dagen"))
    decision = models.CharField(_("beslut"), max_length=16, choices=Decision.choices)
    snoozed_until = models.DateField(_("pausad till"), null=True, blank=True)
    reason = models.TextField(_("skäl"), blank=True)
    decided_by = staff_reference(_("beslutat av"))
    undone_at = models.DateTimeField(_("ångrat"), null=True, blank=True)
    undone_by = staff_reference(_("ångrat av"))

    class Meta:
        verbose_name = _("beslut i arbetslistan")
        verbose_name_plural = _("beslut i arbetslistan")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["enrollment", "kind", "ref_date"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="pausad") | models.Q(snoozed_until__isnull=False),
                name="worklist_snooze_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.get_decision_display()}"

"""Follow-up after exit: the person's situation one, three and six months after the enrolment ended.

Jobs found a month after exit used to be lost from the statistics; here staff record what the
situation was at each point, and the report counts outcomes at exit and after exit separately.
The six-month follow-up also answers the ESF+ "six months after leaving" indicators.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import Record, staff_reference
from stegvis.participants.models import Enrollment


class FollowUpPoint(models.IntegerChoices):
    """Months after the exit date."""

    ONE = 1, _("1 månad efter avslut")
    THREE = 3, _("3 månader efter avslut")
    SIX = 6, _("6 månader efter avslut")


class Situation(models.TextChoices):
    ARBETE = "arbete", _("Arbete (även eget företag)")
    STUDIER = "studier", _("Studier (även arbetsmarknadsutbildning)")
    ARBETSSOKANDE = "arbetssokande", _("Arbetssökande")
    ANNAN_INSATS = "annan_insats", _("Annan insats")
    SJUKDOM_VARD = "sjukdom_vard", _("Sjukdom/vård/behandling")
    ANNAT = "annat", _("Annat")
    EJ_NADD = "ej_nadd", _("Gick inte att nå")


# Situations that count as "work or studies" after exit (labour-market training is studies here).
WORK_OR_STUDIES_AFTER = (Situation.ARBETE, Situation.STUDIER)


class ExitFollowUp(Record):
    """One follow-up of one ended enrolment at one point (1, 3 or 6 months after exit)."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="exit_follow_ups", verbose_name=_("inskrivning")
    )
    months = models.PositiveSmallIntegerField(_("uppföljningstillfälle"), choices=FollowUpPoint.choices)
    followed_up_on = models.DateField(_("uppföljningsdatum"))
    situation = models.CharField(_("situation"), max_length=32, choices=Situation.choices)
    work_extent = models.PositiveSmallIntegerField(_("arbetstid (%)"), null=True, blank=True)
    improved_situation = models.BooleanField(
        _("förbättrad situation på arbetsmarknaden"),
        null=True,
        blank=True,
        help_text=_("ESF+: t.ex. från osäker till tryggare anställning eller från deltid till heltid."),
    )
    note = models.TextField(_("anteckning"), blank=True)
    recorded_by = staff_reference(_("registrerad av"))

    class Meta:
        verbose_name = _("uppföljning efter avslut")
        verbose_name_plural = _("uppföljningar efter avslut")
        ordering = ["enrollment", "months"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "months"], name="exit_follow_up_once_per_point"),
            models.CheckConstraint(
                condition=models.Q(work_extent__isnull=True) | models.Q(work_extent__lte=100),
                name="exit_follow_up_work_extent_max_100",
            ),
        ]
        indexes = [models.Index(fields=["followed_up_on"])]

    def __str__(self):
        return f"{self.enrollment} +{self.months}"

"""Steering-group reports: one per project and period, a draft until it is fastställd (finalised)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import TimestampedModel, VersionedModel, staff_reference
from stegvis.organizations.models import Project

TEXT_FIELDS = ("summary", "deviations", "questions")


class SteeringReport(TimestampedModel, VersionedModel):
    """The leader's report to the steering group for ``period_from``–``period_to``.

    While a draft its figures are computed from the records when shown; when it is finalised
    they are kept in ``figures``, so the report stays as the steering group read it and the next
    report can say what changed since.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steering_reports")
    period_from = models.DateField(_("från och med"))
    period_to = models.DateField(_("till och med"))
    summary = models.TextField(_("sammanfattning"), blank=True)
    deviations = models.TextField(_("avvikelser och åtgärder"), blank=True)
    questions = models.TextField(_("frågor och beslut till styrgruppen"), blank=True)
    figures = models.JSONField(_("siffror när rapporten fastställdes"), default=dict, blank=True)
    finalised_at = models.DateTimeField(_("fastställd"), null=True, blank=True)
    finalised_by = staff_reference(_("fastställd av"))
    created_by = staff_reference(_("skapad av"))

    class Meta:
        ordering = ["-period_to", "-pk"]
        verbose_name = _("styrgruppsrapport")
        verbose_name_plural = _("styrgruppsrapporter")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "period_from", "period_to"], name="steering_report_once_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period_to__gte=models.F("period_from")), name="steering_period_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.period_from}–{self.period_to}"

    @property
    def finalised(self) -> bool:
        return self.finalised_at is not None

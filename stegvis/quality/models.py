"""Yesterday's data quality, kept: one row per project and day, so the start page can show a trend.

Most data-quality counts cannot be recomputed for a past day: a status filled in today, a
duplicate merged or a record deleted leave no trace of how things stood before. So the worker
writes the counts of every project once a day (:mod:`stegvis.quality.snapshots`) and the trend is
read from these rows. They hold counts only, no personal data.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import CreatedAtModel
from stegvis.organizations.models import Project


class QualitySnapshot(CreatedAtModel):
    """The counts of the report's ``data_quality`` section for one project, taken on one day."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="quality_snapshots", verbose_name=_("projekt")
    )
    taken_on = models.DateField(_("datum"))
    missing_exit = models.PositiveIntegerField(default=0)
    likely_duplicate_persons = models.PositiveIntegerField(default=0)
    missing_status_at_start = models.PositiveIntegerField(default=0)
    missing_status_at_exit = models.PositiveIntegerField(default=0)
    measurements_outside_enrollment = models.PositiveIntegerField(default=0)
    missing_consent = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ögonblicksbild av datakvalitet")
        ordering = ["project", "taken_on"]
        constraints = [
            models.UniqueConstraint(fields=["project", "taken_on"], name="quality_snapshot_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.taken_on}: {self.total}"

"""Time reports: participants' hours per day and activity, and staff time per month.

A participant's month (:class:`MonthReport`, one per enrolment and calendar month) holds the hours
of every day and activity (:class:`TimeEntry`), the way Försäkringskassan's aktivitetsrapport asks
for them; pages show monthly sums. The month is signed off (attesterad) by the coordinator and then
reported (rapporterad): a reported month is locked until a project leader or an administrator
unlocks it, with a reason. Only signed-off and reported months count as attested hours
(:mod:`stegvis.timereports.figures`), the basis of co-financing from participants' allowances.

An activity is the participant's start group, one of their interventions, or a kind of activity
with no record of its own (talks with the coordinator, other). Which of these a row is, is stated
by ``kind`` and checked by the database, so a day cannot be counted twice for the same activity.

Staff time (:class:`StaffTime`) is one staff member's share of full time, or hours, in a project
for one organisation and month; their manager signs it off, which locks it.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.cohorts.models import Cohort
from stegvis.core.models import Record, RestrictedModel, UpdatedAtModel, staff_reference
from stegvis.interventions.models import ParticipantIntervention
from stegvis.organizations.models import Organization, Project
from stegvis.participants.models import Enrollment


class MonthStatus(models.TextChoices):
    OPEN = "oppen", _("Ej attesterad")
    SIGNED = "attesterad", _("Attesterad")
    REPORTED = "rapporterad", _("Rapporterad till Försäkringskassan")


#: The statuses whose hours count as attested.
ATTESTED = (MonthStatus.SIGNED, MonthStatus.REPORTED)


class ActivityKind(models.TextChoices):
    COHORT = "startgrupp", _("Startgrupp")
    INTERVENTION = "insats", _("Insats")
    TALK = "samtal", _("Samtal och vägledning")
    OTHER = "annat", _("Annan aktivitet")


#: Kinds with no record of their own: one row each per participant and month.
FREE_KINDS = (ActivityKind.TALK, ActivityKind.OTHER)


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


class MonthReport(Record):
    """One enrolment's time report for one calendar month (``month`` is its first day).

    Its ``version`` is what the grid checks: any change of the month's hours, sign-off or lock
    raises it, so two people saving the same participant's month cannot overwrite each other.
    """

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="month_reports", verbose_name=_("inskrivning")
    )
    month = models.DateField(_("månad"))
    status = models.CharField(
        _("status"), max_length=16, choices=MonthStatus.choices, default=MonthStatus.OPEN
    )
    signed_by = staff_reference(_("attesterad av"))
    signed_at = models.DateTimeField(_("attesterad"), null=True, blank=True)
    reported_by = staff_reference(_("rapporterad av"))
    reported_at = models.DateTimeField(_("rapporterad"), null=True, blank=True)

    class Meta:
        verbose_name = _("tidrapport")
        verbose_name_plural = _("tidrapporter")
        ordering = ["enrollment", "month"]
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "month"], name="month_report_once"),
        ]
        indexes = [models.Index(fields=["month", "status"])]

    def __str__(self):
        return f"{self.enrollment_id} {self.month:%Y-%m}"

    @property
    def locked(self) -> bool:
        return self.status == MonthStatus.REPORTED


class TimeEntry(UpdatedAtModel, RestrictedModel):
    """Hours of one day in one activity; no row means no hours."""

    report = models.ForeignKey(
        MonthReport, on_delete=models.CASCADE, related_name="entries", verbose_name=_("tidrapport")
    )
    day = models.DateField(_("dag"))
    kind = models.CharField(_("aktivitet"), max_length=16, choices=ActivityKind.choices)
    cohort = models.ForeignKey(
        Cohort,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="time_entries",
        verbose_name=_("startgrupp"),
    )
    intervention = models.ForeignKey(
        ParticipantIntervention,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="time_entries",
        verbose_name=_("insats"),
    )
    hours = models.DecimalField(_("timmar"), max_digits=4, decimal_places=2)
    recorded_by = staff_reference(_("registrerad av"))

    class Meta:
        verbose_name = _("timmar")
        verbose_name_plural = _("timmar")
        ordering = ["report", "day", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=ActivityKind.COHORT, cohort__isnull=False, intervention__isnull=True)
                    | Q(kind=ActivityKind.INTERVENTION, cohort__isnull=True, intervention__isnull=False)
                    | Q(kind__in=FREE_KINDS, cohort__isnull=True, intervention__isnull=True)
                ),
                name="time_entry_kind_matches_link",
            ),
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24), name="time_entry_hours_in_a_day"),
            models.UniqueConstraint(
                fields=["report", "cohort", "day"],
                condition=Q(kind=ActivityKind.COHORT),
                name="time_entry_cohort_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["report", "intervention", "day"],
                condition=Q(kind=ActivityKind.INTERVENTION),
                name="time_entry_intervention_once_a_day",
            ),
            models.UniqueConstraint(
                fields=["report", "kind", "day"],
                condition=Q(kind__in=FREE_KINDS),
                name="time_entry_free_kind_once_a_day",
            ),
        ]
        indexes = [models.Index(fields=["day"])]

    def __str__(self):
        return f"{self.report_id} {self.day} {self.kind} {self.hours}"

    @property
    def activity_key(self) -> str:
        """The grid row's key: ``startgrupp:12``, ``insats:34`` or the free kind itself."""
        return activity_key(self.kind, self.cohort_id, self.intervention_id)


def activity_key(kind: str, cohort_id: int | None = None, intervention_id: int | None = None) -> str:
    if kind == ActivityKind.COHORT:
        return f"{kind}:{cohort_id}"
    if kind == ActivityKind.INTERVENTION:
        return f"{kind}:{intervention_id}"
    return kind


class StaffTime(Record):
    """A staff member's time in a project for one organisation and month: a share of full time,
    hours, or both. Signed off by their manager, which locks it."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="staff_time", verbose_name=_("projekt")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="staff_time", verbose_name=_("organisation")
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="project_time",
        verbose_name=_("medarbetare"),
    )
    month = models.DateField(_("månad"))
    percent = models.DecimalField(
        _("andel av heltid (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    hours = models.DecimalField(_("timmar"), max_digits=6, decimal_places=2, null=True, blank=True)
    entered_by = staff_reference(_("registrerad av"))
    signed_by = staff_reference(_("attesterad av"))
    signed_at = models.DateTimeField(_("attesterad"), null=True, blank=True)

    class Meta:
        verbose_name = _("personaltid")
        verbose_name_plural = _("personaltid")
        ordering = ["project", "month", "organization", "staff"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization", "staff", "month"], name="staff_time_once"
            ),
            models.CheckConstraint(
                condition=Q(percent__isnull=False) | Q(hours__isnull=False), name="staff_time_has_a_value"
            ),
        ]

    def __str__(self):
        return f"{self.staff_id} {self.project_id} {self.month:%Y-%m}"

    @property
    def signed(self) -> bool:
        return self.signed_at is not None

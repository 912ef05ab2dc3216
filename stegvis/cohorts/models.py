"""Start groups (startgrupper): a group of participants who meet regularly, with attendance.

A start group belongs to a project and is run by one of the project's organisations; its members
are enrolments of that project (from any of its organisations), who may join later (continuous
intake) and leave before the group ends. Attendance is registered per member and session. The
group itself (name, place, leaders) is not personal data; members and attendance are, and are
restricted through their enrolment like every other personal record.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.models import Record, RestrictedModel, UpdatedAtModel, staff_reference
from stegvis.organizations.models import Organization, Project
from stegvis.participants.models import Enrollment


class Cohort(Record):
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("projekt")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("organisation"),
        help_text=_("Den organisation i projektet som driver gruppen."),
    )
    name = models.CharField(_("namn"), max_length=200)
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="led_cohorts",
        verbose_name=_("gruppledare"),
    )

    class Meta:
        verbose_name = _("startgrupp")
        verbose_name_plural = _("startgrupper")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="cohort_end_after_start",
            ),
        ]

    def __str__(self):
        return self.name


class CohortMember(Record):
    """One enrolment's membership of a start group, from ``joined_on`` until ``left_on`` (if left)."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="members", verbose_name=_("startgrupp")
    )
    enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.CASCADE,
        related_name="cohort_memberships",
        verbose_name=_("inskrivning"),
    )
    joined_on = models.DateField(_("med från"))
    left_on = models.DateField(_("slutade"), null=True, blank=True)

    class Meta:
        verbose_name = _("medlem i startgrupp")
        verbose_name_plural = _("medlemmar i startgrupp")
        ordering = ["cohort", "joined_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "enrollment"], name="cohort_member_once"),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="cohort_member_left_after_joined",
            ),
        ]

    def __str__(self):
        return f"{self.cohort} – {self.enrollment}"

    def is_member_on(self, day: datetime.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)


class CohortSession(Record):
    """One meeting (träff) of a start group."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("startgrupp")
    )
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("starttid"), null=True, blank=True)
    end_time = models.TimeField(_("sluttid"), null=True, blank=True)
    topic = models.CharField(_("tema"), max_length=200)

    class Meta:
        verbose_name = _("träff")
        verbose_name_plural = _("träffar")
        ordering = ["cohort", "date", "start_time", "pk"]
        indexes = [models.Index(fields=["cohort", "date"])]

    def __str__(self):
        return f"{self.cohort} {self.date:%Y-%m-%d} {self.topic}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "narvarande", _("Närvarande")
    ABSENT = "franvarande", _("Frånvarande")
    EXCUSED = "anmald_franvaro", _("Anmäld frånvaro")


class Attendance(UpdatedAtModel, RestrictedModel):
    """Whether one member came to one session. No row: not registered (yet)."""

    session = models.ForeignKey(
        CohortSession,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("träff"),
    )
    member = models.ForeignKey(
        CohortMember,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("medlem"),
    )
    status = models.CharField(_("närvaro"), max_length=16, choices=AttendanceStatus.choices)
    recorded_by = staff_reference(_("registrerad av"))

    class Meta:
        verbose_name = _("närvaro")
        verbose_name_plural = _("närvaro")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="attendance_once_per_session")
        ]

    def __str__(self):
        return f"{self.session} {self.member_id} {self.status}"

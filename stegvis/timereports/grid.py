"""The month grid: participants × activities × days, read in a fixed number of queries.

The grid pages (a start group's, a coordinator's caseload), the printable month, the spreadsheets
and the save action all see a participant's month the same way: the activities it has (their start
groups and interventions that overlap the month, the kinds without a record of their own, and
whatever already has hours), the saved hours per activity and day, and whether the user may change
it. :func:`build_months` reads all of that for any number of enrolments in six queries.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils.formats import date_format

from stegvis.cohorts.models import Attendance, AttendanceStatus, CohortMember
from stegvis.core.access import CHANGE
from stegvis.interventions.models import ParticipantIntervention
from stegvis.participants.models import Enrollment
from stegvis.timereports.models import (
    FREE_KINDS,
    ActivityKind,
    MonthReport,
    MonthStatus,
    TimeEntry,
    activity_key,
)

if TYPE_CHECKING:
    from stegvis.core.access import Actor

ZERO = Decimal("0")


def month_days(month: datetime.date) -> list[datetime.date]:
    last = calendar.monthrange(month.year, month.month)[1]
    return [month.replace(day=d) for d in range(1, last + 1)]


def parse_month(value: str | None, default: datetime.date | None) -> datetime.date | None:
    """``2024-03`` (as pages and the command take a month) to its first day, else ``default``."""
    try:
        year, month = (value or "").split("-")
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        return default


def shift_month(month: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` after (or, negative, before) ``month``."""
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def last_of_month(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def in_month_q(month: datetime.date, start: str, end: str) -> Q:
    """Rows whose period (``start`` to ``end``, open-ended when empty) overlaps the month."""
    return Q(**{f"{start}__lte": last_of_month(month)}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": month})
    )


@dataclass
class Activity:
    key: str
    kind: str
    label: str
    cohort_id: int | None = None
    intervention_id: int | None = None


@dataclass
class ParticipantMonth:
    """One enrolment's month as the grid shows it."""

    enrollment: Enrollment
    report: MonthReport | None
    activities: list[Activity]
    hours: dict[tuple[str, datetime.date], Decimal]
    may_change: bool
    days: list[datetime.date] = field(repr=False, default_factory=list)

    @property
    def version(self) -> int:
        return self.report.version if self.report else 0

    @property
    def status(self) -> str:
        return self.report.status if self.report else MonthStatus.OPEN

    @property
    def status_label(self) -> str:
        return str(self.report.get_status_display() if self.report else MonthStatus.OPEN.label)

    @property
    def locked(self) -> bool:
        return self.report is not None and self.report.locked

    @property
    def editable(self) -> bool:
        return self.may_change and not self.locked

    def enrolled_on(self, day: datetime.date) -> bool:
        e = self.enrollment
        return e.start_date <= day and (e.end_date is None or day <= e.end_date)

    @property
    def total(self) -> Decimal:
        return sum(self.hours.values(), ZERO)

    def activity_total(self, key: str) -> Decimal:
        return sum((h for (k, _d), h in self.hours.items() if k == key), ZERO)

    def day_total(self, day: datetime.date) -> Decimal:
        return sum((h for (_k, d), h in self.hours.items() if d == day), ZERO)

    def rows(self) -> list[dict[str, Any]]:
        """The grid's rows: each activity with its cells (day, hours, enrolled that day) and sum."""
        return [
            {
                "activity": a,
                "cells": [
                    {"day": d, "hours": self.hours.get((a.key, d)), "enrolled": self.enrolled_on(d)}
                    for d in self.days
                ],
                "total": self.activity_total(a.key),
            }
            for a in self.activities
        ]

    def day_totals(self) -> list[Decimal]:
        return [self.day_total(d) for d in self.days]


def _free_activities() -> list[Activity]:
    return [Activity(kind, kind, str(ActivityKind(kind).label)) for kind in FREE_KINDS]


def _cohort_activity(cohort_id: int, name: str) -> Activity:
    return Activity(
        activity_key(ActivityKind.COHORT, cohort_id), ActivityKind.COHORT, name, cohort_id=cohort_id
    )


def _intervention_activity(pk: int, name: str) -> Activity:
    return Activity(
        activity_key(ActivityKind.INTERVENTION, None, pk), ActivityKind.INTERVENTION, name, intervention_id=pk
    )


def build_months(
    user: "Actor", enrollments: "QuerySet[Enrollment]", month: datetime.date
) -> list[ParticipantMonth]:
    """Every enrolment of ``enrollments`` (already restricted by the caller) for ``month``.

    Ordered by name. Queries: the enrolments, which of them the user may change, the month
    reports, the hours, the start groups and the interventions of the month: the same count for
    one participant or a hundred.
    """
    rows = list(
        enrollments.select_related("person", "organization", "project").order_by(
            "person__last_name", "person__first_name", "pk"
        )
    )
    ids = [e.pk for e in rows]
    if not ids:
        return []
    changeable = (
        set(ids)
        if user is None
        else set(Enrollment.objects.restrict(user, CHANGE).filter(pk__in=ids).values_list("pk", flat=True))
    )
    reports = {
        r.enrollment_id: r
        for r in MonthReport.objects.filter(enrollment_id__in=ids, month=month).select_related(
            "signed_by", "reported_by"
        )
    }
    hours: dict[int, dict[tuple[str, datetime.date], Decimal]] = defaultdict(dict)
    extra: dict[int, dict[str, Activity]] = defaultdict(dict)
    for entry in TimeEntry.objects.filter(report__enrollment_id__in=ids, report__month=month).values(
        "report__enrollment_id",
        "kind",
        "cohort_id",
        "cohort__name",
        "intervention_id",
        "intervention__intervention__name",
        "day",
        "hours",
    ):
        enrollment_id = entry["report__enrollment_id"]
        key = activity_key(entry["kind"], entry["cohort_id"], entry["intervention_id"])
        hours[enrollment_id][(key, entry["day"])] = entry["hours"]
        if entry["kind"] == ActivityKind.COHORT:
            extra[enrollment_id][key] = _cohort_activity(entry["cohort_id"], entry["cohort__name"])
        elif entry["kind"] == ActivityKind.INTERVENTION:
            extra[enrollment_id][key] = _intervention_activity(
                entry["intervention_id"], entry["intervention__intervention__name"]
            )
    activities: dict[int, dict[str, Activity]] = defaultdict(dict)
    for enrollment_id, cohort_id, name in (
        CohortMember.objects.filter(enrollment_id__in=ids)
        .filter(in_month_q(month, "joined_on", "left_on"))
        .order_by("joined_on", "pk")
        .values_list("enrollment_id", "cohort_id", "cohort__name")
    ):
        activity = _cohort_activity(cohort_id, name)
        activities[enrollment_id][activity.key] = activity
    for pk, enrollment_id, name in (
        ParticipantIntervention.objects.filter(enrollment_id__in=ids)
        .filter(in_month_q(month, "start_date", "end_date"))
        .order_by("start_date", "pk")
        .values_list("pk", "enrollment_id", "intervention__name")
    ):
        activity = _intervention_activity(pk, name)
        activities[enrollment_id][activity.key] = activity
    days = month_days(month)
    result = []
    for e in rows:
        own = activities[e.pk] | {k: a for k, a in extra[e.pk].items() if k not in activities[e.pk]}
        ordered = sorted(own.values(), key=lambda a: (a.kind != ActivityKind.COHORT, a.label))
        result.append(
            ParticipantMonth(
                enrollment=e,
                report=reports.get(e.pk),
                activities=ordered + _free_activities(),
                hours=hours[e.pk],
                may_change=e.pk in changeable,
                days=days,
            )
        )
    return result


def session_hours(start: datetime.time | None, end: datetime.time | None) -> Decimal | None:
    """A session's length in hours (to the quarter hour), or ``None`` without both times."""
    if start is None or end is None or end <= start:
        return None
    minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    return Decimal(round(minutes / 15) * 15) / 60


def attendance_hours(
    enrollment_ids: list[int], month: datetime.date
) -> tuple[dict[tuple[int, str, datetime.date], Decimal], int]:
    """Hours from the start groups' attendance: a session a participant was present at counts
    its length. One query. Returns the hours by (enrolment, activity key, day) and how many
    present sessions had no start or end time (and so no hours)."""
    found: dict[tuple[int, str, datetime.date], Decimal] = defaultdict(lambda: ZERO)
    without_times = 0
    for enrollment_id, cohort_id, day, start, end in Attendance.objects.filter(
        member__enrollment_id__in=enrollment_ids,
        status=AttendanceStatus.PRESENT,
        session__date__range=(month, last_of_month(month)),
    ).values_list(
        "member__enrollment_id",
        "member__cohort_id",
        "session__date",
        "session__start_time",
        "session__end_time",
    ):
        length = session_hours(start, end)
        if length is None:
            without_times += 1
            continue
        found[(enrollment_id, activity_key(ActivityKind.COHORT, cohort_id), day)] += length
    return dict(found), without_times


def month_label(month: datetime.date) -> str:
    """``mars 2024``: the month as pages and files name it."""
    return date_format(month, "F Y")


def month_enrollments(enrollments: "QuerySet[Enrollment]", month: datetime.date) -> "QuerySet[Enrollment]":
    """Those of ``enrollments`` enrolled some day of the month, or with a time report for it."""
    reported = MonthReport.objects.filter(month=month).values("enrollment_id")
    return enrollments.filter(in_month_q(month, "start_date", "end_date") | Q(pk__in=reported))


def hours_text(value: Decimal | None) -> str:
    """Hours as a Swedish page shows and takes them: ``2,5``, ``3``; nothing for none."""
    if not value:
        return ""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")

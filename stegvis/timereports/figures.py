"""Attested participant hours and signed-off staff time, summed in the database.

These are the figures other parts read (co-financing from participants' allowances, the cost
report): each is one GROUP BY query, whatever the number of participants. They are aggregates
without names, so they apply no access rule of their own: the caller decides who may see a
project's figures (a page, for example, with the project's ``REPORT`` rule).

- **Attested hours** are the hours of participants' months that are signed off (attesterad) or
  reported (rapporterad); open months count nothing. A day counts in the window when it lies in
  it, so a window may cut a month. Each row is a month and an organisation (the one that
  enrolled the participant).
- **Staff time** is the staff time signed off by a manager, per month and organisation: the
  sum of shares of full time (as full-time equivalents, 100 % = 1) and the sum of hours, each
  over the rows that gave it.
"""

import datetime
from decimal import Decimal
from typing import Any, TypedDict

from django.db.models import Count, Q, Sum

from stegvis.organizations.models import Organization, Project
from stegvis.timereports.models import ATTESTED, StaffTime, TimeEntry


class HoursRow(TypedDict):
    month: datetime.date
    organization: str  # the organisation's code
    hours: Decimal
    participants: int  # distinct persons with attested hours in that month and organisation


class StaffRow(TypedDict):
    month: datetime.date
    organization: str
    full_time_equivalents: Decimal  # the shares of full time, summed (100 % = 1)
    hours: Decimal
    staff: int  # staff members with signed-off time


def attested_hours(
    project: Project,
    date_from: datetime.date,
    date_to: datetime.date,
    organization: Organization | None = None,
) -> list[HoursRow]:
    """Attested hours of ``project``'s participants on the days ``date_from`` to ``date_to``
    (both included), per month and organisation, in month and organisation order. One query.

    With ``organization``, only the participants that organisation enrolled.
    """
    entries = TimeEntry.objects.filter(
        report__enrollment__project=project,
        report__status__in=ATTESTED,
        day__range=(date_from, date_to),
    )
    if organization is not None:
        entries = entries.filter(report__enrollment__organization=organization)
    rows = (
        entries.values("report__month", "report__enrollment__organization__code")
        .annotate(hours=Sum("hours"), participants=Count("report__enrollment__person", distinct=True))
        .order_by("report__month", "report__enrollment__organization__code")
    )
    return [
        HoursRow(
            month=row["report__month"],
            organization=row["report__enrollment__organization__code"],
            hours=Decimal(row["hours"]),
            participants=row["participants"],
        )
        for row in rows
    ]


def staff_time(project: Project, date_from: datetime.date, date_to: datetime.date) -> list[StaffRow]:
    """Signed-off staff time of ``project`` in the months that ``date_from`` to ``date_to``
    touch, per month and organisation, in that order. One query."""
    rows = (
        StaffTime.objects.filter(
            project=project,
            signed_at__isnull=False,
            month__range=(date_from.replace(day=1), date_to),
        )
        .values("month", "organization__code")
        .annotate(
            percent=Sum("percent"),
            hours=Sum("hours"),
            staff=Count("staff", distinct=True),
        )
        .order_by("month", "organization__code")
    )
    return [
        StaffRow(
            month=row["month"],
            organization=row["organization__code"],
            full_time_equivalents=(Decimal(row["percent"] or 0) / 100).quantize(Decimal("0.01")),
            hours=Decimal(row["hours"] or 0),
            staff=row["staff"],
        )
        for row in rows
    ]


def month_totals(project: Project, month: datetime.date, enrollment_ids: Any = None) -> dict[str, Any]:
    """The totals of one project-month for its overview: hours of every status and attested hours,
    and months per status. ``enrollment_ids``: only those enrolments (a queryset of ids)."""
    entries = TimeEntry.objects.filter(report__enrollment__project=project, report__month=month)
    if enrollment_ids is not None:
        entries = entries.filter(report__enrollment_id__in=enrollment_ids)
    return entries.aggregate(
        hours=Sum("hours"),
        attested=Sum("hours", filter=Q(report__status__in=ATTESTED)),
    )

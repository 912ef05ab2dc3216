"""Demo time reports: one start group's last whole month, staff time, written in bulk."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F, Q

from stegvis.timereports.demo import demo_month
from stegvis.timereports.models import MonthReport, MonthStatus, StaffTime, TimeEntry

pytestmark = pytest.mark.django_db


def test_demo_month_is_the_last_whole_month():
    assert demo_month(datetime.date(2024, 3, 1)) == datetime.date(2024, 2, 1)
    assert demo_month(datetime.date(2024, 1, 31)) == datetime.date(2023, 12, 1)


def test_demo_time_reports_are_plausible():
    today = datetime.date(2024, 5, 20)
    call_command("demo-data", participants=80, today=today, seed=7, verbosity=0, stdout=StringIO())
    month = datetime.date(2024, 4, 1)
    reports = MonthReport.objects.all()
    assert reports.exists() and not reports.exclude(month=month).exists()
    statuses = list(reports.values_list("status", flat=True))
    assert (
        statuses.count(MonthStatus.REPORTED) == 1
        and MonthStatus.SIGNED in statuses
        and MonthStatus.OPEN in statuses
    )
    assert len({c for c in reports.values_list("enrollment__cohort_memberships__cohort", flat=True)}) >= 1
    assert not TimeEntry.objects.filter(
        Q(day__lt=F("report__enrollment__start_date")) | Q(day__gt=F("report__enrollment__end_date"))
    ).exists()
    assert StaffTime.objects.filter(month=month, signed_at__isnull=False).exists()
    assert StaffTime.objects.filter(month=month, signed_at__isnull=True).exists()

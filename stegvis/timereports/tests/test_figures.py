"""The figures other parts read: attested hours and staff time, summed in the database."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from stegvis.timereports import actions
from stegvis.timereports.figures import attested_hours, staff_time
from stegvis.timereports.models import ATTESTED, TimeEntry
from stegvis.timereports.testing import MONTH, save_hours, signed_staff_time

pytestmark = pytest.mark.django_db

APRIL = datetime.date(2023, 4, 1)


def _sign(world, name, month=MONTH):
    report = save_hours(world, name, {}, month)
    actions.sign_months(None, month, {report.enrollment_id: report.version})


def test_attested_hours_count_signed_and_reported_months_only(world, django_assert_num_queries):
    project = world.projects["helhetslyftet"]
    save_hours(world, "anna", {("samtal", 6): "2", ("annat", 7): "1,5"})
    _sign(world, "anna")
    save_hours(world, "bo", {("samtal", 6): "4"})  # open: not attested
    save_hours(world, "anna", {("samtal", 3): "3", ("samtal", 28): "1"}, APRIL)
    _sign(world, "anna", APRIL)
    save_hours(world, "bo", {("samtal", 10): "6"}, APRIL)
    _sign(world, "bo", APRIL)
    with django_assert_num_queries(1):
        rows = attested_hours(project, datetime.date(2023, 3, 1), datetime.date(2023, 4, 30))
    assert rows == [
        {"month": MONTH, "organization": "kungsbacka", "hours": Decimal("3.5"), "participants": 1},
        {"month": APRIL, "organization": "kungsbacka", "hours": Decimal("4"), "participants": 1},
        {"month": APRIL, "organization": "molndal", "hours": Decimal("6"), "participants": 1},
    ]
    # The sums match the records.
    recorded = TimeEntry.objects.filter(report__status__in=ATTESTED).aggregate(s=Sum("hours"))["s"]
    assert sum(r["hours"] for r in rows) == recorded
    # A window cuts by day; an organisation narrows it.
    rows = attested_hours(
        project, datetime.date(2023, 3, 7), datetime.date(2023, 4, 10), world.orgs["kungsbacka"]
    )
    assert [(r["month"], r["hours"]) for r in rows] == [(MONTH, Decimal("1.5")), (APRIL, Decimal("3"))]
    assert attested_hours(world.projects["spik"], MONTH, APRIL) == []


def test_staff_time_sums_signed_rows_per_month_and_organisation(world, django_assert_num_queries):
    project = world.projects["helhetslyftet"]
    signed_staff_time(world, "coord_kba", "kungsbacka", percent="50")
    signed_staff_time(world, "leader", "kungsbacka", percent="25")
    signed_staff_time(world, "coord_mdl", "molndal", percent="100")
    actions.save_staff_time(
        None,
        project,
        APRIL,
        {
            (world.users["coord_kba"].pk, world.orgs["kungsbacka"].pk): actions.StaffInput(
                version=0, hours="40"
            )
        },
    )  # not signed: not counted
    with django_assert_num_queries(1):
        rows = staff_time(project, datetime.date(2023, 3, 15), datetime.date(2023, 4, 30))
    assert rows == [
        {
            "month": MONTH,
            "organization": "kungsbacka",
            "full_time_equivalents": Decimal("0.75"),
            "hours": Decimal("0"),
            "staff": 2,
        },
        {
            "month": MONTH,
            "organization": "molndal",
            "full_time_equivalents": Decimal("1.00"),
            "hours": Decimal("0"),
            "staff": 1,
        },
    ]

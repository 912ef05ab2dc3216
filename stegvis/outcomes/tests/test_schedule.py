import datetime

import pytest

from stegvis.outcomes import schedule
from stegvis.outcomes.schedule import (
    DONE,
    DUE,
    MISSED,
    NOT_YET,
    OVERDUE,
    add_months,
    latest_exit_for,
    status_of,
)
from stegvis.outcomes.testing import end_enrollment
from stegvis.participants.models import Enrollment


def test_latest_exit_for_is_the_inverse_of_add_months():
    days = [datetime.date(2023, 12, 1) + datetime.timedelta(days=i) for i in range(0, 500)]
    exits = [datetime.date(2023, 9, 1) + datetime.timedelta(days=i) for i in range(0, 560)]
    for months in (1, 3, 6, 9):
        for day in days[::7] + [
            datetime.date(2024, 2, 29),
            datetime.date(2024, 3, 31),
            datetime.date(2025, 2, 28),
        ]:
            limit = latest_exit_for(day, months)
            for exit_day in exits:
                assert (add_months(exit_day, months) <= day) == (exit_day <= limit), (day, months, exit_day)


def test_status_windows():
    exit_day = datetime.date(2024, 1, 31)
    assert schedule.point_date(exit_day, 1) == datetime.date(2024, 2, 29)
    assert status_of(exit_day, 1, datetime.date(2024, 2, 14)) == NOT_YET
    assert status_of(exit_day, 1, datetime.date(2024, 2, 15)) == DUE  # 14 days before
    assert status_of(exit_day, 1, datetime.date(2024, 3, 14)) == DUE  # 14 days after
    assert status_of(exit_day, 1, datetime.date(2024, 3, 15)) == OVERDUE
    assert status_of(exit_day, 1, datetime.date(2024, 4, 16)) == MISSED  # +3 (30 April) is 14 days ahead
    assert status_of(exit_day, 1, datetime.date(2024, 4, 16), recorded=True) == DONE
    assert status_of(exit_day, 6, datetime.date(2024, 10, 17)) == MISSED  # nine months after, minus 14 days


@pytest.mark.django_db
@pytest.mark.parametrize(
    "exit_day", [datetime.date(2023, 1, 31), datetime.date(2023, 8, 31), datetime.date(2023, 5, 15)]
)
def test_add_months_in_the_database_matches_python(world, exit_day):
    enrollment = world.enrollments["cia"]
    end_enrollment(enrollment, day=exit_day)
    from django.db.models import F

    row = (
        Enrollment.objects.filter(pk=enrollment.pk)
        .annotate(**{f"p{n}": schedule.AddMonths(F("end_date"), n) for n in (1, 3, 6)})
        .values("p1", "p3", "p6")
        .get()
    )
    assert row == {f"p{n}": add_months(exit_day, n) for n in (1, 3, 6)}


@pytest.mark.django_db
def test_due_list_as_of_agrees_with_the_status_of_each_point(world):
    """Over a year of days, the database's due list and the Python status say the same."""
    from stegvis.outcomes.testing import anna_follow_up

    end_enrollment(world.enrollments["bo"], day=datetime.date(2023, 3, 31))
    end_enrollment(world.enrollments["cia"], day=datetime.date(2022, 8, 15))
    anna_follow_up(world, months=3)  # anna ended 2023-06-30; +3 recorded on 2023-09-30
    ended = {e.pk: e.end_date for e in Enrollment.objects.filter(end_date__isnull=False)}
    recorded = {(world.enrollments["anna"].pk, 3): datetime.date(2023, 9, 30)}
    day = datetime.date(2022, 8, 1)
    while day < datetime.date(2024, 6, 1):
        rows = {e.pk: e for e in schedule.due_follow_ups(Enrollment.objects.all(), day)}
        for pk, exit_day in ended.items():
            statuses = (
                {
                    n: status_of(exit_day, n, day, recorded=recorded.get((pk, n), datetime.date.max) <= day)
                    for n in schedule.POINTS
                }
                if exit_day <= day
                else {}
            )
            open_points = [n for n, s in statuses.items() if s in (DUE, OVERDUE)]
            if pk in rows:
                row = rows[pk]
                assert open_points == [row.due_point], (day, pk)
                assert row.due_on == add_months(exit_day, row.due_point)
                assert row.overdue == (statuses[row.due_point] == OVERDUE)
            else:
                assert open_points == [], (day, pk, statuses)
        day += datetime.timedelta(days=3)

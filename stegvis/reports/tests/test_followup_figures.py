"""The follow-up's figures in the report: each definition checked on a small hand-computed case."""

import calendar
import datetime
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stegvis.organizations.actions import grant_role
from stegvis.organizations.models import Role
from stegvis.participants import actions
from stegvis.participants.models import CoordinatorAssignment, Enrollment
from stegvis.reports import followup_figures as figures
from stegvis.reports.project_report import _period_end, build_report
from stegvis.reports.tests.helpers import D, enrol, make_project, person
from stegvis.testing import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(world):
    return make_project(world)


@pytest.fixture
def coordinators(world):
    """Three coordinators of Kungsbacka (any project), with names to show."""
    users = {}
    for username, first, last in [("ada", "Ada", "Ek"), ("bert", "Bert", "Al"), ("cilla", "Cilla", "Ro")]:
        users[username] = make_user(username, first_name=first, last_name=last)
        grant_role(None, users[username], role=Role.COORDINATOR, organization=world.orgs["kungsbacka"])
    return users


def change(enrollment, coordinator, from_date):
    enrollment.refresh_from_db()
    return actions.change_coordinator(
        None, enrollment, coordinator=coordinator, version=enrollment.version, from_date=from_date
    )


# --- Gender balance ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "women,men,balanced",
    [
        (2, 3, True),  # exactly 40 %
        (3, 2, True),  # exactly 60 %
        (39, 61, False),
        (61, 39, False),
        (199, 301, False),  # 39.8 %: rounds to 40 % but is outside
        (1, 0, False),
        (0, 0, None),  # nothing to judge
    ],
)
def test_balance_rule_is_40_to_60_percent_women_of_women_and_men(women, men, balanced):
    assert figures.is_balanced(women, men) is balanced


def test_gender_balance_per_referrer_and_total(world, project):
    for gender in "KKMMM":
        enrol(world, project, person(world, gender=gender), D(2023, 1, 1), referrer="af")
    for gender in "KKKKKKKKMX":
        enrol(world, project, person(world, gender=gender), D(2023, 1, 1), referrer="fk")
    enrol(world, project, person(world, gender="X"), D(2023, 1, 1))
    balance = build_report(project, on=D(2023, 6, 1))["gender_balance_by_referrer"]
    # Only referrers with enrolments; "okand" (no referrer) is one of them here.
    assert set(balance) == {"af", "fk", "okand", "total"}
    assert balance["af"] == {"K": 2, "M": 3, "X": 0, "women_share": 0.4, "balanced": True, "few": True}
    # X is counted but is not in the denominator: 8 / 9 women.
    assert balance["fk"] == {"K": 8, "M": 1, "X": 1, "women_share": 0.8889, "balanced": False, "few": True}
    assert balance["okand"]["women_share"] is None and balance["okand"]["balanced"] is None
    assert balance["total"] == {
        "K": 10,
        "M": 4,
        "X": 2,
        "women_share": 0.7143,
        "balanced": False,
        "few": False,
    }


# --- Enrolled 11 months or more ------------------------------------------------------------------


def plus_months(day, months):
    """Reference: the same day number ``months`` later, or that month's last day when shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@pytest.mark.parametrize(
    "start,end,long",
    [
        (D(2023, 1, 15), D(2023, 12, 14), False),
        (D(2023, 1, 15), D(2023, 12, 15), True),
        (D(2023, 3, 31), D(2024, 2, 28), False),  # 2024 is a leap year: 11 months later is 29 February
        (D(2023, 3, 31), D(2024, 2, 29), True),
        (D(2022, 3, 31), D(2023, 2, 28), True),  # common year: 28 February is the month's last day
        (D(2023, 1, 31), D(2023, 12, 30), False),
        (D(2023, 1, 31), D(2023, 12, 31), True),
        (D(2023, 5, 31), D(2024, 4, 30), True),  # April has 30 days
        (D(2023, 5, 30), D(2024, 4, 29), False),
        (D(2022, 12, 1), D(2023, 11, 1), True),  # over a year boundary
        (D(2022, 12, 1), D(2023, 10, 31), False),
    ],
)
def test_eleven_months_boundary(world, project, start, end, long):
    assert (plus_months(start, 11) <= end) is long  # the reference agrees with the table
    enrol(world, project, person(world), start, end=end)
    report = build_report(project, on=D(2025, 1, 1))
    assert report["enrolled_11_months_or_more"] == {"count": int(long), "share": float(int(long))}


def test_eleven_months_runs_to_the_report_date_while_active(world, project):
    enrol(world, project, person(world), D(2023, 1, 15))
    enrol(world, project, person(world), D(2023, 1, 15), end=D(2024, 6, 1))  # exit after ON: still active
    assert build_report(project, on=D(2023, 12, 14))["enrolled_11_months_or_more"]["count"] == 0
    assert build_report(project, on=D(2023, 12, 15))["enrolled_11_months_or_more"] == {
        "count": 2,
        "share": 1.0,
    }


def test_eleven_months_agrees_with_the_calendar_on_random_dates(world, project):
    rng = random.Random(4)
    expected = {}
    for _ in range(60):
        start = D(2019, 1, 1) + datetime.timedelta(days=rng.randrange(1500))
        end = plus_months(start, 11) + datetime.timedelta(days=rng.randrange(-3, 4))
        end = max(end, start)
        enrollment = enrol(world, project, person(world), start, end=end)
        expected[enrollment.pk] = plus_months(start, 11) <= end
    flags = dict(
        figures.with_long_flag(
            Enrollment.objects.filter(project=project), _period_end(D(2025, 1, 1))
        ).values_list("pk", "_long")
    )
    assert {pk: bool(flag) for pk, flag in flags.items()} == expected


# --- Coordinators ------------------------------------------------------------------------------


def test_caseload_follows_the_coordinator_history_as_of_the_report_date(world, project, coordinators):
    ada, bert, cilla = coordinators["ada"], coordinators["bert"], coordinators["cilla"]
    one = enrol(world, project, person(world), D(2023, 1, 1), coordinator=ada)
    change(one, bert, D(2023, 6, 1))
    change(one, cilla, D(2023, 9, 1))
    two = enrol(world, project, person(world), D(2023, 2, 1), coordinator=ada)
    enrol(world, project, person(world), D(2023, 2, 1), coordinator=ada, end=D(2023, 3, 1))  # not active
    late = enrol(world, project, person(world), D(2023, 3, 1))  # no coordinator at first
    change(late, bert, D(2023, 7, 1))

    may = build_report(project, on=D(2023, 5, 31))["coordinators"]
    assert may["caseload"] == [{"username": "ada", "name": "Ada Ek", "active": 2}]
    assert may["without_coordinator"] == 1  # late had nobody until July
    assert may["changes"] == {"0": 4, "1": 0, "2+": 0}  # late's first assignment is not a change
    assert may["changed"] == 0 and may["changed_in_period"] is None

    june = build_report(project, on=D(2023, 6, 1))["coordinators"]  # the change counts from its date
    assert june["caseload"] == [
        {"username": "ada", "name": "Ada Ek", "active": 1},
        {"username": "bert", "name": "Bert Al", "active": 1},
    ]
    assert june["changes"] == {"0": 3, "1": 1, "2+": 0}

    december = build_report(project, on=D(2023, 12, 31))["coordinators"]
    assert december["caseload"] == [
        {"username": "ada", "name": "Ada Ek", "active": 1},
        {"username": "bert", "name": "Bert Al", "active": 1},
        {"username": "cilla", "name": "Cilla Ro", "active": 1},
    ]
    assert december["without_coordinator"] == 0
    assert december["changes"] == {"0": 3, "1": 0, "2+": 1}
    assert december["changed"] == 1 and december["changed_share"] == 0.25
    two.refresh_from_db()
    assert two.coordinator == ada


def test_changed_in_period_counts_changes_dated_in_the_window(world, project, coordinators):
    ada, bert = coordinators["ada"], coordinators["bert"]
    moved = enrol(world, project, person(world), D(2023, 1, 1), coordinator=ada)
    change(moved, bert, D(2023, 6, 15))
    first_in_window = enrol(world, project, person(world), D(2023, 6, 1))
    change(first_in_window, ada, D(2023, 6, 10))  # the first coordinator: not a change
    twice = enrol(world, project, person(world), D(2023, 6, 1))
    change(twice, ada, D(2023, 6, 2))
    change(twice, bert, D(2023, 6, 20))  # a change inside the window

    june = build_report(project, on=D(2023, 12, 31), date_from=D(2023, 6, 1), date_to=D(2023, 6, 30))
    assert june["coordinators"]["changed_in_period"] == 2  # moved and twice
    edge = build_report(project, on=D(2023, 12, 31), date_from=D(2023, 6, 16), date_to=D(2023, 6, 20))
    assert edge["coordinators"]["changed_in_period"] == 1  # twice on the last day; moved the day before
    # A change after ON has not happened, even inside the window.
    before = build_report(project, on=D(2023, 6, 19), date_from=D(2023, 6, 16), date_to=D(2023, 6, 30))
    assert before["coordinators"]["changed_in_period"] == 0


def test_enrolment_without_history_falls_back_to_its_coordinator(world, project, coordinators):
    kept = enrol(world, project, person(world), D(2023, 1, 1), coordinator=coordinators["ada"])
    CoordinatorAssignment.objects.filter(enrollment=kept).delete()  # e.g. made before history was kept
    report = build_report(project, on=D(2023, 6, 1))["coordinators"]
    assert report["caseload"] == [{"username": "ada", "name": "Ada Ek", "active": 1}]
    assert report["changes"] == {"0": 1, "1": 0, "2+": 0}


# --- Month by month ----------------------------------------------------------------------------


def test_monthly_counts_new_exited_and_active_at_each_months_end(world, project):
    enrol(world, project, person(world, gender="K"), D(2023, 1, 10), end=D(2023, 3, 31), reason="arbete")
    enrol(world, project, person(world, gender="M"), D(2023, 1, 31))
    enrol(world, project, person(world, gender="X"), D(2023, 3, 1), end=D(2023, 3, 2), reason="flytt")
    enrol(world, project, person(world, gender="K"), D(2023, 5, 1))  # after ON: does not exist yet
    monthly = build_report(project, on=D(2023, 4, 15))["monthly"]
    assert monthly == [
        {"month": "2023-01", "new": 2, "new_K": 1, "new_M": 1, "new_X": 0, "exited": 0, "active_at_end": 2},
        {"month": "2023-02", "new": 0, "new_K": 0, "new_M": 0, "new_X": 0, "exited": 0, "active_at_end": 2},
        {"month": "2023-03", "new": 1, "new_K": 0, "new_M": 0, "new_X": 1, "exited": 2, "active_at_end": 1},
        {"month": "2023-04", "new": 0, "new_K": 0, "new_M": 0, "new_X": 0, "exited": 0, "active_at_end": 1},
    ]
    # An exit after ON is not an exit yet.
    march = build_report(project, on=D(2023, 3, 30))["monthly"]
    assert march[-1] == {
        "month": "2023-03",
        "new": 1,
        "new_K": 0,
        "new_M": 0,
        "new_X": 1,
        "exited": 1,
        "active_at_end": 2,
    }


def test_monthly_ignores_the_window_but_not_the_organisation(world):
    project = world.projects["helhetslyftet"]  # anna (Kungsbacka) from Jan 2023, bo (Mölndal) from Feb 2023
    window = build_report(project, on=D(2023, 3, 31), date_from=D(2023, 3, 1), date_to=D(2023, 3, 31))
    assert [m["month"] for m in window["monthly"]] == ["2023-01", "2023-02", "2023-03"]
    assert window["monthly"][-1]["active_at_end"] == 2
    molndal = build_report(project, on=D(2023, 3, 31), organization=world.orgs["molndal"])
    assert [(m["month"], m["new"], m["active_at_end"]) for m in molndal["monthly"]] == [
        ("2023-02", 1, 1),
        ("2023-03", 0, 1),
    ]
    assert molndal["coordinators"]["caseload"] == [
        {"username": "coord_mdl", "name": "Coord_Mdl", "active": 1}
    ]


def test_monthly_covers_at_most_36_months_and_carries_the_earlier_ones(world, project):
    enrol(world, project, person(world), D(2015, 5, 5), end=D(2016, 1, 1), reason="arbete")
    enrol(world, project, person(world), D(2016, 6, 1))
    enrol(world, project, person(world), D(2021, 2, 3))
    monthly = build_report(project, on=D(2021, 3, 15))["monthly"]
    assert len(monthly) == figures.TREND_MONTHS
    assert monthly[0] == {
        "month": "2018-04",
        "new": 0,
        "new_K": 0,
        "new_M": 0,
        "new_X": 0,
        "exited": 0,
        "active_at_end": 1,
    }  # the 2016 start is still active
    assert monthly[-2]["month"] == "2021-02" and monthly[-2]["new"] == 1
    assert monthly[-1]["active_at_end"] == 2


def test_empty_project_has_the_keys_with_zero(project):
    report = build_report(project, on=D(2024, 1, 1))
    assert report["monthly"] == []
    assert report["enrolled_11_months_or_more"] == {"count": 0, "share": 0}
    assert report["coordinators"] == {
        "caseload": [],
        "without_coordinator": 0,
        "changes": {"0": 0, "1": 0, "2+": 0},
        "changed": 0,
        "changed_share": 0,
        "changed_in_period": None,
    }
    assert report["gender_balance_by_referrer"] == {
        "total": {"K": 0, "M": 0, "X": 0, "women_share": None, "balanced": None, "few": True}
    }


# --- Queries -------------------------------------------------------------------------------------


def _fill(world, project, users, n):
    for i in range(n):
        enrollment = enrol(
            world,
            project,
            person(world, gender="KMX"[i % 3]),
            D(2021, 1 + i % 12, 1 + i % 28),
            end=D(2022, 6, 1) if i % 2 else None,
            referrer=("af", "fk", "")[i % 3],
            coordinator=users[i % len(users)],
        )
        if i % 4 == 0:
            change(enrollment, users[(i + 1) % len(users)], D(2022, 1, 1))


def test_build_report_query_count_does_not_grow_with_enrolments(world, project, coordinators):
    users = list(coordinators.values())
    counts = []
    for n in (3, 30):
        _fill(world, project, users, n if not counts else n - 3)
        with CaptureQueriesContext(connection) as queries:
            report = build_report(
                project, on=D(2022, 12, 31), date_from=D(2022, 1, 1), date_to=D(2022, 12, 31)
            )
        assert report["enrollments"] == n
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]

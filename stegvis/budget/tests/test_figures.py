"""Budget against outcome: co-financing is attested hours × the rate, sums match the records."""

import datetime
from decimal import Decimal

import pytest

from stegvis.budget import actions
from stegvis.budget.figures import budget_outcome, co_financing, project_quarters
from stegvis.budget.models import CostCategory
from stegvis.timereports import actions as time_actions
from stegvis.timereports.testing import MONTH, save_hours, signed_staff_time

Q1 = datetime.date(2023, 1, 1)


@pytest.fixture
def project(world):
    return world.projects["helhetslyftet"]


def _attested(world, name, cells):
    report = save_hours(world, name, cells)
    time_actions.sign_months(None, MONTH, {report.enrollment_id: report.version})


def test_allowances_are_attested_hours_times_rate(world, project):
    _attested(world, "anna", {("samtal", 6): "2", ("samtal", 7): "3,5"})
    save_hours(world, "bo", {("samtal", 6): "4"})  # not signed off: counts nothing
    actions.set_rate(None, project, "deltagartimme", datetime.date(2022, 1, 1), "100")
    actions.set_rate(None, project, "deltagartimme", datetime.date(2023, 3, 2), "999")  # from after March 1st
    [march] = co_financing(project, MONTH, MONTH)
    assert march.hours == Decimal("5.5")
    assert march.hour_rate == Decimal("100")
    assert march.allowances == Decimal("550.00")


def test_no_rate_counts_nothing(world, project):
    _attested(world, "anna", {("samtal", 6): "2"})
    [march] = co_financing(project, MONTH, MONTH)
    assert march.hours == Decimal("2") and march.hour_rate is None and march.allowances == 0


def test_staff_co_financing_is_full_time_equivalents_times_rate(world, project):
    signed_staff_time(world, percent="50")
    actions.set_rate(None, project, "heltid_manad", datetime.date(2023, 1, 1), "40000")
    [march] = co_financing(project, MONTH, MONTH)
    assert march.staff == Decimal("20000.00")


def test_budget_outcome_sums_match_records(world, project):
    _attested(world, "anna", {("samtal", 6): "10"})
    actions.set_rate(None, project, "deltagartimme", datetime.date(2022, 1, 1), "150")
    actions.save_budget(
        None,
        project,
        {
            ("personal", Q1): actions.AmountInput(0, "100000"),
            ("deltagarersattning", Q1): actions.AmountInput(0, "20000"),
            ("personal", datetime.date(2023, 4, 1)): actions.AmountInput(0, "90000"),
        },
    )
    actions.save_actual_costs(
        None, project, datetime.date(2023, 1, 1), {"personal": actions.AmountInput(0, "30000")}
    )
    actions.save_actual_costs(None, project, MONTH, {"personal": actions.AmountInput(0, "35000")})
    result = budget_outcome(project, project_quarters(project))
    q1 = next(p for p in result.periods if p.quarter == Q1)
    assert q1.budget_total == Decimal("120000")
    assert q1.outcome == {"personal": Decimal("65000"), CostCategory.ALLOWANCES: Decimal("1500.00")}
    assert q1.difference == Decimal("53500")
    assert result.budget_total == Decimal("210000")
    assert result.outcome_total == Decimal("66500")
    by_category = {r["category"]: r for r in result.category_rows()}
    assert by_category["deltagarersattning"]["outcome"] == Decimal("1500.00")
    assert result.periods[0].quarter == datetime.date(2022, 7, 1)  # the project starts 2022-09-01
    assert result.periods[-1].quarter == datetime.date(2025, 4, 1)  # and ends 2025-06-30


def test_the_budget_is_a_part_of_the_steering_group_report(world, project):
    from stegvis.budget.steering_part import steering_tables

    assert steering_tables(project, Q1, datetime.date(2023, 3, 31)) == []  # no budget kept yet
    actions.save_budget(None, project, {("personal", Q1): actions.AmountInput(0, "100000")})
    actions.save_actual_costs(None, project, Q1, {"personal": actions.AmountInput(0, "30000")})
    tables = steering_tables(project, Q1, datetime.date(2023, 3, 31))
    assert [t.key for t in tables] == ["per_quarter", "per_category"]
    assert tables[0].rows == [["2023-K1", 100000.0, 30000.0, 70000.0, 0.3]]

"""The budget's actions: Swedish messages naming the field, all or nothing, versions, audit."""

import datetime
from decimal import Decimal

import pytest

from stegvis.audit.models import AuditEntry
from stegvis.budget import actions
from stegvis.budget.models import ActualCost, BudgetLine, CoFinancingRate
from stegvis.core.errors import ActionError, ConflictError, NotAllowed

Q1 = datetime.date(2023, 1, 1)
Q2 = datetime.date(2023, 4, 1)
MARCH = datetime.date(2023, 3, 1)


@pytest.fixture
def project(world):
    return world.projects["helhetslyftet"]


def test_save_budget_writes_and_audits(world, project):
    changed = actions.save_budget(
        world.users["leader"],
        project,
        {
            ("personal", Q1): actions.AmountInput(0, "120 000"),
            ("resor", Q1): actions.AmountInput(0, "5 000,50"),
            ("personal", Q2): actions.AmountInput(0, ""),
        },
    )
    assert changed == 2
    assert BudgetLine.objects.get(project=project, category="resor").amount == Decimal("5000.50")
    assert AuditEntry.objects.filter(object_type="budget.budgetline", action="create").count() == 2


def test_bad_budget_amount_names_the_field_and_writes_nothing(world, project):
    with pytest.raises(ActionError) as caught:
        actions.save_budget(
            None,
            project,
            {
                ("personal", Q1): actions.AmountInput(0, "100"),
                ("resor", Q1): actions.AmountInput(0, "tio kronor"),
                ("resor", Q2): actions.AmountInput(0, "-5"),
            },
        )
    errors = caught.value.message_dict
    assert "Resor och logi" in errors[actions.budget_field("resor", Q1)][0]
    assert "belopp i kronor" in errors[actions.budget_field("resor", Q1)][0]
    assert "negativt" in errors[actions.budget_field("resor", Q2)][0]
    assert not BudgetLine.objects.exists()


def test_stale_budget_version_is_a_conflict(world, project):
    actions.save_budget(None, project, {("personal", Q1): actions.AmountInput(0, "100")})
    line = BudgetLine.objects.get()
    actions.save_budget(None, project, {("personal", Q1): actions.AmountInput(line.version, "200")})
    with pytest.raises(ConflictError):
        actions.save_budget(None, project, {("personal", Q1): actions.AmountInput(line.version, "300")})
    assert BudgetLine.objects.get().amount == Decimal("200")


def test_empty_cell_removes_the_line(world, project):
    actions.save_budget(None, project, {("personal", Q1): actions.AmountInput(0, "100")})
    line = BudgetLine.objects.get()
    actions.save_budget(None, project, {("personal", Q1): actions.AmountInput(line.version, "")})
    assert not BudgetLine.objects.exists()
    assert AuditEntry.objects.filter(object_type="budget.budgetline", action="delete").count() == 1


def test_coordinator_may_not_change(world, project):
    with pytest.raises(NotAllowed):
        actions.save_budget(
            world.users["coord_kba"], project, {("personal", Q1): actions.AmountInput(0, "1")}
        )


def test_actual_costs_refuse_computed_categories(world, project):
    with pytest.raises(ActionError) as caught:
        actions.save_actual_costs(None, project, MARCH, {"deltagarersattning": actions.AmountInput(0, "100")})
    assert (
        "beräknas från tidrapporterna"
        in caught.value.message_dict[actions.cost_field("deltagarersattning")][0]
    )


def test_actual_costs_take_credits_and_notes(world, project):
    actions.save_actual_costs(
        None,
        project,
        MARCH,
        {"personal": actions.AmountInput(0, "50 000", "Lön mars"), "resor": actions.AmountInput(0, "-200")},
    )
    assert ActualCost.objects.get(category="resor").amount == Decimal("-200")
    assert ActualCost.objects.get(category="personal").note == "Lön mars"


def test_rate_needs_amount_and_date(world, project):
    with pytest.raises(ActionError) as caught:
        actions.set_rate(None, project, "deltagartimme", None, "abc")
    errors = caught.value.message_dict
    assert errors["valid_from"][0].startswith("Gäller från")
    assert errors["amount"][0].startswith("Belopp")


def test_rate_change_needs_its_version(world, project):
    rate = actions.set_rate(None, project, "deltagartimme", Q1, "145,50", "FK:s schablon")
    with pytest.raises(ActionError) as caught:
        actions.set_rate(None, project, "deltagartimme", Q1, "150")
    assert "finns redan en sats" in caught.value.message_dict["valid_from"][0]
    actions.set_rate(None, project, "deltagartimme", Q1, "150", version=rate.version)
    assert CoFinancingRate.objects.get().amount == Decimal("150")
    assert AuditEntry.objects.filter(object_type="budget.cofinancingrate").count() == 2

"""Demo budgets: SPiK's with 36 % co-financing from participants' allowances, rates, recent costs."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum

from stegvis.budget.figures import budget_outcome, project_quarters
from stegvis.budget.models import ActualCost, BudgetLine, CoFinancingRate
from stegvis.organizations.models import Project

pytestmark = pytest.mark.django_db


def test_demo_budgets():
    today = datetime.date(2024, 5, 20)
    call_command("demo-data", participants=80, today=today, seed=7, verbosity=0, stdout=StringIO())
    spik = Project.objects.get(code="spik")
    lines = BudgetLine.objects.filter(project=spik)
    total = lines.aggregate(total=Sum("amount"))["total"]
    allowances = lines.filter(category="deltagarersattning").aggregate(total=Sum("amount"))["total"]
    assert abs(total - Decimal("33100000")) < 1000
    assert round(allowances / total * 100) == 36
    assert set(BudgetLine.objects.values_list("project__code", flat=True)) == {"spik", "helhetslyftet"}
    assert CoFinancingRate.objects.filter(project=spik).count() == 2
    months = set(ActualCost.objects.values_list("month", flat=True))
    assert months == {datetime.date(2024, 2, 1), datetime.date(2024, 3, 1), datetime.date(2024, 4, 1)}
    result = budget_outcome(spik, project_quarters(spik))
    assert result.outcome_total > 0

"""The budget's part of a steering-group report (registered in ``BudgetConfig.ready``)."""

import datetime

from stegvis.budget.exports import budget_tables
from stegvis.budget.figures import budget_outcome
from stegvis.budget.periods import quarters_between
from stegvis.organizations.models import Project


def steering_tables(project: Project, period_from: datetime.date, period_to: datetime.date) -> list:
    """The budget against its outcome for the report's period (its quarters), or nothing when the
    project keeps no budget in Stegvis."""
    result = budget_outcome(project, quarters_between(period_from, period_to))
    if not (result.budget_total or result.outcome_total):
        return []
    return [t for t in budget_tables(result) if t.key in ("per_quarter", "per_category")]

"""Budget against outcome, and the co-financing computed from time reports.

Every figure is summed in the database: the budget per category and quarter, the entered actual
costs per category and month, attested participant hours and signed-off staff time per month
(:mod:`stegvis.timereports.figures`). Python only folds those few rows (months × categories)
into quarters and multiplies the computed co-financing by its rate; no participant is looped over.

**The co-financing rule.** Participants' allowances as co-financing for a month are the month's
attested hours (hours in signed-off or reported months) times the rate per hour valid on the
month's first day; staff co-financing is the month's signed-off full-time equivalents times the
monthly cost per full-time equivalent valid then. A month before the first rate counts nothing
and is marked as missing a rate.
"""

import bisect
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from stegvis.budget.models import (
    CO_FINANCING,
    COMPUTED,
    ActualCost,
    BudgetLine,
    CoFinancingRate,
    CostCategory,
    RateKind,
)
from stegvis.budget.periods import add_months, last_day, quarter_label, quarter_of, quarters_between
from stegvis.organizations.models import Project
from stegvis.timereports.figures import attested_hours, staff_time

ZERO = Decimal("0")
CENT = Decimal("0.01")


@dataclass
class CoFinancingMonth:
    """One month of computed co-financing, with what it was computed from."""

    month: datetime.date
    hours: Decimal = ZERO
    hour_rate: Decimal | None = None
    allowances: Decimal = ZERO
    full_time_equivalents: Decimal = ZERO
    staff_rate: Decimal | None = None
    staff: Decimal = ZERO


@dataclass
class Period:
    """Budget and outcome of one quarter, in total and per category."""

    quarter: datetime.date
    budget: dict[str, Decimal] = field(default_factory=dict)
    outcome: dict[str, Decimal] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)

    @property
    def budget_total(self) -> Decimal:
        return sum(self.budget.values(), ZERO)

    @property
    def outcome_total(self) -> Decimal:
        return sum(self.outcome.values(), ZERO)

    @property
    def difference(self) -> Decimal:
        return self.budget_total - self.outcome_total

    @property
    def used(self) -> Decimal | None:
        """Outcome as a share of the budget (0..1 and beyond), ``None`` without a budget."""
        return self.outcome_total / self.budget_total if self.budget_total else None


@dataclass
class BudgetOutcome:
    project: Project
    periods: list[Period]
    months: list[dict[str, Decimal]]  # per month: category → actual amount (computed ones included)
    month_keys: list[datetime.date]
    co_financing: list[CoFinancingMonth]

    def category_rows(self) -> list[dict[str, object]]:
        """Per category over the whole period: budget, outcome, difference."""
        rows: list[dict[str, object]] = []
        for category in CostCategory:
            budget = sum((p.budget.get(category, ZERO) for p in self.periods), ZERO)
            outcome = sum((p.outcome.get(category, ZERO) for p in self.periods), ZERO)
            rows.append(
                {
                    "category": category.value,
                    "label": category.label,
                    "computed": category in COMPUTED,
                    "budget": budget,
                    "outcome": outcome,
                    "difference": budget - outcome,
                }
            )
        return rows

    @property
    def budget_total(self) -> Decimal:
        return sum((p.budget_total for p in self.periods), ZERO)

    @property
    def outcome_total(self) -> Decimal:
        return sum((p.outcome_total for p in self.periods), ZERO)

    @property
    def co_financing_budget(self) -> Decimal:
        return sum((p.budget.get(c, ZERO) for p in self.periods for c in CO_FINANCING), ZERO)


def project_quarters(project: Project, today: datetime.date | None = None) -> list[datetime.date]:
    """The quarters the project runs in: from its start to its end (or, while it has none, to
    the later of this quarter and its last budgeted quarter). One query at most."""
    if project.end_date is not None:
        last = project.end_date
    else:
        last = today or datetime.date.today()
        planned = (
            BudgetLine.objects.filter(project=project).order_by("-quarter").values_list("quarter", flat=True)
        )
        latest = planned.first()
        if latest is not None and latest > last:
            last = latest
    return quarters_between(project.start_date, max(last, project.start_date))


def _rate_lookup(project: Project) -> dict[str, tuple[list[datetime.date], list[Decimal]]]:
    lookup: dict[str, tuple[list[datetime.date], list[Decimal]]] = {
        kind: ([], []) for kind in RateKind.values
    }
    for kind, valid_from, amount in (
        CoFinancingRate.objects.filter(project=project)
        .order_by("kind", "valid_from")
        .values_list("kind", "valid_from", "amount")
    ):
        lookup[kind][0].append(valid_from)
        lookup[kind][1].append(amount)
    return lookup


def rate_on(
    lookup: dict[str, tuple[list[datetime.date], list[Decimal]]], kind: str, day: datetime.date
) -> Decimal | None:
    """The rate of ``kind`` valid on ``day``: the latest one whose ``valid_from`` is not after it."""
    days, amounts = lookup[kind]
    index = bisect.bisect_right(days, day)
    return amounts[index - 1] if index else None


def co_financing(
    project: Project, date_from: datetime.date, date_to: datetime.date
) -> list[CoFinancingMonth]:
    """The computed co-financing of the months ``date_from`` to ``date_to`` (first days of months
    included), month by month; months without hours, time or a rate are zero. Three queries."""
    lookup = _rate_lookup(project)
    end = last_day(date_to, 1)
    hours: dict[datetime.date, Decimal] = {}
    for hours_row in attested_hours(project, date_from, end):
        hours[hours_row["month"]] = hours.get(hours_row["month"], ZERO) + hours_row["hours"]
    fte: dict[datetime.date, Decimal] = {}
    for staff_row in staff_time(project, date_from, end):
        fte[staff_row["month"]] = fte.get(staff_row["month"], ZERO) + staff_row["full_time_equivalents"]
    months = []
    month = date_from
    while month <= date_to:
        row = CoFinancingMonth(
            month, hours=hours.get(month, ZERO), full_time_equivalents=fte.get(month, ZERO)
        )
        row.hour_rate = rate_on(lookup, RateKind.PARTICIPANT_HOUR, month)
        row.staff_rate = rate_on(lookup, RateKind.STAFF_MONTH, month)
        row.allowances = (row.hours * (row.hour_rate or ZERO)).quantize(CENT)
        row.staff = (row.full_time_equivalents * (row.staff_rate or ZERO)).quantize(CENT)
        months.append(row)
        month = add_months(month, 1)
    return months


def budget_outcome(project: Project, quarters: list[datetime.date]) -> BudgetOutcome:
    """Budget against outcome for ``quarters`` (in order). Five queries, whatever the data."""
    if not quarters:
        return BudgetOutcome(project, [], [], [], [])
    first, last_month = quarters[0], add_months(quarters[-1], 2)
    periods = {q: Period(q) for q in quarters}
    budget_rows = (
        BudgetLine.objects.filter(project=project, quarter__range=(first, quarters[-1]))
        .values("quarter", "category")
        .annotate(total=Sum("amount"))
    )
    for row in budget_rows:
        if row["quarter"] in periods:
            periods[row["quarter"]].budget[row["category"]] = row["total"]
    month_keys = [add_months(first, i) for i in range(3 * len(quarters))]
    months: dict[datetime.date, dict[str, Decimal]] = {m: {} for m in month_keys}
    actual_rows = (
        ActualCost.objects.filter(project=project, month__range=(first, last_month))
        .exclude(category__in=COMPUTED)
        .values("month", "category")
        .annotate(total=Sum("amount"))
    )
    for actual in actual_rows:
        months[actual["month"]][actual["category"]] = actual["total"]
    computed = co_financing(project, first, last_month)
    for cofinanced in computed:
        if cofinanced.allowances:
            months[cofinanced.month][CostCategory.ALLOWANCES] = cofinanced.allowances
        if cofinanced.staff:
            months[cofinanced.month][CostCategory.STAFF_COFINANCING] = cofinanced.staff
    for month, amounts in months.items():
        period = periods[quarter_of(month)]
        for category, amount in amounts.items():
            period.outcome[category] = period.outcome.get(category, ZERO) + amount
    return BudgetOutcome(
        project,
        [periods[q] for q in quarters],
        [months[m] for m in month_keys],
        month_keys,
        computed,
    )

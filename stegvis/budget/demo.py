"""Demo budgets: SPiK's (about 33.1 million kronor, 36 % of it co-financing from participants'
allowances, as its final report tells) and Helhetslyftet's, with rates and recent actual costs.

For each of the two projects: a budget per category and quarter over the project's period (the
same shares every quarter), the documented rates (kronor per attested participant hour, and per
full-time equivalent and month of staff co-financing) valid from the project's start, and actual
costs for the last three whole months before the demo's today, around a third of the quarter's
budget each. The co-financing itself is not written: it is computed from the demo time reports.

A few dozen rows per project, written with ``bulk_create`` and audited in one INSERT per table.
Enrolments are not touched.
"""

from decimal import Decimal

from stegvis.audit.log import AuditAction, record_many
from stegvis.budget.models import COMPUTED, ActualCost, BudgetLine, CoFinancingRate, CostCategory, RateKind
from stegvis.budget.periods import add_months, quarter_of, quarters_between
from stegvis.organizations.models import Project

#: Runs after the time reports (see stegvis.demo.extensions).
DEMO_ORDER = 55

#: Project code → the whole budget in kronor.
BUDGETS = {"spik": Decimal("33100000"), "helhetslyftet": Decimal("9800000")}
#: Each category's share of the budget (per cent); participants' allowances 36 %, as in SPiK.
SHARES = {
    CostCategory.STAFF: 34,
    CostCategory.SERVICES: 5,
    CostCategory.TRAVEL: 2,
    CostCategory.EQUIPMENT: 3,
    CostCategory.INDIRECT: 5,
    CostCategory.ALLOWANCES: 36,
    CostCategory.STAFF_COFINANCING: 13,
    CostCategory.OTHER_COFINANCING: 2,
}
RATES = {
    RateKind.PARTICIPANT_HOUR: (Decimal("165"), "Demo: schablon per attesterad deltagartimme"),
    RateKind.STAFF_MONTH: (Decimal("52000"), "Demo: lön med sociala avgifter per heltid och månad"),
}
ACTUAL_MONTHS = 3
NOTES = {CostCategory.STAFF: "Löner enligt lönelista", CostCategory.TRAVEL: "Resor enligt reseräkningar"}


def demo_data(dataset, rng):
    projects = Project.objects.filter(code__in=[c for c in BUDGETS if c in dataset.projects]).order_by("code")
    lines, costs, rates = [], [], []
    for project in projects:
        end = project.end_date or add_months(quarter_of(dataset.as_of), 12)
        quarters = quarters_between(project.start_date, end)
        per_quarter = BUDGETS[project.code] / len(quarters)
        for quarter in quarters:
            for category, share in SHARES.items():
                amount = (per_quarter * share / 100).quantize(Decimal("1"))
                lines.append(BudgetLine(project=project, category=category, quarter=quarter, amount=amount))
        for kind, (amount, basis) in RATES.items():
            rates.append(
                CoFinancingRate(
                    project=project, kind=kind, valid_from=project.start_date, amount=amount, basis=basis
                )
            )
        last = add_months(dataset.as_of.replace(day=1), -1)
        for i in range(ACTUAL_MONTHS):
            month = add_months(last, -i)
            if month < project.start_date.replace(day=1) or month > end:
                continue
            for category, share in SHARES.items():
                if category in COMPUTED:
                    continue
                spread = Decimal(str(round(rng.uniform(0.8, 1.15), 3)))
                amount = (per_quarter * share / 100 / 3 * spread).quantize(Decimal("1"))
                costs.append(
                    ActualCost(
                        project=project,
                        category=category,
                        month=month,
                        amount=amount,
                        note=NOTES.get(category, ""),
                    )
                )
    for model, rows in ((BudgetLine, lines), (CoFinancingRate, rates), (ActualCost, costs)):
        if rows:
            model.objects.bulk_create(rows)
            record_many(None, AuditAction.CREATE, rows, detail="demo")

"""Budget against outcome as a spreadsheet: the tables the page shows, through the one workbook maker.

Only builds :class:`stegvis.reports.tables.Table` objects from :mod:`stegvis.budget.figures` and
hands them to :func:`stegvis.reports.exports.xlsx_report.render_xlsx`, which writes every cell
neutralised. Amounts are numbers, so sums in the spreadsheet work.
"""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.budget.figures import BudgetOutcome
from stegvis.budget.models import CostCategory
from stegvis.reports.exports.xlsx_report import render_xlsx
from stegvis.reports.tables import Table


@dataclass
class _Facts:
    lines: list[tuple[str, Any]]

    def rows(self) -> list[tuple[str, Any]]:
        return [*self.lines, (_("Skapad"), timezone.localtime().strftime("%Y-%m-%d %H:%M"))]


def _kr(value: Any) -> float | None:
    return float(value) if value is not None else None


def budget_tables(result: BudgetOutcome) -> list[Table]:
    """The page's tables: per quarter, per category, per month, and the computed co-financing."""
    categories = list(CostCategory)
    per_quarter = Table(
        key="per_quarter",
        title=_("Budget och utfall per kvartal"),
        columns=[_("Kvartal"), _("Budget (kr)"), _("Utfall (kr)"), _("Kvar (kr)"), _("Förbrukat")],
        rows=[
            [p.label, _kr(p.budget_total), _kr(p.outcome_total), _kr(p.difference), _kr(p.used)]
            for p in result.periods
        ],
        percent_columns={4},
    )
    per_category = Table(
        key="per_category",
        title=_("Budget och utfall per kostnadsslag"),
        columns=[_("Kostnadsslag"), _("Budget (kr)"), _("Utfall (kr)"), _("Kvar (kr)")],
        rows=[
            [str(r["label"]), _kr(r["budget"]), _kr(r["outcome"]), _kr(r["difference"])]
            for r in result.category_rows()
        ],
    )
    per_month = Table(
        key="per_month",
        title=_("Utfall per månad"),
        columns=[_("Månad"), *[str(c.label) for c in categories], _("Summa")],
        rows=[
            [month.strftime("%Y-%m"), *[_kr(amounts.get(c)) for c in categories], _kr(sum(amounts.values()))]
            for month, amounts in zip(result.month_keys, result.months, strict=True)
        ],
    )
    co_financing = Table(
        key="co_financing",
        title=_("Beräknad medfinansiering"),
        columns=[
            _("Månad"),
            _("Attesterade deltagartimmar"),
            _("Sats per timme (kr)"),
            _("Deltagarersättning (kr)"),
            _("Heltidsekvivalenter"),
            _("Sats per heltid och månad (kr)"),
            _("Personalinsats (kr)"),
        ],
        rows=[
            [
                r.month.strftime("%Y-%m"),
                _kr(r.hours),
                _kr(r.hour_rate),
                _kr(r.allowances),
                _kr(r.full_time_equivalents),
                _kr(r.staff_rate),
                _kr(r.staff),
            ]
            for r in result.co_financing
        ],
        note=_(
            "Attesterade timmar gånger satsen per timme som gäller månadens första dag; personaltid likaså."
        ),
    )
    return [per_quarter, per_category, per_month, co_financing]


def budget_xlsx(result: BudgetOutcome) -> bytes:
    project = result.project
    facts = [
        (_("Projekt"), project.name),
        (_("Budget (kr)"), _kr(result.budget_total)),
        (_("Utfall (kr)"), _kr(result.outcome_total)),
    ]
    definitions = _(
        "Budget per kostnadsslag och kvartal; utfall per månad, angivet eller importerat från ekonomisystemet. "
        "Medfinansiering från deltagarersättning är attesterade timmar gånger projektets sats. "
        "Reglerna finns i Stegvis dokumentation under Budget (docs/budget.md)."
    )
    return render_xlsx({"project_name": project.name}, budget_tables(result), _Facts(facts), definitions)

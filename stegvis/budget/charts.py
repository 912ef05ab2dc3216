"""The budget page's chart: budget and outcome per quarter as paired bars, drawn on the server.

Coordinates are computed here and the template (``budget/chart.html``) only draws them, as the
report's charts do; the same rows fill the table under the chart, so nothing is told by the
picture alone.
"""

import math
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from stegvis.budget.figures import Period

WIDTH, LEFT, RIGHT, TOP, PLOT_H = 720, 70, 10, 20, 200


def _axis_max(values: list[Decimal]) -> Decimal:
    top = max(values, default=Decimal(0))
    if top <= 1:
        return Decimal(1)
    magnitude = Decimal(10) ** math.floor(math.log10(top))
    return next(step * magnitude for step in (1, 2, 5, 10) if step * magnitude >= top)


def _kronor(value: Decimal) -> str:
    return f"{value:,.0f}".replace(",", "\u00a0")


def budget_chart(periods: list[Period]) -> dict[str, Any]:
    top = _axis_max([p.budget_total for p in periods] + [p.outcome_total for p in periods])
    n = len(periods)
    band = (WIDTH - LEFT - RIGHT) / n if n else 1
    bar_w = round(min(band * 0.38, 24), 1)
    bottom = TOP + PLOT_H
    rows = []
    for i, period in enumerate(periods):
        cx = LEFT + band * (i + 0.5)
        budget_h = float(PLOT_H * max(period.budget_total, Decimal(0)) / top)
        outcome_h = float(PLOT_H * max(period.outcome_total, Decimal(0)) / top)
        rows.append(
            {
                "period": period,
                "cx": round(cx, 1),
                "budget_x": round(cx - bar_w - 0.5, 1),
                "budget_y": round(bottom - budget_h, 1),
                "budget_h": round(budget_h, 1),
                "outcome_x": round(cx + 0.5, 1),
                "outcome_y": round(bottom - outcome_h, 1),
                "outcome_h": round(outcome_h, 1),
                "show_label": i % max(1, math.ceil(n / 12)) == 0,
            }
        )
    description = _("Ingen period att visa.")
    if periods:
        description = _(
            "Budget och utfall per kvartal, %(first)s till %(last)s, i kronor. Sammanlagt: budget %(budget)s kr, "
            "utfall %(outcome)s kr."
        ) % {
            "first": periods[0].label,
            "last": periods[-1].label,
            "budget": _kronor(sum((p.budget_total for p in periods), Decimal(0))),
            "outcome": _kronor(sum((p.outcome_total for p in periods), Decimal(0))),
        }
    return {
        "rows": rows,
        "description": description,
        "width": WIDTH,
        "height": bottom + 22,
        "left": LEFT,
        "right_x": WIDTH - RIGHT,
        "top": TOP,
        "bottom": bottom,
        "axis_max": _kronor(top),
        "bar_w": bar_w,
        "label_y": bottom + 16,
    }

"""Whether a goal is met, on track or not: the report's ``goals`` section.

The rules (docs/goals.md says the same):

- A computed goal with no value (the indicator has nothing to count yet) is ``no_data``.
- It is ``met`` when the value reaches the target: at least the target, or inside the range
  (bounds included) for a range target such as gender balance 40–60 %.
- While the project is running (no end date, or the report date is before the end date) a goal
  that is not met but within :data:`ON_TRACK_MARGIN` (10 percentage points) of its target, or of
  the nearest bound of its range, is ``on_track``; further away it is ``not_met``.
- From the project's end date on only ``met`` and ``not_met`` remain: the final report, usually
  taken as of the last day, judges what was reached.
- A qualitative goal takes the status staff recorded: ``uppnått`` is met, ``ej uppnått`` and
  ``ej påbörjat`` are not met, ``pågår`` is on track while the project runs and not met from its
  end date on.
"""

import datetime
from decimal import Decimal

from stegvis.goals.indicators import get_indicator
from stegvis.goals.models import LEVEL_ORDER, GoalStatus, Kind, QualitativeStatus
from stegvis.reports.project_report import round_half_up

ON_TRACK_MARGIN = Decimal("0.10")


def project_ended(project, on):
    """True from the project's end date on (the report date ``on`` is a date)."""
    return project.end_date is not None and on >= project.end_date


def target_share(percent):
    """A stored per-cent target (25.00) as the report's share (0.25)."""
    return None if percent is None else round_half_up(Decimal(percent) / 100, 4)


def percent_text(percent: Decimal | float | str) -> str:
    """A per-cent number as Swedish text without needless decimals: 25, 12,5."""
    return f"{Decimal(str(percent)).normalize():f}".replace(".", ",")


def computed_status(value, target, target_max, ended):
    """``met``/``on_track``/``not_met``/``no_data`` for a value and target (shares 0..1)."""
    if value is None or target is None:
        return GoalStatus.NO_DATA
    value, low = Decimal(str(value)), Decimal(str(target))
    high = None if target_max is None else Decimal(str(target_max))
    if value >= low and (high is None or value <= high):
        return GoalStatus.MET
    if ended:
        return GoalStatus.NOT_MET
    distance = low - value if value < low else value - high
    return GoalStatus.ON_TRACK if distance <= ON_TRACK_MARGIN else GoalStatus.NOT_MET


def qualitative_status(recorded, ended):
    if recorded == QualitativeStatus.UPPNATT:
        return GoalStatus.MET
    if recorded == QualitativeStatus.PAGAR and not ended:
        return GoalStatus.ON_TRACK
    return GoalStatus.NOT_MET


def goal_entry(goal, report, ended):
    """One goal as the report shows it."""
    entry = {
        "id": goal.pk,
        "level": goal.level,
        "title": goal.title,
        "description": goal.description,
        "kind": goal.kind,
        "order": goal.order,
    }
    if goal.kind == Kind.QUALITATIVE:
        entry.update(
            {
                "recorded_status": goal.status or QualitativeStatus.EJ_PABORJAT,
                "evidence": goal.evidence,
                "status": str(qualitative_status(goal.status, ended)),
            }
        )
        return entry
    indicator = get_indicator(goal.indicator)
    value = numerator = denominator = None
    if indicator is not None:
        value, numerator, denominator = indicator.func(report, goal)
    target, target_max = target_share(goal.target), target_share(goal.target_max)
    entry.update(
        {
            "indicator": goal.indicator,
            "parameters": indicator.parameter_values(goal) if indicator else dict(goal.parameters or {}),
            "target": target,
            "target_max": target_max,
            "value": value,
            "numerator": numerator,
            "denominator": denominator,
            "status": str(computed_status(value, target, target_max, ended)),
        }
    )
    return entry


def goals_section(project, report, scope):
    """The report's ``goals``: every goal of the project that is not archived (one query)."""
    from stegvis.goals.models import Goal

    on = datetime.date.fromisoformat(report["on"])
    ended = project_ended(project, on)
    goals = sorted(
        Goal.objects.filter(project=project, archived=False),
        key=lambda g: (LEVEL_ORDER.get(g.level, len(LEVEL_ORDER)), g.order, g.pk),
    )
    return [goal_entry(goal, report, ended) for goal in goals]

"""The participant's plan in two languages: every label, heading, status and owner word in both.

What staff wrote (the goals, the steps, another actor's name) is shown as written, in Swedish; only
the words around it are translated (the participant catalogues in ``stegvis/locale``). The goals
and steps come from the casework app's own reading (:func:`stegvis.casework.plan.goals_with_steps`,
two queries), so "overdue" means what it means on the staff plan.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from stegvis.casework.models import Direction, GoalStatus, Horizon, StepOwner, StepStatus
from stegvis.casework.plan import DUE, OVERDUE, by_horizon, goals_with_steps
from stegvis.interpreting.pairs import Pair, label_pair

_ = gettext_lazy

HEADINGS = {Horizon.KORT: _("Mål nu"), Horizon.LANG: _("Mål längre fram")}
LABELS = {
    "title": _("Din plan"),
    "goal": _("Mål"),
    "direction": _("Inriktning"),
    "status": _("Läge"),
    "what": _("Vad"),
    "who": _("Vem"),
    "due": _("Klart senast"),
    "coordinator": _("Din koordinator"),
    "no_steps": _("Inga steg ännu."),
    "no_goals": _("Du och din koordinator har inte skrivit några mål ännu."),
}
STATES = {OVERDUE: _("Försenat"), DUE: _("Snart")}


@dataclass(frozen=True)
class BilingualPlan:
    labels: dict[str, Pair]
    horizons: list[tuple[str, Pair, list]]


def build_plan(user, enrollment, language: str, today: datetime.date) -> BilingualPlan:
    """Every goal and step of the enrolment with its words in both languages (each goal and step gets pairs)."""
    goals = goals_with_steps(user, [enrollment.pk], today).get(enrollment.pk, [])
    for goal in goals:
        goal.direction_words = label_pair(Direction(goal.direction).label, language)
        goal.status_words = label_pair(GoalStatus(goal.status).label, language)
        for step in goal.step_list:
            # Another actor is named by staff, in Swedish: shown as written.
            step.owner_words = (
                None if step.owner == StepOwner.ANNAN else label_pair(StepOwner(step.owner).label, language)
            )
            step.status_words = label_pair(StepStatus(step.status).label, language)
            step.state_words = label_pair(STATES[step.state], language) if step.state else None
    return BilingualPlan(
        labels={key: label_pair(text, language) for key, text in LABELS.items()},
        horizons=[
            (horizon, label_pair(HEADINGS[horizon], language), horizon_goals)
            for horizon, _label, horizon_goals in by_horizon(goals)
        ],
    )

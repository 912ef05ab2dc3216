"""How plans and mappings are shown: the same reading of "due" and "overdue" on every page.

The plan page, the participant's "Din plan" and the participant-page section all call these, so
a step counts as overdue in one place (:func:`step_state`, the same rule as
:func:`stegvis.casework.figures.plan_step_counts`).
"""

from stegvis.casework.areas import areas_by_project
from stegvis.casework.figures import due_soon_until
from stegvis.casework.models import OPEN_STEP_STATUSES, Horizon, MappingEntry, PlanGoal
from stegvis.core.access import VIEW

OVERDUE, DUE = "overdue", "due"


def step_state(step, today):
    """``"overdue"`` (open, due date passed), ``"due"`` (open, due within the worklist window) or ``None``."""
    if step.status not in OPEN_STEP_STATUSES or step.due_date is None:
        return None
    if step.due_date < today:
        return OVERDUE
    if step.due_date <= due_soon_until(today):
        return DUE
    return None


def goals_with_steps(user, enrollment_ids, today):
    """``{enrollment_id: [goal, ...]}``; each goal's ``step_list`` has ``state`` set (two queries)."""
    goals = (
        PlanGoal.objects.restrict(user, VIEW)
        .filter(enrollment_id__in=enrollment_ids)
        .prefetch_related("steps")
        .order_by("enrollment_id", "horizon", "order", "pk")
    )
    result = {}
    for goal in goals:
        goal.step_list = list(goal.steps.all())
        for step in goal.step_list:
            step.state = step_state(step, today)
        goal.overdue_count = sum(1 for step in goal.step_list if step.state == OVERDUE)
        goal.due_count = sum(1 for step in goal.step_list if step.state == DUE)
        result.setdefault(goal.enrollment_id, []).append(goal)
    return result


def by_horizon(goals):
    """``[(Horizon, label, [goals])]``: short-term goals first, then long-term; empty groups left out."""
    return [
        (horizon, label, [goal for goal in goals if goal.horizon == horizon])
        for horizon, label in Horizon.choices
        if any(goal.horizon == horizon for goal in goals)
    ]


def mapping_rows(user, enrollments):
    """``{enrollment_id: [(area, entry or None)]}``: the project's areas and what was recorded (three queries).

    Areas no longer chosen by the project still appear when something was recorded in them.
    """
    enrollments = list(enrollments)
    areas = areas_by_project({e.project_id for e in enrollments})
    entries = {}
    for entry in (
        MappingEntry.objects.restrict(user, VIEW)
        .filter(mapping__enrollment_id__in=[e.pk for e in enrollments])
        .select_related("area", "recorded_by", "mapping")
    ):
        entries.setdefault(entry.mapping.enrollment_id, {})[entry.area_id] = entry
    result = {}
    for enrollment in enrollments:
        recorded = entries.get(enrollment.pk, {})
        chosen = areas[enrollment.project_id]
        rows = [(area, recorded.get(area.pk)) for area in chosen]
        chosen_ids = {area.pk for area in chosen}
        extra = sorted(
            (e for pk, e in recorded.items() if pk not in chosen_ids),
            key=lambda e: (e.area.order, e.area.code),
        )
        rows.extend((entry.area, entry) for entry in extra)
        result[enrollment.pk] = rows
    return result

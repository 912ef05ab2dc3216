"""Casework figures for worklists and the "what works" report, aggregated in the database.

Every function takes a queryset of enrolments (already restricted by the caller: a worklist
passes ``Enrollment.objects.restrict(user, "view")``, a report its scope) and never loops over
participants in Python; the number of queries does not grow with the data.
"""

import datetime

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, Value, When

from stegvis.casework.models import OPEN_STEP_STATUSES, MappingEntry, PlanGoal, PlanStep, StepStatus

# A step whose due date is this close is "due soon" on the worklist and the participant page.
DUE_SOON_DAYS = 14


def due_soon_until(on):
    return on + datetime.timedelta(days=DUE_SOON_DAYS)


def plan_step_counts(enrollments, on, *, lookahead_days=DUE_SOON_DAYS):
    """Per enrolment: steps still open, due within ``lookahead_days`` of ``on``, overdue, done.

    Returns ``enrollments`` as ``values()`` rows with ``pk``, ``steps_open``, ``steps_due``
    (due from ``on`` to ``on + lookahead_days``), ``steps_overdue`` (open and due before ``on``)
    and ``steps_done``; one GROUP BY query. Enrolments without steps have zeros.
    """
    until = on + datetime.timedelta(days=lookahead_days)
    step = "plan_goals__steps"
    open_q = Q(**{f"{step}__status__in": OPEN_STEP_STATUSES})
    return (
        enrollments.order_by()
        .values("pk")
        .annotate(
            steps_open=Count(step, filter=open_q),
            steps_due=Count(
                step, filter=open_q & Q(**{f"{step}__due_date__gte": on, f"{step}__due_date__lte": until})
            ),
            steps_overdue=Count(step, filter=open_q & Q(**{f"{step}__due_date__lt": on})),
            steps_done=Count(step, filter=Q(**{f"{step}__status": StepStatus.KLAR})),
        )
    )


def due_steps(enrollments, on, *, lookahead_days=DUE_SOON_DAYS):
    """The open steps of ``enrollments`` due by ``on + lookahead_days``, each marked ``overdue``.

    The rows of a worklist ("plan steps due"): a queryset of :class:`PlanStep` ordered by due
    date, with the goal, enrolment and person joined in the same query.
    """
    until = on + datetime.timedelta(days=lookahead_days)
    return (
        PlanStep.objects.filter(
            goal__enrollment__in=enrollments.values("pk"), status__in=OPEN_STEP_STATUSES, due_date__lte=until
        )
        .annotate(
            overdue=Case(
                When(due_date__lt=on, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .select_related("goal__enrollment__person", "goal__enrollment__project")
        .order_by("due_date", "pk")
    )


def mapping_coverage(enrollments):
    """Per enrolment: how many areas of its mapping are filled in (``values()`` rows ``pk``, ``areas_mapped``)."""
    filled = (
        ~Q(mapping__entries__own_words="")
        | ~Q(mapping__entries__strengths="")
        | ~Q(mapping__entries__obstacles="")
    )
    return enrollments.order_by().values("pk").annotate(areas_mapped=Count("mapping__entries", filter=filled))


def steps_by_owner(enrollments):
    """Who carries the plans' steps: ``{owner: {"steps": n, "enrollments": m}}`` (one GROUP BY query).

    ``enrollments`` counts enrolments with at least one step of that owner, e.g. how many
    participants have a step with another actor (AF, FK, the region) in their plan.
    """
    rows = (
        PlanStep.objects.filter(goal__enrollment__in=enrollments.values("pk"))
        .order_by()
        .values("owner")
        .annotate(steps=Count("pk"), enrollments=Count("goal__enrollment", distinct=True))
    )
    return {row["owner"]: {"steps": row["steps"], "enrollments": row["enrollments"]} for row in rows}


def casework_totals(enrollments, on):
    """How many of ``enrollments`` have a mapping, a plan, and an overdue step on ``on`` (one query)."""
    entries = MappingEntry.objects.filter(mapping__enrollment=OuterRef("pk"))
    goals = PlanGoal.objects.filter(enrollment=OuterRef("pk"))
    overdue = PlanStep.objects.filter(
        goal__enrollment=OuterRef("pk"), status__in=OPEN_STEP_STATUSES, due_date__lt=on
    )
    return enrollments.order_by().aggregate(
        enrollments=Count("pk"),
        with_mapping=Count("pk", filter=Q(Exists(entries))),
        with_plan=Count("pk", filter=Q(Exists(goals))),
        with_overdue_step=Count("pk", filter=Q(Exists(overdue))),
    )

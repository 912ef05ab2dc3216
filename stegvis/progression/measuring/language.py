"""Language progression: "moved a step in SFI / CEFR", counted in the database.

A person has moved a step in a framework when their latest registered level is higher than
their first, counting only persons with two or more levels in that framework. The seeds report
it this way ("about half moved a step in SFI"); the figure goes into the project report as
``language``.
"""

import datetime

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from stegvis.participants.models import Enrollment
from stegvis.progression.models import LEVELS, Framework, LanguageLevel


def _rank(framework):
    """The level's position in its framework (A=0, B=1 ...), as a database expression."""
    return Case(
        *[When(level=level, then=Value(index)) for index, level in enumerate(LEVELS[framework])],
        default=Value(None),
        output_field=IntegerField(),
    )


def _levels(framework, on):
    return LanguageLevel.objects.filter(person_id=OuterRef("person_id"), framework=framework, date__lte=on)


def language_steps(project, on=None, enrollments=None):
    """``{"sfi": {"measured", "moved", "share"}, "cefr": {...}}`` for persons enrolled in ``project``.

    ``measured``: persons enrolled in the project by ``on`` with two or more levels registered in
    the framework up to ``on``; ``moved``: those of them whose latest level is above their first;
    ``share`` = moved / measured (4 decimals, 0 when none). Each person counts once, however many
    enrolments they have. ``enrollments`` (the report's scope, with its date window) replaces
    "enrolled in the project by ``on``" when given. One query.
    """
    on = on or datetime.date.today()
    if enrollments is None:
        enrollments = Enrollment.objects.filter(project=project, start_date__lte=on)
    # The enrolled persons, from their enrolments: a person merged into another has none left (the
    # merge moves them), and each person's levels are looked up by key, a few thousand index
    # look-ups for a project, where a join with the persons would read every person in the database.
    persons = enrollments.order_by().values("person_id").distinct()
    annotations, aggregates = {}, {}
    for framework in Framework:
        levels = _levels(framework, on).annotate(rank=_rank(framework))
        count = _levels(framework, on).order_by().values("person_id").annotate(n=Count("pk")).values("n")
        annotations[f"{framework}_n"] = Coalesce(Subquery(count[:1]), Value(0))
        annotations[f"{framework}_first"] = Subquery(levels.order_by("date", "pk").values("rank")[:1])
        annotations[f"{framework}_latest"] = Subquery(levels.order_by("-date", "-pk").values("rank")[:1])
        aggregates[f"{framework}_measured"] = Count("person_id", filter=Q(**{f"{framework}_n__gte": 2}))
        aggregates[f"{framework}_moved"] = Count(
            "person_id",
            filter=Q(**{f"{framework}_n__gte": 2})
            & Q(**{f"{framework}_latest__gt": F(f"{framework}_first")}),
        )
    figures = persons.annotate(**annotations).aggregate(**aggregates)
    result = {}
    for framework in Framework:
        measured, moved = figures[f"{framework}_measured"], figures[f"{framework}_moved"]
        result[str(framework)] = {
            "measured": measured,
            "moved": moved,
            "share": round(moved / measured, 4) if measured else 0,
        }
    return result

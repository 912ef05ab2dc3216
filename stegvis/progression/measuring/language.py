"""Language progression: "moved a step in SFI / CEFR", counted in the database.

A person has moved a step in a framework when their latest registered level is higher than
their first, counting only persons with two or more levels in that framework. The seeds report
it this way ("about half moved a step in SFI"); the figure goes into the project report as
``language``.
"""

import datetime

from django.db import connections
from django.db.models import Case, Count, F, IntegerField, Value, When, Window
from django.db.models.functions import FirstValue, RowNumber

from stegvis.core.sql import compiled_sql
from stegvis.participants.models import Enrollment
from stegvis.progression.models import LEVELS, Framework, LanguageLevel


def _rank():
    """The level's position in its framework (A=0, B=1 ...), as a database expression."""
    return Case(
        *[
            When(framework=framework, level=level, then=Value(index))
            for framework in Framework
            for index, level in enumerate(LEVELS[framework])
        ],
        default=Value(None),
        output_field=IntegerField(),
    )


def language_steps(project, on=None, enrollments=None):
    """``{"sfi": {"measured", "moved", "share"}, "cefr": {...}}`` for persons enrolled in ``project``.

    ``measured``: persons enrolled in the project by ``on`` with two or more levels registered in
    the framework up to ``on``; ``moved``: those of them whose latest level is above their first;
    ``share`` = moved / measured (4 decimals, 0 when none). Each person counts once, however many
    enrolments they have. ``enrollments`` (the report's scope, with its date window) replaces
    "enrolled in the project by ``on``" when given. One query.

    The query starts from the levels, not the persons: window functions over the enrolled
    persons' levels (per person and framework, by date then id) give each person's number of
    levels and the rank of the first and the latest, and one grouped count over those rows gives
    the figures. Most persons have no level at all, so this reads a few hundred levels for a
    project instead of looking up every enrolled person.
    """
    on = on or datetime.date.today()
    if enrollments is None:
        enrollments = Enrollment.objects.filter(project=project, start_date__lte=on)
    # A person merged into another has no enrolments left (the merge moves them), so the enrolled
    # persons are never merged ones.
    levels = LanguageLevel.objects.filter(
        person_id__in=enrollments.order_by().values("person_id"), date__lte=on
    ).order_by()
    partition = [F("person_id"), F("framework")]
    first = [F("date").asc(), F("pk").asc()]
    latest = [F("date").desc(), F("pk").desc()]
    rank = _rank()
    located = (
        levels.annotate(
            _row=Window(RowNumber(), partition_by=partition, order_by=first),
            _n=Window(Count("pk"), partition_by=partition),
            _first=Window(FirstValue(rank), partition_by=partition, order_by=first),
            _latest=Window(FirstValue(rank), partition_by=partition, order_by=latest),
        )
        .filter(_row=1, _n__gte=2)
        .values("framework", "_first", "_latest")
    )
    counts = {str(framework): [0, 0] for framework in Framework}
    compiled = compiled_sql(located)
    if compiled is not None:
        sql, params = compiled
        connection = connections[located.db]
        quote = connection.ops.quote_name
        grouped = (
            f"SELECT {quote('framework')}, COUNT(*), "
            f"SUM(CASE WHEN {quote('_latest')} > {quote('_first')} THEN 1 ELSE 0 END) "
            f"FROM ({sql}) located GROUP BY {quote('framework')}"
        )
        with connection.cursor() as cursor:
            cursor.execute(grouped, params)
            for framework, measured, moved in cursor.fetchall():  # one row per framework
                if framework in counts:
                    counts[framework] = [measured, int(moved or 0)]
    result = {}
    for framework in Framework:
        measured, moved = counts[str(framework)]
        result[str(framework)] = {
            "measured": measured,
            "moved": moved,
            "share": round(moved / measured, 4) if measured else 0,
        }
    return result

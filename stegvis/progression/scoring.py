"""The stored score of a measurement: kept with the measurement so reports need not read its answers.

A measurement's score is the mean of its answered items (an item answered "vet inte / vill inte
svara" has no value and is not answered). Reports compare first and latest scores for thousands of
enrolments at once; reading ten answers per measurement for that was most of a report's cost. So
each measurement carries ``answered_sum`` and ``answered_count``, and every place that writes
answers calls :func:`refresh_scores` for the measurements it wrote, in the same transaction.
"""

from collections.abc import Iterable

from django.db.models import Count, F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from stegvis.progression.models import Answer, Measurement


def _answered(aggregate):
    return Coalesce(
        Subquery(
            Answer.objects.filter(measurement=OuterRef("pk"), value__isnull=False)
            .order_by()
            .values("measurement")
            .annotate(stat=aggregate)
            .values("stat"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def refresh_scores(measurements: "QuerySet[Measurement] | Iterable[int]") -> int:
    """Recompute the stored score of ``measurements`` (a queryset or ids) from their answers.

    One UPDATE, whatever the number of measurements; returns the number of rows updated.
    """
    if isinstance(measurements, QuerySet):
        rows = measurements.order_by()
    else:
        rows = Measurement.objects.filter(pk__in=list(measurements))
    return rows.update(answered_sum=_answered(Sum("value")), answered_count=_answered(Count("value")))


def stale_scores() -> "QuerySet[Measurement]":
    """Measurements whose stored score disagrees with their answers: none, when every writer is right.

    The tests of every writer check this stays empty.
    """
    return (
        Measurement.objects.order_by()
        .alias(_sum=_answered(Sum("value")), _count=_answered(Count("value")))
        .exclude(answered_sum=F("_sum"), answered_count=F("_count"))
    )

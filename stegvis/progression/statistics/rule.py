"""The progression rule (stegförflyttning): first against latest measurement, per enrolment.

This is the one computation behind the report's ``progression`` section, the project statistics
page and its charts. Everything is counted by the database: each enrolment is annotated with its
first and latest usable measurement (correlated subqueries), their sums and numbers of answered
items, and the resulting class; the classes are then counted with ``values().annotate()``. The
number of queries does not depend on the number of enrolments or measurements.

The rule, per enrolment in scope, for the project's primary instrument code (every version counts
as the same instrument) and one respondent (``deltagare`` unless asked otherwise):

- only measurements dated within the enrolment (start date to end date, or to ``on`` while
  active) and not after ``on`` count;
- a measurement with no answered item (every answer "vet inte / vill inte svara") is skipped, as
  if it had not been taken: it has no score;
- the first and the latest remaining measurement (by date, then by id) are compared; the score of a
  measurement is the mean of its answered items; change = latest score − first score;
- ``measured`` = enrolments with two or more such measurements; among them ``positive`` when the
  change is greater than the project's threshold, ``negative`` when it is less than minus the
  threshold, else ``unchanged``.

The comparison with the threshold is exact: with sums ``s`` and counts ``n`` of answered items,
``s_l/n_l − s_f/n_f > t`` is evaluated as ``100·(s_l·n_f − s_f·n_l) > (100·t)·n_f·n_l`` in whole
numbers (the threshold has two decimals), so a change of exactly the threshold is never tipped
over by floating point.
"""

from decimal import Decimal
from fractions import Fraction

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from stegvis.progression.models import Answer, Item, Measurement, ProjectProgressionSettings, Respondent
from stegvis.reports.project_report import AGE_BANDS, GENDERS, round_half_up, share, with_age

DEFAULT_INSTRUMENT = "progressionskort"
POSITIVE, NEGATIVE, UNCHANGED = "positive", "negative", "unchanged"
CLASSES = (POSITIVE, NEGATIVE, UNCHANGED)


def primary_instrument_code(project):
    """The code of the project's primary instrument; the default card when the project has no plan."""
    code = (
        ProjectProgressionSettings.objects.filter(project=project)
        .values_list("primary_instrument_code", flat=True)
        .first()
    )
    return code or DEFAULT_INSTRUMENT


def threshold_hundredths(project):
    """The project's threshold in hundredths, a whole number (the field has two decimals)."""
    return int((Decimal(project.progression_threshold or 0) * 100).to_integral_value())


def usable_measurements(code, respondent, on, enrollment_ref="pk", start_ref="start_date", end_ref="end_date"):
    """Measurements of one enrolment (an ``OuterRef``) that the rule may use.

    The ``*_ref`` names say where the enrolment's id, start and end date are found in the outer
    query, so the same filter serves a query over enrolments and one over answers.
    """
    answered = Answer.objects.filter(measurement=OuterRef("pk"), value__isnull=False)
    return (
        Measurement.objects.filter(
            enrollment=OuterRef(enrollment_ref),
            instrument__code=code,
            respondent=respondent,
            date__gte=OuterRef(start_ref),
            date__lte=on,
        )
        .filter(date__lte=Coalesce(OuterRef(end_ref), Value(on)))
        .filter(Exists(answered))
    )


def _answer_stat(measurement_ref, aggregate):
    """Sum or count of the answered items of one measurement (referred to by an outer annotation)."""
    return Subquery(
        Answer.objects.filter(measurement=OuterRef(measurement_ref), value__isnull=False)
        .order_by()
        .values("measurement")
        .annotate(stat=aggregate)
        .values("stat"),
        output_field=IntegerField(),
    )


def annotate_progression(enrollments, *, code, respondent, on, threshold):
    """Annotate each enrolment with its usable measurements, first/latest scores, change and class.

    ``threshold`` is in hundredths (see :func:`threshold_hundredths`). Annotations: ``_n`` (usable
    measurements), ``_first_id``, ``_latest_id``, ``_fs``/``_fn`` and ``_ls``/``_ln`` (sum and
    count of answered items of the first and latest), ``_change`` (a float) and ``_class``
    (``positive``/``negative``/``unchanged``; meaningful only when ``_n`` >= 2).
    """
    usable = usable_measurements(code, respondent, on)
    count = usable.order_by().values("enrollment").annotate(n=Count("pk")).values("n")
    qs = enrollments.annotate(
        _n=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)),
        _first_id=Subquery(usable.order_by("date", "pk").values("pk")[:1]),
        _latest_id=Subquery(usable.order_by("-date", "-pk").values("pk")[:1]),
    ).annotate(
        _fs=_answer_stat("_first_id", Sum("value")),
        _fn=_answer_stat("_first_id", Count("value")),
        _ls=_answer_stat("_latest_id", Sum("value")),
        _ln=_answer_stat("_latest_id", Count("value")),
    )
    difference = 100 * (F("_ls") * F("_fn") - F("_fs") * F("_ln"))
    bound = Value(threshold) * F("_fn") * F("_ln")
    return qs.alias(_diff=difference, _bound=bound).annotate(
        _change=Cast(F("_ls"), FloatField()) / F("_ln") - Cast(F("_fs"), FloatField()) / F("_fn"),
        _class=Case(
            When(Q(_diff__gt=F("_bound")), then=Value(POSITIVE)),
            When(Q(_diff__lt=-F("_bound")), then=Value(NEGATIVE)),
            default=Value(UNCHANGED),
            output_field=CharField(),
        ),
    )


def measured_enrollments(enrollments, *, code, respondent, on, threshold):
    """The enrolments with two or more usable measurements, annotated as above."""
    return annotate_progression(
        enrollments, code=code, respondent=respondent, on=on, threshold=threshold
    ).filter(_n__gte=2)


def _empty_cell():
    return {"measured": 0, POSITIVE: 0, NEGATIVE: 0, UNCHANGED: 0, "mean_change": None}


def _mean(total, n):
    """Mean to 2 decimals, half up; the float sum is first cut to 9 decimals to drop binary noise
    (a true 0.125 summed as 0.12499999999 still rounds to 0.13)."""
    return round_half_up(round(total / n, 9), 2) if n else None


def compute_progression(project, enrollments, on, *, respondent=Respondent.PARTICIPANT, code=None):
    """The ``progression`` section for ``enrollments`` (a queryset already limited to the scope).

    Two queries for the counts by gender × age band and per item, one each for the instrument's
    items and the project's plan, whatever the number of enrolments.
    """
    code = code or primary_instrument_code(project)
    threshold = threshold_hundredths(project)
    measured = measured_enrollments(enrollments, code=code, respondent=respondent, on=on, threshold=threshold)

    cells = {g: {band: _empty_cell() for band in AGE_BANDS} for g in GENDERS}
    change_sums = {g: {band: 0.0 for band in AGE_BANDS} for g in GENDERS}
    rows = (
        with_age(measured)
        .order_by()
        .values("gender", "_age_band")
        .annotate(
            n=Count("pk"),
            n_positive=Count("pk", filter=Q(_class=POSITIVE)),
            n_negative=Count("pk", filter=Q(_class=NEGATIVE)),
            n_unchanged=Count("pk", filter=Q(_class=UNCHANGED)),
            change_sum=Sum("_change"),
        )
    )
    for row in rows:  # one row per gender × band, not per enrolment
        cell = cells.setdefault(row["gender"], {band: _empty_cell() for band in AGE_BANDS})[row["_age_band"]]
        cell["measured"] = row["n"]
        cell[POSITIVE] = row["n_positive"]
        cell[NEGATIVE] = row["n_negative"]
        cell[UNCHANGED] = row["n_unchanged"]
        cell["mean_change"] = _mean(row["change_sum"] or 0.0, row["n"])
        change_sums.setdefault(row["gender"], {})[row["_age_band"]] = row["change_sum"] or 0.0

    totals = {key: sum(c[key] for bands in cells.values() for c in bands.values())
              for key in ("measured", POSITIVE, NEGATIVE, UNCHANGED)}
    change_total = sum(v for bands in change_sums.values() for v in bands.values())
    by_gender = {}
    for gender, bands in cells.items():
        total = {key: sum(c[key] for c in bands.values()) for key in ("measured", POSITIVE, NEGATIVE, UNCHANGED)}
        total["mean_change"] = _mean(sum(change_sums.get(gender, {}).values()), total["measured"])
        by_gender[gender] = total
    n = totals["measured"]
    return {
        "instrument": code,
        "respondent": str(respondent),
        "measured": n,
        "positive": totals[POSITIVE],
        "negative": totals[NEGATIVE],
        "unchanged": totals[UNCHANGED],
        "share_positive": share(totals[POSITIVE], n),
        "share_negative": share(totals[NEGATIVE], n),
        "share_unchanged": share(totals[UNCHANGED], n),
        "mean_change": _mean(change_total, n),
        "threshold": float(project.progression_threshold or 0),
        "by_gender_and_age_band": cells,
        "by_gender": by_gender,
        "by_item": _by_item(measured, code=code, respondent=respondent, on=on),
    }


def _by_item(measured, *, code, respondent, on):
    """Per item code: mean of the first and of the latest answer, over enrolments that answered both.

    The answers of each measured enrolment's first measurement are paired in the database with
    the same item's answer in its latest measurement (matched by item code, so the versions of an
    instrument line up); an item left unanswered in either is not counted for that enrolment.
    """
    latest = usable_measurements(
        code, respondent, on,
        enrollment_ref="measurement__enrollment",
        start_ref="measurement__enrollment__start_date",
        end_ref="measurement__enrollment__end_date",
    ).order_by("-date", "-pk").values("pk")[:1]
    paired = (
        Answer.objects.filter(measurement__in=measured.values("_first_id"), value__isnull=False)
        .annotate(_latest_measurement=Subquery(latest))
        .annotate(
            _latest_value=Subquery(
                Answer.objects.filter(
                    measurement=OuterRef("_latest_measurement"), item__code=OuterRef("item__code"),
                    value__isnull=False,
                ).values("value")[:1],
                output_field=IntegerField(),
            )
        )
        .filter(_latest_value__isnull=False)
    )
    stats = {
        row["item__code"]: row
        for row in paired.order_by().values("item__code").annotate(
            answered=Count("pk"), first_sum=Sum("value"), latest_sum=Sum("_latest_value"),
        )
    }
    # The dimensions of the newest version name the axes; codes only in older versions follow.
    items = {}
    for item_code, dimension, low, high in (
        Item.objects.filter(instrument__code=code)
        .order_by("-instrument__version", "position")
        .values_list("code", "dimension", "scale_min", "scale_max")
    ):
        items.setdefault(item_code, (dimension, low, high))
    result = {}
    for item_code, (dimension, low, high) in items.items():
        row = stats.get(item_code)
        answered = row["answered"] if row else 0
        first = Decimal(row["first_sum"]) / answered if answered else None
        latest_mean = Decimal(row["latest_sum"]) / answered if answered else None
        result[item_code] = {
            "dimension": dimension,
            "mean_first": round_half_up(first, 2) if answered else None,
            "mean_latest": round_half_up(latest_mean, 2) if answered else None,
            "mean_change": round_half_up(latest_mean - first, 2) if answered else None,
            "answered": answered,
            "scale_min": low,
            "scale_max": high,
        }
    return result


def progression_provider(project, enrollments, on):
    """The report's hook (``register_progression_provider``): the participants' own assessment."""
    return compute_progression(project, enrollments, on)


# --- The same rule for one person's measurements, already in memory ------------------------------


def score(values):
    """Mean of the answered values (``None`` = not answered) as an exact fraction; ``None`` if none."""
    answered = [v for v in values if v is not None]
    return Fraction(sum(answered), len(answered)) if answered else None


def classify(change, threshold):
    """``positive``/``negative``/``unchanged`` for an exact ``change``; ``threshold`` in hundredths."""
    bound = Fraction(threshold, 100)
    if change > bound:
        return POSITIVE
    if change < -bound:
        return NEGATIVE
    return UNCHANGED

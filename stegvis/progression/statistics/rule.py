"""The progression rule (stegförflyttning): first against latest measurement, per enrolment.

This is the one computation behind the report's ``progression`` section, the project statistics
page and its charts. Everything is counted by the database: each measured enrolment gets the sums
and numbers of answered items of its first and latest usable measurement (correlated subqueries,
each written once), and the classes are counted per gender × age band by an aggregate over that
(see :func:`_scored`). The number of queries does not depend on the number of enrolments or
measurements.

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
)
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import GreaterThan, LessThan

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


def usable_measurements(
    code, respondent, on, enrollment_ref="pk", start_ref="start_date", end_ref="end_date"
):
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


def with_first_and_latest(enrollments, *, code, respondent, on):
    """``enrollments`` with the aliases ``_first_id`` and ``_latest_id``: their first and latest usable
    measurement (``None`` when there is none).

    Aliases, not annotations: a query names the one it uses, so each lookup is written once where
    it is needed instead of being selected everywhere.
    """
    usable = usable_measurements(code, respondent, on)
    return enrollments.alias(
        _first_id=Subquery(usable.order_by("date", "pk").values("pk")[:1]),
        _latest_id=Subquery(usable.order_by("-date", "-pk").values("pk")[:1]),
    )


def measured_enrollments(enrollments, *, code, respondent, on):
    """The enrolments with two or more usable measurements, with the aliases above."""
    count = usable_measurements(code, respondent, on).order_by().values("enrollment").annotate(n=Count("pk"))
    return (
        with_first_and_latest(enrollments, code=code, respondent=respondent, on=on)
        .alias(
            _n=Coalesce(Subquery(count.values("n"), output_field=IntegerField()), Value(0)),
        )
        .filter(_n__gte=2)
    )


def _scored(measured):
    """``measured`` with the sum (``_fs``, ``_ls``) and count (``_fn``, ``_ln``) of answered items of
    the first and latest measurement, and the age band.

    Meant to be aggregated with ``.aggregate()``: Django then runs this as a subquery in FROM and
    the change and class are plain arithmetic on its columns (:func:`_change`, :func:`_class_q`)
    instead of repeating the subqueries inside every conditional count. ``distinct()`` (a no-op on
    rows that carry their primary key) keeps the database from merging that subquery into the
    outer one, which would copy each correlated subquery into every expression that uses it
    (PostgreSQL and SQLite both do so for a plain subquery), so each is evaluated once per enrolment.
    """
    return (
        with_age(measured)
        .annotate(
            _fs=_answer_stat("_first_id", Sum("value")),
            _fn=_answer_stat("_first_id", Count("value")),
            _ls=_answer_stat("_latest_id", Sum("value")),
            _ln=_answer_stat("_latest_id", Count("value")),
        )
        .distinct()
    )


def _change():
    """Latest score − first score, as a float (for the mean change)."""
    return Cast(F("_ls"), FloatField()) / F("_ln") - Cast(F("_fs"), FloatField()) / F("_fn")


def _class_q(threshold):
    """Conditions for ``positive`` and ``negative``, compared in whole numbers; the rest is ``unchanged``.

    ``s_l/n_l − s_f/n_f > t`` ⇔ ``100·(s_l·n_f − s_f·n_l) > (100·t)·n_f·n_l`` (the counts are positive).
    """
    difference = 100 * (F("_ls") * F("_fn") - F("_fs") * F("_ln"))
    bound = Value(threshold) * F("_fn") * F("_ln")
    return {
        POSITIVE: Q(GreaterThan(difference, bound)),
        NEGATIVE: Q(LessThan(difference, -bound)),
    }


def _empty_cell():
    return {"measured": 0, POSITIVE: 0, NEGATIVE: 0, UNCHANGED: 0, "mean_change": None}


def _mean(total, n):
    """Mean to 2 decimals, half up; the float sum is first cut to 9 decimals to drop binary noise
    (a true 0.125 summed as 0.12499999999 still rounds to 0.13)."""
    return round_half_up(round(total / n, 9), 2) if n else None


def scored_measured(project, enrollments, on, *, respondent=Respondent.PARTICIPANT, code=None):
    """``(scored, classes)``: the measured enrolments of ``enrollments``, ready to aggregate, and the
    conditions ``{POSITIVE: Q, NEGATIVE: Q}`` that classify them by the project's threshold.

    For a report that counts the rule's classes in its own groups, as :func:`compute_progression`
    does per gender × age band (e.g. the what-works report's intervention combinations): aggregate
    ``scored`` with conditional counts, ``Count("pk", filter=group & classes[POSITIVE])``.
    Annotations already on ``enrollments`` are kept, so a caller can group by them.
    """
    code = code or primary_instrument_code(project)
    measured = measured_enrollments(enrollments, code=code, respondent=respondent, on=on)
    return _scored(measured), _class_q(threshold_hundredths(project))


def compute_progression(project, enrollments, on, *, respondent=Respondent.PARTICIPANT, code=None):
    """The ``progression`` section for ``enrollments`` (a queryset already limited to the scope).

    Two queries for the counts by gender × age band and per item, one each for the instrument's
    items and the project's plan, whatever the number of enrolments. The cells are the fixed
    ``GENDERS`` × ``AGE_BANDS`` (the model's choices), one conditional count each.
    """
    code = code or primary_instrument_code(project)
    measured = measured_enrollments(enrollments, code=code, respondent=respondent, on=on)
    classes = _class_q(threshold_hundredths(project))

    # One row of conditional counts, one set per gender × band (a fixed 18 cells).
    aggregates = {}
    for gender in GENDERS:
        for band in AGE_BANDS:
            in_cell = Q(gender=gender, _age_band=band)
            aggregates[f"{gender}|{band}|measured"] = Count("pk", filter=in_cell)
            aggregates[f"{gender}|{band}|{POSITIVE}"] = Count("pk", filter=in_cell & classes[POSITIVE])
            aggregates[f"{gender}|{band}|{NEGATIVE}"] = Count("pk", filter=in_cell & classes[NEGATIVE])
            aggregates[f"{gender}|{band}|change"] = Sum(_change(), filter=in_cell)
    row = _scored(measured).order_by().aggregate(**aggregates)

    cells = {g: {band: _empty_cell() for band in AGE_BANDS} for g in GENDERS}
    change_sums = {g: {band: 0.0 for band in AGE_BANDS} for g in GENDERS}
    for gender in GENDERS:  # the fixed cells, not enrolments
        for band in AGE_BANDS:
            n = row[f"{gender}|{band}|measured"]
            if not n:
                continue
            cell = cells[gender][band]
            cell["measured"] = n
            cell[POSITIVE] = row[f"{gender}|{band}|{POSITIVE}"]
            cell[NEGATIVE] = row[f"{gender}|{band}|{NEGATIVE}"]
            cell[UNCHANGED] = n - cell[POSITIVE] - cell[NEGATIVE]
            change_sums[gender][band] = row[f"{gender}|{band}|change"] or 0.0
            cell["mean_change"] = _mean(change_sums[gender][band], n)

    totals = {
        key: sum(c[key] for bands in cells.values() for c in bands.values())
        for key in ("measured", POSITIVE, NEGATIVE, UNCHANGED)
    }
    change_total = sum(v for bands in change_sums.values() for v in bands.values())
    by_gender = {}
    for gender, bands in cells.items():
        total = {
            key: sum(c[key] for c in bands.values()) for key in ("measured", POSITIVE, NEGATIVE, UNCHANGED)
        }
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
        "by_item": _by_item(enrollments, measured, code=code, respondent=respondent, on=on),
    }


def _by_item(enrollments, measured, *, code, respondent, on):
    """Per item code: mean of the first and of the latest answer, over enrolments that answered both.

    The answers of each measured enrolment's first measurement are paired in the database with
    the same item's answer in its latest measurement (matched by item code, so the versions of an
    instrument line up); an item left unanswered in either is not counted for that enrolment.
    """
    # The dimensions of the newest version name the axes; codes only in older versions follow.
    items = {}
    for item_code, dimension, low, high in (
        Item.objects.filter(instrument__code=code)
        .order_by("-instrument__version", "position")
        .values_list("code", "dimension", "scale_min", "scale_max")
    ):
        items.setdefault(item_code, (dimension, low, high))

    located = with_first_and_latest(enrollments, code=code, respondent=respondent, on=on)
    firsts = located.annotate(_first=F("_first_id")).values("_first")
    latests = located.annotate(_latest=F("_latest_id")).values("_latest")
    # Per measured enrolment and item code: the answer in the first and in the latest measurement
    # (each a sum over at most one answer; null when the item is unanswered there).
    pairs = (
        Answer.objects.filter(
            measurement__enrollment__in=measured.values("pk"),
            measurement__instrument__code=code,
            measurement__respondent=respondent,
            value__isnull=False,
        )
        .order_by()
        .values("measurement__enrollment", "item__code")
        .annotate(
            _first=Sum("value", filter=Q(measurement__in=firsts)),
            _latest=Sum("value", filter=Q(measurement__in=latests)),
        )
    )
    aggregates = {}
    for item_code in items:  # a handful of items
        both = Q(item__code=item_code, _first__isnull=False, _latest__isnull=False)
        aggregates[f"{item_code}|answered"] = Count("_first", filter=both)
        aggregates[f"{item_code}|first_sum"] = Sum("_first", filter=both)
        aggregates[f"{item_code}|latest_sum"] = Sum("_latest", filter=both)
    sums = pairs.aggregate(**aggregates) if aggregates else {}
    stats = {
        item_code: {key: sums[f"{item_code}|{key}"] for key in ("answered", "first_sum", "latest_sum")}
        for item_code in items
    }
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


def positive_progression(project, enrollments, on):
    """The report's hook (``register_positive_progression``): the measured enrolments and which moved forward."""
    scored, classes = scored_measured(project, enrollments, on)
    return scored, classes[POSITIVE]


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

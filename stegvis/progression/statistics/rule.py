"""The progression rule (stegförflyttning): first against latest measurement, per enrolment.

This is the one computation behind the report's ``progression`` section, the project statistics
page and its charts. Everything is counted by the database: window functions over the project's
usable measurements give each measured enrolment the stored sums and numbers of answered items of
its first and latest measurement (:func:`first_and_latest`), and one grouped query counts the
classes per gender × age band and the per-item means over those rows. The number of queries does
not depend on the number of enrolments or measurements.

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

from django.db import connections
from django.db.models import Count, F, Q, Window
from django.db.models.functions import FirstValue, RowNumber

from stegvis.core.sql import compiled_sql
from stegvis.progression.models import Answer, Item, ProjectProgressionSettings, Respondent
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


def first_and_latest(enrollments, *, code, respondent, on):
    """One row per measured enrolment of ``enrollments``: the enrolment with its first and latest
    usable measurement.

    Usable: the instrument (any version) and respondent asked for, dated within the enrolment and
    not after ``on``, with an answered item (the stored ``answered_count``, so no answer is read).
    Measured: two or more usable measurements. Window functions over each enrolment's usable
    measurements (ordered by date, then id) give ``_first_id``/``_latest_id`` and the stored sums
    (``_fs``, ``_ls``) and counts (``_fn``, ``_ln``) of answered items of the first and the
    latest, in one pass over the enrolments' measurements instead of a lookup per enrolment.
    Annotations already on ``enrollments`` are left behind (they could be aggregates that the
    join with the measurements would change); the rows are filtered by its primary keys then.
    """
    rows = enrollments
    if enrollments.query.annotations or enrollments.query.distinct:
        rows = enrollments.model.objects.filter(pk__in=enrollments.order_by().values("pk"))
    # One filter() call, so every condition is on the same joined measurement.
    rows = rows.order_by().filter(
        Q(
            measurements__instrument__code=code,
            measurements__respondent=respondent,
            measurements__answered_count__gt=0,
            measurements__date__gte=F("start_date"),
            measurements__date__lte=on,
        )
        & (Q(end_date__isnull=True) | Q(measurements__date__lte=F("end_date")))
    )
    first = [F("measurements__date").asc(), F("measurements__pk").asc()]
    latest = [F("measurements__date").desc(), F("measurements__pk").desc()]

    def window(expression, order_by=None):
        return Window(expression, partition_by=[F("pk")], order_by=order_by)

    return rows.annotate(
        _rank=window(RowNumber(), first),
        _n=window(Count("measurements__pk")),
        _first_id=window(FirstValue("measurements__pk"), first),
        _fs=window(FirstValue("measurements__answered_sum"), first),
        _fn=window(FirstValue("measurements__answered_count"), first),
        _latest_id=window(FirstValue("measurements__pk"), latest),
        _latest_instrument=window(FirstValue("measurements__instrument_id"), latest),
        _ls=window(FirstValue("measurements__answered_sum"), latest),
        _ln=window(FirstValue("measurements__answered_count"), latest),
    ).filter(_rank=1, _n__gte=2)


def _compare_sql(threshold, quote):
    """SQL conditions for ``positive`` and ``negative`` over the located columns, in whole numbers.

    ``s_l/n_l − s_f/n_f > t`` ⇔ ``100·(s_l·n_f − s_f·n_l) > (100·t)·n_f·n_l`` (the counts are
    positive); ``threshold`` is a whole number of hundredths, written into the SQL as such.
    """
    fs, fn, ls, ln = (quote(name) for name in ("_fs", "_fn", "_ls", "_ln"))
    difference = f"100 * ({ls} * {fn} - {fs} * {ln})"
    bound = f"{int(threshold)} * {fn} * {ln}"
    return f"{difference} > {bound}", f"{difference} < -({bound})"


def _progression_rows(enrollments, *, code, respondent, on, threshold):
    """``(cells, items)``: the grouped rows of one query over the located measurements.

    ``cells``: ``{(gender, band): (measured, positive, negative, change sum)}``; ``items``:
    ``{item code: (answered, first sum, latest sum)}`` over the enrolments whose first and latest
    measurement both answered the item (matched by item code, so versions line up: the item of
    the latest measurement's instrument with the first's code, whose answer is then one lookup in
    the unique index on measurement and item). The located rows are a common table expression
    the two groupings share.
    """
    located = with_age(first_and_latest(enrollments, code=code, respondent=respondent, on=on)).values(
        "_first_id",
        "_latest_id",
        "_latest_instrument",
        "_fs",
        "_fn",
        "_ls",
        "_ln",
        "_age_band",
        _gender=F("gender"),
    )
    compiled = compiled_sql(located)
    if compiled is None:
        return {}, {}
    located_sql, params = compiled
    connection = connections[located.db]
    quote = connection.ops.quote_name
    positive, negative = _compare_sql(threshold, quote)
    fs, fn, ls, ln = (quote(name) for name in ("_fs", "_fn", "_ls", "_ln"))
    gender, band = quote("_gender"), quote("_age_band")
    answer, item = quote(Answer._meta.db_table), quote(Item._meta.db_table)
    first_id, latest_id = quote("_first_id"), quote("_latest_id")
    sql = f"""
        WITH located AS ({located_sql})
        SELECT 'cell', {gender}, {band}, COUNT(*),
            SUM(CASE WHEN {positive} THEN 1 ELSE 0 END),
            SUM(CASE WHEN {negative} THEN 1 ELSE 0 END),
            SUM(CAST({ls} AS DOUBLE PRECISION) / {ln} - CAST({fs} AS DOUBLE PRECISION) / {fn})
        FROM located GROUP BY {gender}, {band}
        UNION ALL
        SELECT 'item', code, NULL, COUNT(*), SUM(first_value), SUM(latest_value), NULL
        FROM (
            SELECT item.code AS code,
                SUM(CASE WHEN answer.measurement_id = located.{first_id} THEN answer.value END) AS first_value,
                SUM(CASE WHEN answer.measurement_id = located.{latest_id} THEN answer.value END) AS latest_value
            FROM located
            JOIN {answer} answer ON answer.measurement_id IN (located.{first_id}, located.{latest_id})
            JOIN {item} item ON item.id = answer.item_id
            WHERE answer.value IS NOT NULL
            GROUP BY located.{first_id}, item.code
        ) pairs
        WHERE first_value IS NOT NULL AND latest_value IS NOT NULL
        GROUP BY code
    """
    cells, items = {}, {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for kind, key, cell_band, n, a, b, change in cursor.fetchall():  # a fixed number of groups
            if kind == "cell":
                cells[(key, cell_band)] = (n, int(a), int(b), float(change))
            else:
                items[key] = (n, int(a), int(b))
    return cells, items


def _empty_cell():
    return {"measured": 0, POSITIVE: 0, NEGATIVE: 0, UNCHANGED: 0, "mean_change": None}


def _mean(total, n):
    """Mean to 2 decimals, half up; the float sum is first cut to 9 decimals to drop binary noise
    (a true 0.125 summed as 0.12499999999 still rounds to 0.13)."""
    return round_half_up(round(total / n, 9), 2) if n else None


def compute_progression(project, enrollments, on, *, respondent=Respondent.PARTICIPANT, code=None):
    """The ``progression`` section for ``enrollments`` (a queryset already limited to the scope).

    One query for the counts by gender × age band and the per-item means (grouped rows over the
    located first and latest measurements), one each for the project's plan and the instrument's
    items, whatever the number of enrolments.
    """
    code = code or primary_instrument_code(project)
    items = _items(code)
    rows, item_rows = _progression_rows(
        enrollments, code=code, respondent=respondent, on=on, threshold=threshold_hundredths(project)
    )

    cells = {g: {band: _empty_cell() for band in AGE_BANDS} for g in GENDERS}
    change_sums = {g: {band: 0.0 for band in AGE_BANDS} for g in GENDERS}
    for gender in GENDERS:  # the fixed cells, not enrolments
        for band in AGE_BANDS:
            if (gender, band) not in rows:
                continue
            n, positive, negative, change = rows[(gender, band)]
            cell = cells[gender][band]
            cell["measured"] = n
            cell[POSITIVE] = positive
            cell[NEGATIVE] = negative
            cell[UNCHANGED] = n - positive - negative
            change_sums[gender][band] = change
            cell["mean_change"] = _mean(change, n)

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
        "by_item": _by_item(items, item_rows),
    }


def _items(code):
    """``{item code: (dimension, scale min, scale max)}``; the newest version names the axes,
    codes only in older versions follow."""
    items = {}
    for item_code, dimension, low, high in (
        Item.objects.filter(instrument__code=code)
        .order_by("-instrument__version", "position")
        .values_list("code", "dimension", "scale_min", "scale_max")
    ):
        items.setdefault(item_code, (dimension, low, high))
    return items


def _by_item(items, item_rows):
    """Per item code: mean of the first and of the latest answer, over enrolments that answered both.

    An item left unanswered in either measurement is not counted for that enrolment.
    """
    result = {}
    for item_code, (dimension, low, high) in items.items():
        answered, first_sum, latest_sum = item_rows.get(item_code, (0, 0, 0))
        first = Decimal(first_sum) / answered if answered else None
        latest_mean = Decimal(latest_sum) / answered if answered else None
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


def positive_progression(project, enrollments, on, *, respondent=Respondent.PARTICIPANT, code=None):
    """The report's hook (``register_positive_progression``): the measured enrolments and which moved forward.

    ``(sql, params)`` of one row per measured enrolment of ``enrollments`` with ``enrollment_id``
    and ``positive`` (1 or 0, by the exact comparison of :func:`_compare_sql`), or ``None`` when
    ``enrollments`` can match nothing. A caller joins it to its own rows, so the window functions
    run once in its query instead of once per condition.
    """
    code = code or primary_instrument_code(project)
    located = first_and_latest(enrollments, code=code, respondent=respondent, on=on).values(
        "_fs", "_fn", "_ls", "_ln", _enrollment=F("pk")
    )
    compiled = compiled_sql(located)
    if compiled is None:
        return None
    located_sql, params = compiled
    quote = connections[located.db].ops.quote_name
    positive, _negative = _compare_sql(threshold_hundredths(project), quote)
    sql = (
        f"SELECT {quote('_enrollment')} AS enrollment_id, CASE WHEN {positive} THEN 1 ELSE 0 END AS positive "
        f"FROM ({located_sql}) located"
    )
    return sql, params


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

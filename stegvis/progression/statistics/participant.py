"""This part's context for the progression section of the participant page: the spider charts.

For each enrolment the user may see that has measurements of its project's primary instrument,
the participant's own chart and the coordinator's chart are shown side by side, each with the
first, the previous and the latest measurement unless the user chose others (the GET parameter
``radar``, a measurement's id, repeated; at most :data:`MAX_SERIES` per chart), and the change in
score between the first and the latest, classified with the project's threshold exactly as the
report does (:mod:`stegvis.progression.statistics.rule`). Below the charts, a table of every
answer: one row per question, one column per measurement, the two perspectives side by side.

Four queries whatever the number of enrolments and measurements: the projects' measurement plans,
the measurements, their answers, and the instruments' items. The loops below run over one
person's own measurements, which are already in memory.
"""

import datetime

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from stegvis.core.access import VIEW
from stegvis.progression.models import Answer, Item, Measurement, ProjectProgressionSettings, Respondent
from stegvis.progression.statistics.rule import (
    DEFAULT_INSTRUMENT,
    NEGATIVE,
    POSITIVE,
    classify,
    score,
    threshold_hundredths,
)
from stegvis.progression.templatetags.progression_charts import MAX_SERIES, format_value

#: The GET parameter that names a measurement to draw (repeated, one per measurement).
SELECT_PARAM = "radar"


def _class_label(cls):
    if cls == POSITIVE:
        return _("Positiv förändring")
    if cls == NEGATIVE:
        return _("Negativ förändring")
    return _("Oförändrat")


def _axes_by_code(codes):
    """The axes of each instrument code: the items of its newest version, in order."""
    axes = {}
    newest = {}
    for item in (
        Item.objects.filter(instrument__code__in=codes)
        .select_related("instrument")
        .order_by("instrument__code", "-instrument__version", "position")
    ):
        code = item.instrument.code
        version = newest.setdefault(code, item.instrument.version)
        if item.instrument.version == version:
            axes.setdefault(code, []).append(
                {
                    "code": item.code,
                    "label": item.dimension,
                    "question": item.text,
                    "min": item.scale_min,
                    "max": item.scale_max,
                }
            )
    return axes


def _in_enrollment(measurement, enrollment, today):
    end = enrollment.end_date or today
    return enrollment.start_date <= measurement.date <= min(end, today)


def _kind(measurement, usable):
    """Where ``measurement`` stands among the perspective's measurements: first, previous, latest."""
    if measurement is usable[0]:
        return "first"
    if measurement is usable[-1]:
        return "latest"
    if len(usable) >= 3 and measurement is usable[-2]:
        return "previous"
    return "other"


def _series_label(kind, measurement):
    when = date_format(measurement.date, "SHORT_DATE_FORMAT")
    return {
        "first": _("Första mätningen (%(date)s)"),
        "previous": _("Föregående mätning (%(date)s)"),
        "latest": _("Senaste mätningen (%(date)s)"),
        "other": _("Mätningen %(date)s"),
    }[kind] % {"date": when}


def _short_label(kind, measurement):
    """The legend of a narrow chart: one word and the date."""
    when = date_format(measurement.date, "SHORT_DATE_FORMAT")
    return {
        "first": _("Första %(date)s"),
        "previous": _("Föregående %(date)s"),
        "latest": _("Senaste %(date)s"),
        "other": _("Mätning %(date)s"),
    }[kind] % {"date": when}


def _default_picks(usable):
    picks = [usable[0]]
    if len(usable) >= 3:
        picks.append(usable[-2])
    if len(usable) >= 2:
        picks.append(usable[-1])
    return picks


def _chosen(usable, selected):
    """The measurements to draw and a notice when the choice could not be followed as it was.

    ``selected`` is the set of measurement ids asked for (of any chart, or none). Ids of other
    perspectives and other people's measurements simply do not match; with none of this panel's
    measurements chosen the panel draws its defaults. More than :data:`MAX_SERIES` chosen: the
    earliest and the latest ones, so the span the user asked about stays in view.
    """
    chosen = [m for m in usable if m.pk in selected]
    if not chosen:
        return _default_picks(usable), None
    if len(chosen) > MAX_SERIES:
        kept = [chosen[0], *chosen[-(MAX_SERIES - 1) :]]
        notice = _(
            "Högst %(max)s mätningar kan visas i diagrammet; den tidigaste och de senaste av de valda visas."
        ) % {"max": MAX_SERIES}
        return kept, notice
    return chosen, None


def _panel(enrollment, respondent, usable, values_of, axes, threshold, selected):
    """One chart of one perspective: the chosen (or first, previous, latest) usable measurements."""
    picks, notice = _chosen(usable, selected)
    drawn = {m.pk for m in picks}
    first_score = score(list(values_of[usable[0].pk].values()))
    latest_score = score(list(values_of[usable[-1].pk].values()))
    panel = {
        "respondent": respondent,
        "title": Respondent(respondent).label,
        "chart_id": f"radar-{enrollment.pk}-{respondent}",
        "compact_id": f"radar-{enrollment.pk}-{respondent}-smal",
        "axes": axes,
        "series": [
            {
                "label": _series_label(_kind(m, usable), m),
                "short_label": _short_label(_kind(m, usable), m),
                "values": values_of[m.pk],
            }
            for m in picks
        ],
        "choices": [
            {"pk": m.pk, "label": _series_label(_kind(m, usable), m), "checked": m.pk in drawn}
            for m in usable
        ],
        "notice": notice,
        "count": len(usable),
        "first_score": format_value(float(first_score)),
        "latest_score": format_value(float(latest_score)),
        "change": None,
    }
    if len(usable) >= 2:
        change = latest_score - first_score
        cls = classify(change, threshold)
        text = format_value(float(abs(change)))
        panel["change"] = ("+" if change > 0 else "−" if change < 0 else "±") + text
        panel["change_class"] = cls
        panel["change_label"] = _class_label(cls)
    return panel


def _answer_table(axes, columns, values_of, dimension_of):
    """Every answer of the chart's measurements: a row per question, a column per measurement.

    ``columns`` is ``[(respondent, [measurement])]``. Questions answered in an older version of the
    instrument but not in the newest are kept, after the newest version's questions.
    """
    rows = [{"code": a["code"], "label": a["label"], "question": a.get("question", "")} for a in axes]
    known = {a["code"] for a in axes}
    for _respondent, measurements in columns:
        for m in measurements:
            for code in values_of[m.pk]:
                if code not in known:
                    known.add(code)
                    rows.append({"code": code, "label": dimension_of.get(code, code), "question": ""})
    flat = [m for _respondent, measurements in columns for m in measurements]
    for row in rows:
        row["cells"] = [format_value(values_of[m.pk].get(row["code"])) for m in flat]
    return {
        "groups": [
            {"title": Respondent(respondent).label, "respondent": respondent, "dates": [m.date for m in ms]}
            for respondent, ms in columns
            if ms
        ],
        "rows": rows,
        "scores": [format_value(float(score(list(values_of[m.pk].values())))) for m in flat],
    }


def _selected_ids(query):
    """The measurement ids in ``query``; anything that is not a whole number is ignored."""
    if query is None:
        return set()
    return {int(v) for v in query.getlist(SELECT_PARAM) if str(v).strip().isdigit()}


def chart_context(user, person, enrollments, query=None):
    """``progression_charts``: one entry per visible enrolment that has measurements to draw.

    ``query`` holds the GET parameters of the page; its ``radar`` ids choose what is drawn.
    """
    selected = _selected_ids(query)
    enrollments = list(enrollments)
    if not enrollments:
        return {"progression_charts": []}
    codes_by_project = dict(
        ProjectProgressionSettings.objects.filter(
            project__in={e.project_id for e in enrollments}
        ).values_list("project_id", "primary_instrument_code")
    )
    code_of = {e.pk: codes_by_project.get(e.project_id) or DEFAULT_INSTRUMENT for e in enrollments}
    codes = set(code_of.values())
    measurements = (
        Measurement.objects.restrict(user, VIEW)
        .filter(enrollment__in=[e.pk for e in enrollments], instrument__code__in=codes)
        .select_related("instrument")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.select_related("item")))
        .order_by("date", "pk")
    )
    grouped = {}
    for m in measurements:
        grouped.setdefault((m.enrollment_id, m.respondent), []).append(m)
    axes_by_code = _axes_by_code(codes)
    today = datetime.date.today()

    values_of = {}
    dimension_of = {}
    for m in measurements:
        values_of[m.pk] = {a.item.code: a.value for a in m.answers.all()}
        for a in m.answers.all():
            dimension_of.setdefault(a.item.code, a.item.dimension)

    charts = []
    for enrollment in enrollments:
        code = code_of[enrollment.pk]
        axes = axes_by_code.get(code, [])
        panels = []
        columns = []
        for respondent in (Respondent.PARTICIPANT, Respondent.STAFF):
            usable = [
                m
                for m in grouped.get((enrollment.pk, respondent), [])
                if m.instrument.code == code
                and _in_enrollment(m, enrollment, today)
                and any(v is not None for v in values_of[m.pk].values())
            ]
            if not usable:
                continue
            columns.append((respondent, usable))
            panels.append(
                _panel(
                    enrollment,
                    respondent,
                    usable,
                    values_of,
                    axes,
                    threshold_hundredths(enrollment.project),
                    selected,
                )
            )
        if panels:
            charts.append(
                {
                    "enrollment": enrollment,
                    "instrument": code,
                    "panels": panels,
                    "table": _answer_table(axes, columns, values_of, dimension_of),
                    "threshold": format_value(float(enrollment.project.progression_threshold or 0)),
                }
            )
    return {"progression_charts": charts, "progression_select_param": SELECT_PARAM}

"""This part's context for the progression section of the participant page: the spider charts.

For each enrolment the user may see that has measurements of its project's primary instrument,
the participant's own chart and the coordinator's chart are shown side by side, each with the
first, the previous and the latest measurement, and the change in score between the first and the
latest, classified with the project's threshold exactly as the report does
(:mod:`stegvis.progression.statistics.rule`).

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
from stegvis.progression.templatetags.progression_charts import format_value


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
                {"code": item.code, "label": item.dimension, "min": item.scale_min, "max": item.scale_max}
            )
    return axes


def _in_enrollment(measurement, enrollment, today):
    end = enrollment.end_date or today
    return enrollment.start_date <= measurement.date <= min(end, today)


def _series_label(kind, measurement):
    when = date_format(measurement.date, "SHORT_DATE_FORMAT")
    return {
        "first": _("Första mätningen (%(date)s)"),
        "previous": _("Föregående mätning (%(date)s)"),
        "latest": _("Senaste mätningen (%(date)s)"),
    }[kind] % {"date": when}


def _panel(enrollment, respondent, measurements, axes, threshold):
    """One chart: first, previous and latest of the usable measurements of one perspective."""
    values_of = {m.pk: {a.item.code: a.value for a in m.answers.all()} for m in measurements}
    usable = [m for m in measurements if any(v is not None for v in values_of[m.pk].values())]
    if not usable:
        return None
    picks = [("first", usable[0])]
    if len(usable) >= 3:
        picks.append(("previous", usable[-2]))
    if len(usable) >= 2:
        picks.append(("latest", usable[-1]))
    first_score = score(list(values_of[usable[0].pk].values()))
    latest_score = score(list(values_of[usable[-1].pk].values()))
    panel = {
        "respondent": respondent,
        "title": Respondent(respondent).label,
        "chart_id": f"radar-{enrollment.pk}-{respondent}",
        "axes": axes,
        "series": [{"label": _series_label(kind, m), "values": values_of[m.pk]} for kind, m in picks],
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


def chart_context(user, person, enrollments):
    """``progression_charts``: one entry per visible enrolment that has measurements to draw."""
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

    charts = []
    for enrollment in enrollments:
        code = code_of[enrollment.pk]
        panels = []
        for respondent in (Respondent.PARTICIPANT, Respondent.STAFF):
            own = [
                m
                for m in grouped.get((enrollment.pk, respondent), [])
                if m.instrument.code == code and _in_enrollment(m, enrollment, today)
            ]
            panel = _panel(
                enrollment,
                respondent,
                own,
                axes_by_code.get(code, []),
                threshold_hundredths(enrollment.project),
            )
            if panel is not None:
                panels.append(panel)
        if panels:
            charts.append(
                {
                    "enrollment": enrollment,
                    "instrument": code,
                    "panels": panels,
                    "threshold": format_value(float(enrollment.project.progression_threshold or 0)),
                }
            )
    return {"progression_charts": charts}

"""The timeline of a participant's interventions: server-rendered SVG in the report charts' style.

One row per intervention, its bar coloured by category and the category written under the name
(colour is never the only cue), month ticks along the top and a dashed line at the report date
("idag"), so interventions that ran in parallel stand out at a glance. The SVG is an image named by
its ``<title>``/``<desc>``; the same facts are in the table beside it for screen readers,
keyboard users and print (see ``interventions/participant/section.html``).
"""

import datetime

from django import template
from django.utils.translation import gettext as _

from stegvis.interventions.models import Category

register = template.Library()

WIDTH = 640
LABEL_W = 190
RIGHT = 44  # room for "pågår" after an ongoing bar
AXIS_H = 38
ROW_H = 34
BAR_H = 14
MIN_DAYS = 60
MAX_TICKS = 8
NAME_CHARS = 28

# Colours meet 4.5:1 against white, like the rest of the stylesheet.
COLOURS = {
    Category.ARBETSINRIKTAD: "#1f5f8b",
    Category.KOMPETENSHOJANDE: "#1e7a46",
    Category.HALSA: "#b4450c",
    Category.SOCIAL: "#7b3fa0",
}


def category_legend():
    return [(label, COLOURS[code]) for code, label in Category.choices]


def _month_starts(first, last):
    day = first.replace(day=1)
    months = []
    while day <= last:
        months.append(day)
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def _short(name):
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


@register.inclusion_tag("interventions/timeline.html")
def intervention_timeline(enrollment, participations, chart_id, on=None):
    """The timeline of ``participations`` (with their catalogue entries) within ``enrollment``.

    The time axis runs from the enrolment's start (or an earlier intervention) to its end, the
    report date ``on`` (default today) or the latest planned end, whichever is last; an ongoing
    intervention is drawn up to ``on``.
    """
    on = on or datetime.date.today()
    participations = list(participations)
    first = min([enrollment.start_date, *(p.start_date for p in participations)])
    last = max([enrollment.end_date or on, *(p.end_date or on for p in participations)])
    if (last - first).days < MIN_DAYS:
        last = first + datetime.timedelta(days=MIN_DAYS)
    span = (last - first).days
    area = WIDTH - LABEL_W - RIGHT

    def x(day):
        return round(LABEL_W + area * (day - first).days / span, 1)

    height = AXIS_H + ROW_H * max(len(participations), 1) + 4
    months = _month_starts(first, last)
    step = max(1, -(-len(months) // MAX_TICKS))
    ticks = [{"x": x(m), "label": m.strftime("%Y-%m")} for m in months[::step] if m >= first]
    rows = []
    ongoing_count = 0
    for i, p in enumerate(participations):
        entry = p.intervention
        top = AXIS_H + i * ROW_H
        ongoing = p.start_date <= on and (p.end_date is None or p.end_date >= on)
        ongoing_count += ongoing
        end = p.end_date or max(on, p.start_date)
        start_x = x(p.start_date)
        rows.append(
            {
                "name": _short(entry.name),
                "full_name": entry.name,
                "category": entry.get_category_display(),
                "colour": COLOURS.get(entry.category, "#4a5468"),
                "start": p.start_date,
                "end": p.end_date,
                "ongoing": ongoing,
                "open": p.end_date is None,
                "planned": p.start_date > on,
                "name_y": top + 13,
                "category_y": top + 27,
                "bar_y": top + 9,
                "bar_x": start_x,
                "bar_w": max(round(x(end) - start_x, 1), 3),
                "end_x": round(x(end) + 4, 1),
            }
        )
    marker = {"x": x(on), "label": _("idag") if on == datetime.date.today() else on.isoformat()}
    description = _(
        "%(n)s insatser från %(first)s till %(last)s, varav %(ongoing)s pågår. Streckad linje: %(day)s."
    ) % {
        "n": len(rows),
        "first": first.isoformat(),
        "last": last.isoformat(),
        "ongoing": ongoing_count,
        "day": on.isoformat(),
    }
    return {
        "rows": rows,
        "ticks": ticks,
        "marker": marker if first <= on <= last else None,
        "chart_id": chart_id,
        "width": WIDTH,
        "height": height,
        "label_w": LABEL_W,
        "axis_h": AXIS_H,
        "bar_h": BAR_H,
        "title": _("Insatser över tid i %(project)s") % {"project": enrollment.project.name},
        "description": description,
        "legend": category_legend(),
    }

"""Geometry of the page's chart: two shares per group (work or studies, positive progression).

The report's bar charts (:mod:`stegvis.reports.templatetags.report_charts`) draw counts, one bar
per code; here each group has two shares side by side, each with the counts it stands on, so the
geometry is worked out here from the section's own figures and drawn by
``reports/whatworks/_share_chart.html`` (an SVG with a table of the same numbers).
"""

from django.utils.translation import gettext as _

from stegvis.reports.templatetags.report_charts import as_percent

WIDTH = 640
# Each group: its label on a line of its own (the labels are long), then its two bars.
LABEL_H = 18
BAR_AREA = 440
BAR_H = 14
GROUP_H = LABEL_H + 2 * (BAR_H + 2) + 12
TOP = 4
# Colours as SVG presentation attributes: the brand blue and the report's green.
SERIES = (
    ("work_or_studies", "exits", "#1d4f91"),
    ("positive", "measured", "#1e7a46"),
)


def series_labels():
    return {
        "work_or_studies": _("Avslut till arbete eller studier (andel av avslut)"),
        "positive": _("Positiv stegförflyttning (andel av mätta)"),
    }


def share_chart(groups, labels, title, chart_id):
    """Context for the chart of ``groups`` (``{key: group figures}``) named by ``labels``."""
    names = series_labels()
    rows = []
    for i, (key, group) in enumerate(groups.items()):
        y = TOP + i * GROUP_H
        bars = []
        for j, (name, base, colour) in enumerate(SERIES):
            figure = group[name]
            # A share of a hidden small number is ``None``: no bar, "–" as the text.
            width = round(BAR_AREA * (figure["share"] or 0), 1)
            bar_y = y + LABEL_H + j * (BAR_H + 2)
            bars.append(
                {
                    "name": names[name],
                    "colour": colour,
                    "y": bar_y,
                    "text_y": bar_y + BAR_H - 3,
                    "width": width,
                    "value_x": round(width + 6, 1),
                    "text": _("%(share)s (%(n)s av %(total)s)")
                    % {"share": as_percent(figure["share"]), "n": figure["count"], "total": group[base]},
                    "share": figure["share"],
                    "count": figure["count"],
                    "total": group[base],
                }
            )
        rows.append({"label": labels[key], "text_y": y + LABEL_H - 5, "bars": bars})
    return {
        "rows": rows,
        "title": title,
        "chart_id": chart_id,
        "description": _(
            "Andel avslut till arbete eller studier och andel med positiv stegförflyttning per grupp, "
            "med antalet bakom varje andel."
        ),
        "legend": [(names[name], colour) for name, _base, colour in SERIES],
        "width": WIDTH,
        "height": TOP * 2 + GROUP_H * max(len(rows), 1),
        "bar_h": BAR_H,
    }

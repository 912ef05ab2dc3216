"""Geometry of the results chart: one horizontal stacked bar per statement, 1–5 and "vet inte".

Each bar is 100 % of the people who answered the statement (including "vet inte"), split into
the six answers, so the statements compare at a glance whatever their number of answers. The
template (``surveys/_stacked_chart.html``) draws it as SVG with a table of the same numbers.
"""

from django.utils.translation import gettext as _

from stegvis.reports.templatetags.report_charts import as_percent
from stegvis.surveys.scale import scale_words

WIDTH = 640
LABEL_H = 18
BAR_AREA = 600
BAR_H = 22
GROUP_H = LABEL_H + BAR_H + 14
TOP = 4
# From "stämmer inte alls" (red) to "stämmer helt" (green), "vet inte" grey: distinct in greyscale too.
COLOURS = ("#b42318", "#e0803a", "#c9b458", "#6aa84f", "#1e7a46", "#8a8f98")


def stacked_chart(statements, title, chart_id):
    """Context for the chart of ``statements`` (the ``statements`` of :func:`survey_figures`)."""
    words = scale_words()
    keys = ["1", "2", "3", "4", "5", "x"]
    legend = [(words[k], COLOURS[i]) for i, k in enumerate(keys)]
    rows = []
    for n, (code, figure) in enumerate(statements.items()):
        counts = [figure["distribution"][k] for k in keys[:5]] + [figure["dont_know"]]
        total = sum(counts)
        y = TOP + n * GROUP_H
        x = 0.0
        segments = []
        for i, count in enumerate(counts):
            width = round(BAR_AREA * count / total, 1) if total else 0
            segments.append(
                {
                    "x": round(x, 1),
                    "width": width,
                    "colour": COLOURS[i],
                    "count": count,
                    "label": words[keys[i]],
                    "percent": as_percent(count / total) if total else "–",
                }
            )
            x += width
        rows.append(
            {
                "code": code,
                "label": figure["text"],
                "text_y": y + LABEL_H - 5,
                "bar_y": y + LABEL_H,
                "segments": segments,
                "total": total,
                "share": as_percent(figure["share"]) if figure["share"] is not None else "–",
            }
        )
    return {
        "rows": rows,
        "legend": legend,
        "title": title,
        "chart_id": chart_id,
        "description": _(
            "Fördelningen av svaren på varje påstående, från ”stämmer inte alls” till ”stämmer helt” "
            "och ”vet inte”, som andel av alla som svarat på påståendet."
        ),
        "width": WIDTH,
        "height": TOP * 2 + GROUP_H * max(len(rows), 1),
        "bar_h": BAR_H,
    }

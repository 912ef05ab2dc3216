"""Server-rendered SVG charts of progression: the spider (radar) chart and the change per item.

The charts are plain SVG built from figures computed elsewhere (one person's measurements, or
:mod:`stegvis.progression.statistics.rule` for a group), so the same markup can go into an export
or be printed for a meeting. Colours and line styles are written as SVG attributes, not only as
CSS, so a chart keeps its look outside the page. Every series differs in colour, line style and
marker shape, so nothing depends on colour alone; every chart has ``role="img"``, a ``<title>``
and a ``<desc>`` summary, and a ``<details>`` with the same numbers as a table.
"""

import math
from dataclasses import dataclass

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()

# Series styles in the order first, previous, latest: colour, dash pattern, marker shape.
SERIES_STYLES = (
    {"colour": "#6b7280", "dash": "7 4", "marker": "circle", "width": 2},
    {"colour": "#b45309", "dash": "2 3", "marker": "square", "width": 2},
    {"colour": "#1f5f8b", "dash": "", "marker": "diamond", "width": 3},
)
MAX_SERIES = len(SERIES_STYLES)

RADAR_W = 700
RADAR_CX = 350
RADAR_CY = 200
RADAR_R = 140
LABEL_GAP = 14
LABEL_LINE = 13
LABEL_CHARS = 22
LEGEND_ROW = 22


@dataclass(frozen=True)
class RadarLayout:
    """Where a spider chart's parts go, in the units of its ``viewBox``."""

    width: int = RADAR_W
    cx: int = RADAR_CX
    cy: int = RADAR_CY
    r: int = RADAR_R
    label_gap: int = LABEL_GAP
    label_line: int = LABEL_LINE
    label_chars: int = LABEL_CHARS
    legend_row: int = LEGEND_ROW
    font_size: int = 12
    scale_font_size: int = 10
    marker: float = 4.5
    legend_offset: int = 50  # from the plot's lowest point to the legend's first row
    table: bool = True  # the chart's own table of values below it
    label_lines: int = 0  # at most this many lines per axis label (0: as many as needed)
    short_legend: bool = False  # the legend uses each series' ``short_label`` when it has one
    numbered_axes: bool = False  # axes carry their number; the page lists the names beside


LAYOUTS = {
    "wide": RadarLayout(),
    # A participant's phone (Min sida): a narrower drawing, so the text stays large when the
    # chart is scaled to a 320 px screen; labels wrap sooner and the legend has room for long dates.
    "phone": RadarLayout(
        width=360,
        cx=180,
        cy=150,
        r=76,
        label_gap=8,
        label_line=19,
        label_chars=10,
        legend_row=30,
        font_size=17,
        scale_font_size=13,
        marker=6,
        legend_offset=92,
        table=False,
    ),
    # The staff participant page, where the chart is drawn up to 560 px wide: from 440 px up the
    # labels are at least as large as the page's body text (18 units in 480 are 16.5 px at 440).
    # The page shows every answer in a table of its own, so the chart has none.
    "page": RadarLayout(
        width=480,
        cx=240,
        cy=200,
        r=115,
        label_gap=10,
        label_line=22,
        label_chars=12,
        legend_row=30,
        font_size=18,
        scale_font_size=14,
        marker=5.5,
        legend_offset=100,
        table=False,
        label_lines=3,
    ),
    # The same page when the chart has less than 440 px (a phone): ten names do not fit round a
    # phone-sized drawing at a readable size, so the axes carry numbers and the page lists the
    # names beside. At 294 px (a 320 px screen, the chart reaching into the panel's padding) the
    # text is 17.6 px; short legend texts.
    "compact": RadarLayout(
        width=300,
        cx=150,
        cy=142,
        r=108,
        label_gap=8,
        label_line=20,
        label_chars=8,
        legend_row=28,
        font_size=18,
        scale_font_size=13,
        marker=5.5,
        legend_offset=56,
        table=False,
        label_lines=3,
        short_legend=True,
        numbered_axes=True,
    ),
}


def format_value(value, places=2):
    """A figure the Swedish way (decimal comma), whole numbers without decimals; ``–`` for none."""
    if value is None:
        return "–"
    if value < 0:
        return "−" + format_value(-value, places)
    if float(value) == int(value):
        return str(int(value))
    return number_format(round(float(value), places), places)


def _wrap(label, width=LABEL_CHARS, max_lines=0):
    """Split an axis label into lines of about ``width`` characters, at spaces.

    With ``max_lines`` the label is also kept inside its room: a word longer than a line is
    broken with a hyphen, and lines beyond ``max_lines`` are dropped, the last kept one ending in
    "…". (The full label is in the page's table of answers.)
    """
    words = []
    for word in str(label).split():
        while max_lines and len(word) > width:
            words.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        words.append(word)
    lines, line = [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    if max_lines and len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[: max_lines - 1] + [(last if len(last) < width else last[: width - 1]) + "…"]
    return lines or [""]


def _marker(shape, x, y, size=4.5):
    if shape == "circle":
        return {"shape": "circle", "x": x, "y": y, "r": size}
    if shape == "square":
        return {"shape": "rect", "x": round(x - size, 1), "y": round(y - size, 1), "side": size * 2}
    reach = size + 1
    corners = [(x, y - reach), (x + reach, y), (x, y + reach), (x - reach, y)]
    return {"shape": "polygon", "points": " ".join(f"{round(a, 1)},{round(b, 1)}" for a, b in corners)}


def _mean(values):
    answered = [v for v in values if v is not None]
    return sum(answered) / len(answered) if answered else None


@register.inclusion_tag("progression/statistics/charts/radar_chart.html")
def radar_chart(axes, series, title, chart_id, description="", layout="wide"):
    """A spider chart: one axis per item, one line per series (at most three).

    ``axes`` is a list of ``{"code", "label", "min", "max"}`` (the instrument's items in order);
    ``series`` a list of ``{"label", "values": {code: number or None}}`` in the order first,
    previous, latest, drawn in that order so the latest lies on top. An unanswered item leaves a
    gap in its line (the neighbouring points are not joined across it) and a dash in the table.
    ``layout`` is a name in :data:`LAYOUTS`: ``"wide"`` for staff pages, ``"phone"`` for a
    participant's phone, ``"page"`` and ``"compact"`` for the staff participant page (wide and
    narrow). A series may have a ``short_label``, which layouts with ``short_legend`` show.
    """
    geometry = LAYOUTS[layout]
    cx, cy, r = geometry.cx, geometry.cy, geometry.r
    axes = list(axes or [])
    series = list(series or [])[:MAX_SERIES]
    n = len(axes)
    # One series is drawn as 'latest'; two as 'first' and 'latest'; three use every style.
    styles = {0: (), 1: SERIES_STYLES[2:], 2: SERIES_STYLES[::2]}.get(len(series), SERIES_STYLES)
    scales = {(a["min"], a["max"]) for a in axes}
    uniform = next(iter(scales)) if len(scales) == 1 else None

    def point(i, fraction):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return (
            round(cx + r * fraction * math.cos(angle), 1),
            round(cy + r * fraction * math.sin(angle), 1),
        )

    axis_rows = []
    for i, axis in enumerate(axes):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        cos, sin = math.cos(angle), math.sin(angle)
        end = point(i, 1)
        if geometry.numbered_axes:
            lines = [str(i + 1)]
        else:
            lines = _wrap(axis["label"], geometry.label_chars, geometry.label_lines)
        lx = round(cx + (r + geometry.label_gap) * cos, 1)
        ly = cy + (r + geometry.label_gap) * sin
        if sin < -0.3:
            ly -= geometry.label_line * (len(lines) - 1)
        elif sin > 0.3:
            ly += geometry.font_size - 2
        else:
            ly += 4 - geometry.label_line * (len(lines) - 1) / 2
        anchor = "middle" if abs(cos) < 0.25 else ("start" if cos > 0 else "end")
        axis_rows.append(
            {
                "label": axis["label"],
                "code": axis["code"],
                "x2": end[0],
                "y2": end[1],
                "lx": lx,
                "ly": round(ly, 1),
                "anchor": anchor,
                "lines": lines,
                "line_h": geometry.label_line,
            }
        )

    steps = (uniform[1] - uniform[0]) if uniform and uniform[1] - uniform[0] <= 10 else 4
    rings = []
    for k in range(1, steps + 1):
        fraction = k / steps
        ring = {"points": " ".join(f"{x},{y}" for x, y in (point(i, fraction) for i in range(n)))}
        if uniform and (steps <= 5 or k % 2 == 1 or k == steps):
            ring["label"] = format_value(uniform[0] + (uniform[1] - uniform[0]) * fraction)
            ring["label_y"] = round(cy - r * fraction + 4, 1)
        rings.append(ring)

    drawn = []
    summaries = []
    for s, style in zip(series, styles, strict=False):
        values = [s["values"].get(a["code"]) for a in axes]
        points = []
        for i, (axis, value) in enumerate(zip(axes, values, strict=False)):
            if value is None:
                points.append(None)
                continue
            fraction = (float(value) - axis["min"]) / (axis["max"] - axis["min"])
            points.append(point(i, max(0.0, min(1.0, fraction))))
        complete = n > 2 and all(p is not None for p in points)
        segments = []
        if not complete:
            for i in range(n):
                a, b = points[i], points[(i + 1) % n]
                if a is not None and b is not None and n > 1 and (i + 1 < n or n > 2):
                    segments.append(f"M{a[0]},{a[1]} L{b[0]},{b[1]}")
        mean = _mean(values)
        answered = sum(1 for v in values if v is not None)
        drawn.append(
            {
                "label": s["label"],
                "short_label": s.get("short_label"),
                "style": style,
                "complete": complete,
                "polygon": " ".join(f"{p[0]},{p[1]}" for p in points if p is not None),
                "path": " ".join(segments),
                "markers": [
                    _marker(style["marker"], p[0], p[1], geometry.marker) for p in points if p is not None
                ],
                "values": values,
                "mean": mean,
                "answered": answered,
            }
        )
        summaries.append(
            _("%(label)s: medelvärde %(mean)s (%(answered)s av %(n)s besvarade).")
            % {"label": s["label"], "mean": format_value(mean), "answered": answered, "n": n}
        )

    plot_bottom = cy + r + geometry.legend_offset
    legend = []
    for i, item in enumerate(drawn):
        y = plot_bottom + i * geometry.legend_row
        legend.append(
            {
                "label": (geometry.short_legend and item["short_label"]) or item["label"],
                "style": item["style"],
                "y": y,
                "text_y": y + geometry.font_size // 3,
                "marker": _marker(item["style"]["marker"], 40, y, geometry.marker),
            }
        )
    if uniform:
        scale_text = _("%(n)s områden på skalan %(min)s–%(max)s.") % {
            "n": n,
            "min": uniform[0],
            "max": uniform[1],
        }
    else:
        scale_text = _("%(n)s områden.") % {"n": n}
    table_rows = [
        {"label": a["label"], "values": [format_value(item["values"][i]) for item in drawn]}
        for i, a in enumerate(axes)
    ]
    return {
        "chart_id": chart_id,
        "title": title,
        "description": description or " ".join([_("Spindeldiagram."), scale_text, *summaries]),
        "width": geometry.width,
        "height": plot_bottom + max(len(drawn), 1) * geometry.legend_row,
        "font_size": geometry.font_size,
        "scale_font_size": geometry.scale_font_size,
        "layout": layout,
        "with_table": geometry.table,
        "cx": cx,
        "cy": cy,
        "axes": axis_rows,
        "rings": rings,
        "series": drawn,
        "legend": legend,
        "table_rows": table_rows,
        "means": [format_value(item["mean"]) for item in drawn],
        "has_data": bool(n and drawn),
    }


CHANGE_W = 640
CHANGE_LABEL_W = 235
CHANGE_VALUE_W = 60
CHANGE_ROW = 26
CHANGE_BAR = 16


@register.inclusion_tag("progression/statistics/charts/change_chart.html")
def change_chart(by_item, title, chart_id):
    """Mean change per item as bars left (down) or right (up) of a zero line.

    ``by_item`` is the rule's ``{code: {"dimension", "mean_first", "mean_latest", "mean_change",
    "answered"}}``. Each bar carries its signed value as text, so direction is not told by colour.
    """
    rows = list((by_item or {}).items())
    area = CHANGE_W - CHANGE_LABEL_W - 2 * CHANGE_VALUE_W
    zero = CHANGE_LABEL_W + CHANGE_VALUE_W + area / 2
    top = max([abs(r["mean_change"]) for _code, r in rows if r["mean_change"] is not None] + [0.5])
    drawn = []
    for i, (code, r) in enumerate(rows):
        y = 6 + i * CHANGE_ROW
        change = r["mean_change"]
        width = round(abs(change) / top * area / 2, 1) if change else 0
        positive = change is not None and change > 0
        x = zero if positive else zero - width
        text = format_value(change)
        if change and change > 0:
            text = "+" + text
        elif change and change < 0:
            text = format_value(change)
        drawn.append(
            {
                "code": code,
                "label": r["dimension"],
                "change": change,
                "text": text,
                "first": format_value(r["mean_first"]),
                "latest": format_value(r["mean_latest"]),
                "answered": r["answered"],
                "x": round(x, 1),
                "width": width,
                "bar_y": y + (CHANGE_ROW - CHANGE_BAR) / 2,
                "text_y": y + CHANGE_ROW / 2 + 4,
                "value_x": round((zero + width + 5) if positive else (zero - width - 5), 1),
                "anchor": "start" if positive else "end",
                "positive": positive,
            }
        )
    moved_up = sum(1 for r in drawn if r["change"] is not None and r["change"] > 0)
    moved_down = sum(1 for r in drawn if r["change"] is not None and r["change"] < 0)
    height = 12 + CHANGE_ROW * max(len(drawn), 1)
    return {
        "chart_id": chart_id,
        "title": title,
        "rows": drawn,
        "width": CHANGE_W,
        "height": height,
        "label_w": CHANGE_LABEL_W,
        "zero": zero,
        "bar_h": CHANGE_BAR,
        "description": _(
            "Genomsnittlig förändring per område från första till senaste mätningen. "
            "%(up)s områden gick upp och %(down)s gick ner."
        )
        % {"up": moved_up, "down": moved_down},
    }


@register.filter
def sv_number(value, places=2):
    """``format_value`` as a filter: a decimal comma, whole numbers bare, ``–`` for nothing."""
    return format_value(value, int(places))

"""Charts of the final-report draft as PNG images.

One function per chart, each fed by a part of the report dict (never a queryset) and returning
a :class:`Chart`: the PNG bytes, a title and a description that becomes the picture's
alternative text in Word. Nothing depends on colour alone: the palette is Okabe–Ito (safe for
the common colour-vision deficiencies) and series also differ by hatch, line style or marker.

The pictures are drawn with :mod:`stegvis.reports.exports.drawing` (Pillow), 10 to 20 ms
each: with matplotlib the eight charts took most of the draft's four seconds. Nothing here is
shared between requests but the loaded fonts and hatch tiles (only read), so charts can be drawn
in any web process.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from stegvis.reports.counting import GENDERS
from stegvis.reports.exports.drawing import BLACK, GRID, Canvas, nice_ticks, tick_text
from stegvis.reports.exports.tables import progression_class_labels
from stegvis.reports.suppression import drawn, is_suppressed
from stegvis.reports.templatetags.report_charts import BALANCE_HIGH, BALANCE_LOW, balance_chart, code_label

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
GENDER_STYLE = {
    "K": {"color": "#CC79A7", "hatch": ""},
    "M": {"color": "#0072B2", "hatch": "//"},
    "X": {"color": "#999999", "hatch": ".."},
}
CLASS_STYLE = {
    "positive": {"color": "#009E73", "hatch": ""},
    "unchanged": {"color": "#BBBBBB", "hatch": ".."},
    "negative": {"color": "#D55E00", "hatch": "//"},
}
BALANCE_BAND = {"color": "#EEEEEE", "hatch": ""}
BAR_COLOUR = "#0072B2"
FIRST_STYLE = {"color": "#E69F00", "dashed": True, "marker": "o"}
LATEST_STYLE = {"color": "#0072B2", "dashed": False, "marker": "D"}
# Type sizes in points, as matplotlib's defaults were: labels, the title, legends and values.
LABEL_PT, TITLE_PT, SMALL_PT, TINY_PT = 10, 11, 8, 7
BAR_HEIGHT = 0.8  # of a row
MAX_LABEL_SHARE = 0.45  # of the picture's width: longer row labels are cut (the bars need the rest)


@dataclass
class Chart:
    png: bytes
    title: str
    description: str


def _height_for(rows):
    return max(1.6, 0.6 + 0.32 * rows)


def _fmt(value):
    return f"{value:g}".replace(".", ",")


class _Bars:
    """A horizontal bar chart: title above, labels at the left, the first row at the top, an x
    axis from 0 to ``xmax`` below, and the legend ``[(label, style)]`` centred under it all."""

    def __init__(self, labels, title, xlabel, xmax, legend=(), extra_height=0.0, value_room=""):
        self.canvas = c = Canvas(_height_for(len(labels)) + extra_height)
        self.labels = [_shortened(c, label, LABEL_PT, c.width * MAX_LABEL_SHARE) for label in labels]
        self.title, self.xlabel, self.legend = title, xlabel, list(legend)
        self.xmax = xmax
        self.ticks = [t for t in nice_ticks(xmax) if t <= xmax + 1e-9]
        pad = c.px(4)
        label_width = max((c.text_width(label, LABEL_PT) for label in self.labels), default=0)
        self.left = pad + label_width + c.px(7)
        last_tick = c.text_width(tick_text(self.ticks[-1]), LABEL_PT) / 2
        self.right = c.width - pad - max(last_tick, c.text_width(value_room, SMALL_PT) + c.px(3))
        self.top = pad + c.px(TITLE_PT) * 1.7
        legend_height = self._legend_rows() * c.px(SMALL_PT) * 1.8 + c.px(6) if self.legend else 0
        self.bottom = c.height - pad - legend_height - c.px(LABEL_PT) * 3.2
        self.row = (self.bottom - self.top) / max(len(labels), 1)

    def x(self, value):
        return self.left + (self.right - self.left) * value / self.xmax

    def y(self, i):
        return self.top + self.row * (i + 0.5)

    def bar(self, i, start, width, style, edge=None):
        half = self.row * BAR_HEIGHT / 2
        box = (self.x(start), self.y(i) - half, self.x(start + width), self.y(i) + half)
        self.canvas.rectangle(box, style["color"], style.get("hatch", ""), edge=edge)

    def band(self, low, high, style):
        self.canvas.rectangle((self.x(low), self.top, self.x(high), self.bottom), style["color"])

    def value(self, i, at, text, points=SMALL_PT, anchor="lm"):
        self.canvas.text((self.x(at), self.y(i)), text, points, anchor=anchor)

    def _legend_entries(self):
        c = self.canvas
        return [
            (label, style, c.px(20) + c.px(6) + c.text_width(label, SMALL_PT)) for label, style in self.legend
        ]

    def _legend_rows(self, columns=3):
        return math.ceil(len(self.legend) / columns)

    def png(self):
        c = self.canvas
        line = max(1, round(c.px(0.8)))
        for i, label in enumerate(self.labels):
            c.text((self.left - c.px(5), self.y(i)), label, LABEL_PT, anchor="rm")
        c.draw.line([(self.left, self.top), (self.left, self.bottom)], fill=BLACK, width=line)
        c.draw.line([(self.left, self.bottom), (self.right, self.bottom)], fill=BLACK, width=line)
        for tick in self.ticks:
            x = self.x(tick)
            c.draw.line([(x, self.bottom), (x, self.bottom + c.px(3.5))], fill=BLACK, width=line)
            c.text((x, self.bottom + c.px(5)), tick_text(tick), LABEL_PT, anchor="ma")
        axis_label_y = self.bottom + c.px(LABEL_PT) * 1.9
        c.text(((self.left + self.right) / 2, axis_label_y), self.xlabel, LABEL_PT, anchor="ma")
        c.text((self.left, c.px(4)), self.title, TITLE_PT, anchor="la")
        if self.legend:
            _legend(c, self._legend_entries(), axis_label_y + c.px(LABEL_PT) * 1.9, self._swatch)
        return c.png()

    def _swatch(self, x, y, style):
        c = self.canvas
        c.rectangle((x, y - c.px(3.5), x + c.px(20), y + c.px(3.5)), style["color"], style.get("hatch", ""))


def _shortened(canvas, label, points, width):
    """``label`` cut with "…" to fit ``width`` pixels; the alternative text keeps it whole."""
    label = str(label)
    if canvas.text_width(label, points) <= width:
        return label
    while len(label) > 1 and canvas.text_width(label + "…", points) > width:
        label = label[:-1]
    return label.rstrip() + "…"


def _legend(canvas, entries, top, swatch, columns=3):
    """Legend entries ``[(label, style, width)]`` in rows of ``columns``, each row centred."""
    gap = canvas.px(14)
    for start in range(0, len(entries), columns):
        row = entries[start : start + columns]
        width = sum(w for _label, _style, w in row) + gap * (len(row) - 1)
        x = (canvas.width - width) / 2
        y = top + canvas.px(SMALL_PT) * 1.8 * (start // columns) + canvas.px(SMALL_PT) / 2
        for label, style, w in row:
            swatch(x, y, style)
            canvas.text((x + canvas.px(26), y), label, SMALL_PT, anchor="lm")
            x += w + gap


def bar_chart(data, kind, title, labels=None):
    """Horizontal bars of ``{code: count}`` in the dict's order, with the count at each bar."""
    rows = [((labels or {}).get(code) or code_label(kind, code), n) for code, n in data.items()]
    top = max((drawn(n) for _label, n in rows), default=0)
    chart = _Bars([label for label, _n in rows], title, _("Antal"), max(top * 1.1, 1), value_room=str(top))
    for i, (_label, n) in enumerate(rows):
        chart.bar(i, 0, drawn(n), {"color": BAR_COLOUR})
        chart.value(i, drawn(n) + top * 0.01, str(n))
    description = "; ".join(f"{label}: {n}" for label, n in rows)
    return Chart(chart.png(), title, f"{title}. {description}.")


def gender_stacked_chart(data, kind, title):
    """Bars stacked by gender per key of ``{code: {K, M, X}}``; women, men and other differ by hatch too."""
    rows = [(code_label(kind, code), counts) for code, counts in data.items()]
    totals = [sum(drawn(counts.get(g, 0)) for g in GENDERS) for _label, counts in rows]
    top = max(totals, default=0)
    chart = _Bars(
        [label for label, _c in rows],
        title,
        _("Antal"),
        max(top * 1.1, 1),
        legend=[(code_label("gender", g), GENDER_STYLE[g]) for g in GENDERS],
        extra_height=0.4,
        value_room=str(top),
    )
    for i, (_label, counts) in enumerate(rows):
        left = 0
        for g in GENDERS:
            chart.bar(i, left, drawn(counts.get(g, 0)), GENDER_STYLE[g], edge="white")
            left += drawn(counts.get(g, 0))
        hidden = any(is_suppressed(counts.get(g)) for g in GENDERS)
        chart.value(i, left + top * 0.01, "" if hidden else str(left))
    description = "; ".join(
        f"{label}: " + ", ".join(f"{code_label('gender', g)} {counts.get(g, 0)}" for g in GENDERS)
        for label, counts in rows
    )
    return Chart(chart.png(), title, f"{title}. {description}.")


def gender_balance_chart(by_referrer_and_gender, title):
    """Women's share of women and men per referrer, with the 40–60 % balance band shaded.

    The shares come from the report page's own chart code (``balance_chart``), so the page and
    the document cannot disagree about which referrers are balanced.
    """
    balance = balance_chart(by_referrer_and_gender, "referrer", title, "balance")
    rows = balance["shown"]
    chart = _Bars(
        [r["label"] for r in rows],
        title,
        _("Andel kvinnor respektive män (%)"),
        100,
        legend=[
            (_("Jämn fördelning (40–60 %)"), BALANCE_BAND),
            (code_label("gender", "K"), GENDER_STYLE["K"]),
            (code_label("gender", "M"), GENDER_STYLE["M"]),
        ],
        extra_height=0.4,
    )
    chart.band(BALANCE_LOW, BALANCE_HIGH, BALANCE_BAND)
    for i, row in enumerate(rows):
        chart.bar(i, 0, row["women_share"], GENDER_STYLE["K"])
        chart.bar(i, row["women_share"], row["men_share"], GENDER_STYLE["M"], edge="white")
        chart.value(i, 2, f"{row['women_share']} %")
    details = "; ".join(
        _("%(label)s: %(share)s %% kvinnor") % {"label": r["label"], "share": r["women_share"]} for r in rows
    )
    return Chart(chart.png(), title, f"{balance['description']} {details}.")


def progression_outcome_chart(rows, title):
    """Shares positive / unchanged / negative as 100 % bars, one bar per ``(label, cell)`` row.

    ``cell`` is a part of the progression section with ``measured`` and the three counts (the
    totals, one gender, one gender and age band); rows nobody was measured in are left out.
    """
    # A row with a hidden small number is left out: its shares would be drawn from marks.
    rows = [
        (label, cell)
        for label, cell in rows
        if cell and cell.get("measured") and not any(is_suppressed(v) for v in cell.values())
    ]
    if not rows:
        return None
    classes = progression_class_labels()
    chart = _Bars(
        [f"{label} (n={cell['measured']})" for label, cell in rows],
        title,
        _("Andel av de mätta (%)"),
        100,
        legend=[(label, CLASS_STYLE[key]) for key, label in classes],
        extra_height=0.5,
    )
    for i, (_label, cell) in enumerate(rows):
        left = 0.0
        for key, _class_label in classes:
            share = 100 * cell.get(key, 0) / cell["measured"]
            chart.bar(i, left, share, CLASS_STYLE[key], edge="white")
            if share >= 8:
                chart.value(i, left + share / 2, f"{share:.0f} %", points=TINY_PT, anchor="mm")
            left += share
    details = "; ".join(
        f"{label}: "
        + ", ".join(f"{class_label} {cell.get(key, 0)}" for key, class_label in classes)
        + " "
        + _("av %(n)s") % {"n": cell["measured"]}
        for label, cell in rows
    )
    return Chart(chart.png(), title, f"{title}. {details}.")


def progression_radar_chart(by_item, title):
    """The group's spider chart: mean at the first against mean at the latest measurement per item.

    Items nobody answered in both measurements have no mean and are left out of the chart.
    """
    items = [item for item in (by_item or {}).values() if item.get("mean_first") is not None]
    if len(items) < 3:
        return None  # a polygon needs three axes; the table carries the figures
    labels = [_wrap(item.get("dimension") or "") for item in items]
    low = min(item.get("scale_min") or 0 for item in items)
    high = max(item.get("scale_max") or 0 for item in items) or max(i["mean_latest"] for i in items)
    if high <= low:
        high = low + 1
    series = (
        (_("Medel vid första mätningen"), FIRST_STYLE, [item["mean_first"] for item in items]),
        (_("Medel vid senaste mätningen"), LATEST_STYLE, [item["mean_latest"] for item in items]),
    )
    c = Canvas(5.2, supersample=2)
    legend_top = c.height - c.px(4) - c.px(SMALL_PT) * 1.8
    top = c.px(4) + c.px(TITLE_PT) * 2.2
    label_width = max(c.text_width(label, TINY_PT) for label in labels)
    label_height = c.px(TINY_PT) * 1.2 * max(label.count("\n") + 1 for label in labels)
    radius = min((legend_top - top) / 2 - label_height - c.px(8), c.width / 2 - label_width - c.px(12))
    cx, cy = c.width / 2, (top + legend_top) / 2
    angles = [2 * math.pi * i / len(items) for i in range(len(items))]  # clockwise from the top

    def point(angle, value):
        r = radius * (value - low) / (high - low)
        return cx + r * math.sin(angle), cy - r * math.cos(angle)

    grid = max(1, round(c.px(0.8)))
    for step in range(int(low), int(high) + 1):
        r = radius * (step - low) / (high - low)
        if r > 0:
            c.draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=GRID, width=grid)
    for angle in angles:
        c.draw.line([(cx, cy), point(angle, high)], fill=GRID, width=grid)
    c.draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=BLACK, width=grid)
    for step in range(int(low), int(high) + 1):
        if step > low:
            c.text(point(math.radians(22.5), step), str(step), TINY_PT, anchor="mm")
    for angle, label in zip(angles, labels, strict=True):
        x, y = cx + (radius + c.px(6)) * math.sin(angle), cy - (radius + c.px(6)) * math.cos(angle)
        horizontal = "l" if math.sin(angle) > 0.1 else "r" if math.sin(angle) < -0.1 else "m"
        vertical = "s" if math.cos(angle) > 0.1 else "a" if math.cos(angle) < -0.1 else "m"
        c.text((x, y), label, TINY_PT, anchor=horizontal + vertical)
    for _label, style, values in series:
        points = [point(angle, value) for angle, value in zip(angles, values, strict=True)]
        c.line([*points, points[0]], style["color"], 2, dashed=style["dashed"])
        for xy in points:
            c.marker(xy, style["marker"], style["color"], 8)
    c.text((c.width / 2, c.px(4)), title, TITLE_PT, anchor="ma")

    def swatch(x, y, style):
        c.line([(x, y), (x + c.px(20), y)], style["color"], 2, dashed=style["dashed"])
        c.marker((x + c.px(10), y), style["marker"], style["color"], 8)

    entries = [(label, style, c.px(26) + c.text_width(label, SMALL_PT)) for label, style, _values in series]
    _legend(c, entries, legend_top, swatch, columns=2)
    details = "; ".join(
        f"{item.get('dimension')}: {_fmt(item['mean_first'])} → {_fmt(item['mean_latest'])}" for item in items
    )
    return Chart(c.png(), title, f"{title}. {details}.")


def _wrap(text, width=18):
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])

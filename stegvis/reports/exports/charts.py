"""Charts of the final-report draft as PNG images, drawn with matplotlib.

One function per chart, each fed by a part of the report dict (never a queryset) and returning
a :class:`Chart`: the PNG bytes, a title and a description that becomes the picture's
alternative text in Word. Nothing depends on colour alone: the palette is Okabe–Ito (safe for
the common colour-vision deficiencies) and series also differ by hatch, line style or marker.

matplotlib is used through its object API with the Agg canvas (no pyplot, no GUI, no global
figure state), so charts can be drawn in a web process and in parallel.
"""

import io
import math
import os
import tempfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from stegvis.reports.counting import GENDERS
from stegvis.reports.exports.tables import progression_class_labels
from stegvis.reports.templatetags.report_charts import BALANCE_HIGH, BALANCE_LOW, balance_chart, code_label

# matplotlib writes a font cache on first use; a web server's home may not be writable.
os.environ.setdefault("MPLCONFIGDIR", os.path.join(tempfile.gettempdir(), "stegvis-matplotlib"))

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

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
BAR_COLOUR = "#0072B2"
FIRST_STYLE = {"color": "#E69F00", "linestyle": "--", "marker": "o"}
LATEST_STYLE = {"color": "#0072B2", "linestyle": "-", "marker": "D"}
DPI = 150
WIDTH_IN = 6.3  # the text width of an A4 page with 2.5 cm margins


@dataclass
class Chart:
    png: bytes
    title: str
    description: str


def _figure(height):
    figure = Figure(figsize=(WIDTH_IN, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure):
    out = io.BytesIO()
    figure.savefig(out, format="png", bbox_inches="tight")
    return out.getvalue()


def _height_for(rows):
    return max(1.6, 0.6 + 0.32 * rows)


def _plain_axes(ax):
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _finish_bars(figure, ax, labels, title, xlabel, xmax, legend=True):
    """Labels, axis, title and legend of a horizontal bar chart, first row at the top."""
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, xmax)
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left", fontsize=11)
    if legend:
        figure.legend(loc="outside lower center", ncol=3, fontsize=8, frameon=False)
    _plain_axes(ax)


def _fmt(value):
    return f"{value:g}".replace(".", ",")


def bar_chart(data, kind, title, labels=None):
    """Horizontal bars of ``{code: count}`` in the dict's order, with the count at each bar."""
    rows = [((labels or {}).get(code) or code_label(kind, code), n) for code, n in data.items()]
    figure = _figure(_height_for(len(rows)))
    ax = figure.add_subplot()
    y = list(range(len(rows)))
    ax.barh(y, [n for _label, n in rows], color=BAR_COLOUR)
    top = max((n for _label, n in rows), default=0)
    for i, (_label, n) in enumerate(rows):
        ax.text(n + top * 0.01, i, str(n), va="center", fontsize=8)
    _finish_bars(
        figure, ax, [label for label, _n in rows], title, _("Antal"), max(top * 1.1, 1), legend=False
    )
    description = "; ".join(f"{label}: {n}" for label, n in rows)
    return Chart(_png(figure), title, f"{title}. {description}.")


def gender_stacked_chart(data, kind, title):
    """Bars stacked by gender per key of ``{code: {K, M, X}}``; women, men and other differ by hatch too."""
    rows = [(code_label(kind, code), counts) for code, counts in data.items()]
    figure = _figure(_height_for(len(rows)) + 0.4)
    ax = figure.add_subplot()
    y = list(range(len(rows)))
    left = [0] * len(rows)
    for g in GENDERS:
        values = [counts.get(g, 0) for _label, counts in rows]
        ax.barh(y, values, left=left, label=code_label("gender", g), edgecolor="white", **GENDER_STYLE[g])
        left = [a + b for a, b in zip(left, values, strict=False)]
    for i, total in enumerate(left):
        ax.text(total + max(left, default=0) * 0.01, i, str(total), va="center", fontsize=8)
    _finish_bars(
        figure, ax, [label for label, _c in rows], title, _("Antal"), max(max(left, default=0) * 1.1, 1)
    )
    description = "; ".join(
        f"{label}: " + ", ".join(f"{code_label('gender', g)} {counts.get(g, 0)}" for g in GENDERS)
        for label, counts in rows
    )
    return Chart(_png(figure), title, f"{title}. {description}.")


def gender_balance_chart(by_referrer_and_gender, title):
    """Women's share of women and men per referrer, with the 40–60 % balance band shaded.

    The shares come from the report page's own chart code (``balance_chart``), so the page and
    the document cannot disagree about which referrers are balanced.
    """
    chart = balance_chart(by_referrer_and_gender, "referrer", title, "balance")
    rows = chart["shown"]
    figure = _figure(_height_for(len(rows)) + 0.4)
    ax = figure.add_subplot()
    y = list(range(len(rows)))
    ax.axvspan(BALANCE_LOW, BALANCE_HIGH, color="#EEEEEE", zorder=0, label=_("Jämn fördelning (40–60 %)"))
    ax.barh(y, [r["women_share"] for r in rows], label=code_label("gender", "K"), **GENDER_STYLE["K"])
    ax.barh(
        y,
        [r["men_share"] for r in rows],
        left=[r["women_share"] for r in rows],
        label=code_label("gender", "M"),
        edgecolor="white",
        **GENDER_STYLE["M"],
    )
    for i, row in enumerate(rows):
        ax.text(2, i, f"{row['women_share']} %", va="center", fontsize=8, color="black")
    _finish_bars(figure, ax, [r["label"] for r in rows], title, _("Andel kvinnor respektive män (%)"), 100)
    details = "; ".join(
        _("%(label)s: %(share)s %% kvinnor") % {"label": r["label"], "share": r["women_share"]} for r in rows
    )
    return Chart(_png(figure), title, f"{chart['description']} {details}.")


def progression_radar_chart(by_item, title):
    """The group's spider chart: mean at the first against mean at the latest measurement per item.

    Items nobody answered in both measurements have no mean and are left out of the chart.
    """
    items = [item for item in (by_item or {}).values() if item.get("mean_first") is not None]
    if len(items) < 3:
        return None  # a polygon needs three axes; the table carries the figures
    labels = [item.get("dimension") or "" for item in items]
    angles = [2 * math.pi * i / len(items) for i in range(len(items))]
    low = min(item.get("scale_min") or 0 for item in items)
    high = max(item.get("scale_max") or 0 for item in items) or max(i["mean_latest"] for i in items)
    figure = _figure(5.2)
    ax = figure.add_subplot(projection="polar")
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    for key, label, style in (
        ("mean_first", _("Medel vid första mätningen"), FIRST_STYLE),
        ("mean_latest", _("Medel vid senaste mätningen"), LATEST_STYLE),
    ):
        values = [item[key] for item in items]
        ax.plot(angles + angles[:1], values + values[:1], label=label, linewidth=2, **style)
    ax.set_xticks(angles, [_wrap(label) for label in labels], fontsize=7)
    ax.set_ylim(low, high)
    ax.set_yticks(range(int(low), int(high) + 1))
    ax.tick_params(axis="y", labelsize=7)
    ax.set_title(title, fontsize=11, pad=24)
    figure.legend(loc="outside lower center", ncol=2, fontsize=8, frameon=False)
    details = "; ".join(
        f"{item.get('dimension')}: {_fmt(item['mean_first'])} → {_fmt(item['mean_latest'])}" for item in items
    )
    return Chart(_png(figure), title, f"{title}. {details}.")


def _wrap(text, width=18):
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def progression_outcome_chart(rows, title):
    """Shares positive / unchanged / negative as 100 % bars, one bar per ``(label, cell)`` row.

    ``cell`` is a part of the progression section with ``measured`` and the three counts (the
    totals, one gender, one gender and age band); rows nobody was measured in are left out.
    """
    rows = [(label, cell) for label, cell in rows if cell and cell.get("measured")]
    if not rows:
        return None
    figure = _figure(_height_for(len(rows)) + 0.5)
    ax = figure.add_subplot()
    y = list(range(len(rows)))
    left = [0.0] * len(rows)
    for key, label in progression_class_labels():
        shares = [100 * cell.get(key, 0) / cell["measured"] for _label, cell in rows]
        ax.barh(y, shares, left=left, label=label, edgecolor="white", **CLASS_STYLE[key])
        for i, (share, start) in enumerate(zip(shares, left, strict=False)):
            if share >= 8:
                ax.text(start + share / 2, i, f"{share:.0f} %", va="center", ha="center", fontsize=7)
        left = [a + b for a, b in zip(left, shares, strict=False)]
    labels = [f"{label} (n={cell['measured']})" for label, cell in rows]
    _finish_bars(figure, ax, labels, title, _("Andel av de mätta (%)"), 100)
    details = "; ".join(
        f"{label}: "
        + ", ".join(f"{class_label} {cell.get(key, 0)}" for key, class_label in progression_class_labels())
        + " "
        + _("av %(n)s") % {"n": cell["measured"]}
        for label, cell in rows
    )
    return Chart(_png(figure), title, f"{title}. {details}.")

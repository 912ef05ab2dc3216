"""Server-rendered SVG charts for the report pages.

Each tag takes a part of the report dict (never a queryset: figures are computed once, in
:mod:`stegvis.reports.project_report`), works out the geometry, and renders an inclusion
template: an ``<svg role="img">`` named by its ``<title>``/``<desc>``, and a ``<details>`` with
the same numbers as a table for screen readers, keyboard users and print.
"""

import math

from django import template
from django.utils.translation import gettext as _

from stegvis.participants.models import ExitReason, Gender, IntakeChannel, NextActor, Referrer
from stegvis.reports import followup_figures as figures
from stegvis.reports.followup_figures import is_balanced
from stegvis.reports.labels import age_band_label, label_for
from stegvis.reports.suppression import drawn, is_suppressed, total_of

register = template.Library()

WIDTH = 640
LABEL_W = 235
VALUE_W = 70
BAR_AREA = WIDTH - LABEL_W - VALUE_W
ROW_H = 26
BAR_H = 18
TOP = 6
GENDERS = ("K", "M", "X")
# The balance band in per cent, from the report's own rule.
BALANCE_LOW, BALANCE_HIGH = (int(100 * limit) for limit in (figures.BALANCE_LOW, figures.BALANCE_HIGH))


def _label(kind, code, labels=None):
    if labels and code in labels:
        return labels[code]
    if kind == "referrer":
        return label_for(Referrer, code)
    if kind == "exit_reason":
        return label_for(ExitReason, code)
    if kind == "next_actor":
        return label_for(NextActor, code)
    if kind == "intake_channel":
        return label_for(IntakeChannel, code)
    if kind == "gender":
        return label_for(Gender, code)
    if kind == "age_band":
        return age_band_label(code)
    if kind == "need_group" and code == "okand":
        return _("Ej angiven")
    return str(code)


def _percent(n, total):
    """A rounded percentage; ``None`` (shown as "–") when ``n`` or ``total`` is a hidden small number."""
    if is_suppressed(n) or total is None or is_suppressed(total):
        return None
    return round(100 * n / total) if total else 0


def _height(rows):
    return TOP * 2 + ROW_H * max(len(rows), 1)


@register.inclusion_tag("reports/charts/bar_chart.html")
def bar_chart(data, kind, title, chart_id, description="", labels=None):
    """A horizontal bar per key of ``data`` (``{code: count}``), in the dict's order.

    ``kind`` says which Swedish labels the codes have; ``labels`` (``{code: label}``) overrides them.
    """
    data = data or {}
    # A hidden small number ("<5") gets no bar and no share, only its mark, and no total is added
    # up past it (the total would give it back).
    total = total_of(data.values())
    top = max((drawn(v) for v in data.values()), default=0)
    rows = []
    for i, (code, value) in enumerate(data.items()):
        y = TOP + i * ROW_H
        rows.append(
            {
                "label": _label(kind, code, labels),
                "value": value,
                "percent": _percent(value, total),
                "width": round(BAR_AREA * drawn(value) / top, 1) if top else 0,
                "y": y,
                "bar_y": y + (ROW_H - BAR_H) / 2,
                "text_y": y + ROW_H / 2 + 4,
            }
        )
        rows[-1]["value_x"] = round(LABEL_W + rows[-1]["width"] + 6, 1)
    return {
        "rows": rows,
        "total": total,
        "title": title,
        "chart_id": chart_id,
        "description": description
        or (
            _("Antal per kategori, totalt %(n)s.") % {"n": total}
            if total is not None
            else _("Antal per kategori.")
        ),
        "width": WIDTH,
        "height": _height(rows),
        "label_w": LABEL_W,
        "bar_h": BAR_H,
    }


def _gender_rows(data, kind):
    rows = []
    for code, counts in (data or {}).items():
        counts = {g: counts.get(g, 0) for g in GENDERS}
        rows.append(
            {"code": code, "label": _label(kind, code), "counts": counts, "total": total_of(counts.values())}
        )
    return rows


@register.inclusion_tag("reports/charts/gender_chart.html")
def gender_chart(data, kind, title, chart_id, description=""):
    """Bars stacked by gender (women, men, other) for each key of ``data`` (``{code: {K, M, X}}``)."""
    rows = _gender_rows(data, kind)
    top = max((sum(drawn(n) for n in r["counts"].values()) for r in rows), default=0)
    for i, row in enumerate(rows):
        y = TOP + i * ROW_H
        row.update({"bar_y": y + (ROW_H - BAR_H) / 2, "text_y": y + ROW_H / 2 + 4})
        x = LABEL_W
        segments = []
        for g in GENDERS:
            w = round(BAR_AREA * drawn(row["counts"][g]) / top, 1) if top else 0
            segments.append(
                {"gender": g, "label": label_for(Gender, g), "x": x, "width": w, "count": row["counts"][g]}
            )
            x += w
        row["segments"] = segments
        row["end_x"] = x + 6
    return {
        "rows": rows,
        "title": title,
        "chart_id": chart_id,
        "description": description or _("Antal per kategori, uppdelat på kvinnor, män och annat/ej angivet."),
        "width": WIDTH,
        "height": _height(rows),
        "label_w": LABEL_W,
        "bar_h": BAR_H,
        "legend": [(g, label_for(Gender, g)) for g in GENDERS],
    }


@register.inclusion_tag("reports/charts/balance_chart.html")
def balance_chart(data, kind, title, chart_id):
    """Women's and men's shares per key, with the 40–60 % balance band marked.

    The share is of women and men only (other/not stated is shown in the table but is not in
    the denominator), the way the projects follow gender balance. Keys with no women or men
    are left out of the chart but kept in the table.
    """
    rows = _gender_rows(data, kind)
    shown = []
    for row in rows:
        # With women or men hidden ("<5") there is no share to show: the row stays in the table only.
        km = total_of((row["counts"]["K"], row["counts"]["M"])) or 0
        row["women_share"] = _percent(row["counts"]["K"], km)
        row["men_share"] = (100 - row["women_share"]) if km else 0
        row["has_data"] = bool(km)
        # The report's rule on the exact counts, not on the rounded percentage shown.
        row["balanced"] = bool(km) and bool(is_balanced(row["counts"]["K"], row["counts"]["M"]))
        if km:
            i = len(shown)
            y = TOP + i * ROW_H
            women_w = round(BAR_AREA * row["counts"]["K"] / km, 1)
            row.update(
                {
                    "bar_y": y + (ROW_H - BAR_H) / 2,
                    "text_y": y + ROW_H / 2 + 4,
                    "women_w": women_w,
                    "men_x": LABEL_W + women_w,
                    "men_w": round(BAR_AREA - women_w, 1),
                }
            )
            shown.append(row)
    height = _height(shown)
    return {
        "rows": rows,
        "shown": shown,
        "title": title,
        "chart_id": chart_id,
        "description": _(
            "Andel kvinnor och män per kategori. Det markerade fältet är 40–60 %% kvinnor, som räknas som jämn "
            "fördelning. %(n)s av %(total)s kategorier med deltagare ligger inom fältet."
        )
        % {"n": sum(1 for r in shown if r["balanced"]), "total": len(shown)},
        "width": WIDTH,
        "height": height + 16,
        "label_w": LABEL_W,
        "bar_h": BAR_H,
        "bar_area": BAR_AREA,
        "band_x": LABEL_W + BAR_AREA * BALANCE_LOW / 100,
        "band_w": BAR_AREA * (BALANCE_HIGH - BALANCE_LOW) / 100,
        "band_end_x": LABEL_W + BAR_AREA * BALANCE_HIGH / 100,
        "value_x": LABEL_W + BAR_AREA + 6,
        "axis_y": height + 12,
        "chart_h": height,
        "legend": [("K", label_for(Gender, "K")), ("M", label_for(Gender, "M"))],
    }


TREND_LEFT = 52
TREND_RIGHT = 12
TREND_PANEL_H = 110
TREND_GAP = 40
TREND_TOP = 22
TREND_MAX_LABELS = 9


def _axis_max(values):
    """A round top for an axis: 1, 2, 5 or 10 times a power of ten, at least 1."""
    top = max(values, default=0)
    if top <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(top))
    return next(step * magnitude for step in (1, 2, 5, 10) if step * magnitude >= top)


@register.inclusion_tag("reports/charts/month_trend_chart.html")
def month_trend_chart(monthly, title, chart_id, date_from=None, date_to=None):
    """The report's ``monthly`` trend: active at each month's end as a line, new and exited as bars.

    Two panels on one month axis (the line above, the bars below), each with its own scale, so
    a monthly intake of a few is not flattened by an active count of hundreds. Months inside the
    window ``date_from``..``date_to`` (ISO dates) are shaded and marked in the table.
    """
    months = list(monthly or [])
    n = len(months)
    plot_w = WIDTH - TREND_LEFT - TREND_RIGHT
    band = plot_w / n if n else plot_w
    line_top = TREND_TOP
    line_bottom = line_top + TREND_PANEL_H
    bars_top = line_bottom + TREND_GAP
    bars_bottom = bars_top + TREND_PANEL_H
    # A hidden small number ("<5") is drawn as nothing: no bar, no point, a gap in the line.
    active_max = _axis_max(drawn(m["active_at_end"]) for m in months)
    bars_max = _axis_max([drawn(m["new"]) for m in months] + [drawn(m["exited"]) for m in months])
    bar_w = round(min(band * 0.38, 14), 1)
    first_in, last_in = (date_from or "")[:7], (date_to or "")[:7]
    step = math.ceil(n / TREND_MAX_LABELS) if n else 1
    rows, lines, points = [], [], []
    for i, month in enumerate(months):
        cx = TREND_LEFT + band * (i + 0.5)
        y = line_bottom - TREND_PANEL_H * drawn(month["active_at_end"]) / active_max
        new_h = TREND_PANEL_H * drawn(month["new"]) / bars_max
        exited_h = TREND_PANEL_H * drawn(month["exited"]) / bars_max
        in_period = (
            bool(first_in or last_in)
            and (not first_in or month["month"] >= first_in)
            and (not last_in or month["month"] <= last_in)
        )
        rows.append(
            {
                **month,
                "in_period": in_period,
                "band_x": round(TREND_LEFT + band * i, 1),
                "band_w": round(band, 1),
                "cx": round(cx, 1),
                "y": round(y, 1),
                "new_x": round(cx - bar_w - 0.5, 1),
                "new_y": round(bars_bottom - new_h, 1),
                "new_h": round(new_h, 1),
                "exited_x": round(cx + 0.5, 1),
                "exited_y": round(bars_bottom - exited_h, 1),
                "exited_h": round(exited_h, 1),
                "show_label": i % step == 0,
                "active_hidden": is_suppressed(month["active_at_end"]),
            }
        )
        if is_suppressed(month["active_at_end"]):
            if points:
                lines.append(" ".join(points))
            points = []
        else:
            points.append(f"{round(cx, 1)},{round(y, 1)}")
    if points:
        lines.append(" ".join(points))
    latest = months[-1] if months else None
    description = _("Ingen månad att visa.")
    if latest:
        description = _(
            "Aktiva inskrivningar vid varje månads slut (linje) och nya och avslutade inskrivningar per månad "
            "(staplar), %(first)s till %(last)s. Senaste månaden: %(new)s nya, %(exited)s avslutade, "
            "%(active)s aktiva."
        ) % {
            "first": months[0]["month"],
            "last": latest["month"],
            "new": latest["new"],
            "exited": latest["exited"],
            "active": latest["active_at_end"],
        }
    return {
        "rows": rows,
        "lines": lines,
        "title": title,
        "chart_id": chart_id,
        "description": description,
        "has_period": bool(first_in or last_in),
        "width": WIDTH,
        "height": bars_bottom + 22,
        "left": TREND_LEFT,
        "right_x": WIDTH - TREND_RIGHT,
        "line_top": line_top,
        "line_bottom": line_bottom,
        "bars_top": bars_top,
        "bars_bottom": bars_bottom,
        "active_max": active_max,
        "bars_max": bars_max,
        "bar_w": bar_w,
        "line_label_y": line_top - 8,
        "bars_label_y": bars_top - 8,
        "month_label_y": bars_bottom + 16,
        "shade_top": line_top,
        "shade_h": bars_bottom - line_top,
    }


@register.simple_tag
def report_cell(value, index, table, row=None):
    """A cell of a report table: per cent in the table's share columns (or rows), ``–`` for no value."""
    if value is None:
        return "–"
    if table.is_percent(row, index):
        return as_percent(value)
    return value


@register.filter
def as_percent(share):
    """A 0–1 share as a Swedish percentage with one decimal, e.g. ``14,9 %``."""
    try:
        return f"{100 * float(share):.1f} %".replace(".", ",")
    except (TypeError, ValueError):
        return "–"


@register.filter
def plural_count(value):
    """The number a ``blocktranslate count`` chooses its form by: a hidden small number ("<5") is
    read as plural (the text shows the mark itself, passed with ``with``)."""
    return 2 if is_suppressed(value) else value


@register.simple_tag
def code_label(kind, code):
    return _label(kind, code)


COMPARE_LABEL_W = 170
COMPARE_BAR_AREA = WIDTH - COMPARE_LABEL_W - 110  # room for "45,0 % (123)" after the longest bar
COMPARE_LABEL_H = 18
COMPARE_BAR_H = 14
# One colour per project, then again from the first; the project's name also stands beside its bar.
COMPARE_COLOURS = ("#1d4f91", "#b5541b", "#6a3d9a", "#1e7a46", "#8a6d00", "#6b7280")


def _compare_text(share, count):
    """The text beside a bar: ``"45,0 % (12)"``, the hidden mark alone, or ``"–"`` for no share."""
    if is_suppressed(count):
        return str(count)
    if share is None:
        return "–"
    return as_percent(share) if count is None else f"{as_percent(share)} ({count})"


@register.inclusion_tag("reports/whatworks/_share_chart.html")
def compare_chart(chart):
    """Projects side by side (a :class:`stegvis.reports.compare.tables.Chart`): per category its
    label, then a bar per project, named by the project, as long as its share (scaled to the
    largest share), drawn by the share chart of what works (an SVG and a table of the same numbers).

    A hidden small number gets no bar, only its mark.
    """
    top = max((s for shares in chart.shares for s in shares if s is not None), default=0)
    colours = [COMPARE_COLOURS[i % len(COMPARE_COLOURS)] for i in range(len(chart.series))]
    rows, y = [], TOP
    for label, shares, counts in zip(chart.categories, chart.shares, chart.counts, strict=True):
        bars = []
        for j, (name, colour, share, count) in enumerate(
            zip(chart.series, colours, shares, counts, strict=True)
        ):
            width = round(COMPARE_BAR_AREA * share / top, 1) if top and share else 0
            bar_y = y + COMPARE_LABEL_H + j * (COMPARE_BAR_H + 2)
            bars.append(
                {
                    "name": name,
                    "label": name,
                    "colour": colour,
                    "x": COMPARE_LABEL_W,
                    "y": bar_y,
                    "text_y": bar_y + COMPARE_BAR_H - 3,
                    "width": width,
                    "value_x": round(COMPARE_LABEL_W + width + 6, 1),
                    "text": _compare_text(share, count),
                }
            )
        rows.append({"label": label, "text_y": y + COMPARE_LABEL_H - 5, "bars": bars})
        y += COMPARE_LABEL_H + len(bars) * (COMPARE_BAR_H + 2) + 10
    return {
        "rows": rows,
        "title": chart.title,
        "chart_id": chart.key,
        "description": chart.description,
        "legend": list(zip(chart.series, colours, strict=True)),
        "width": WIDTH,
        "height": y + TOP,
        "bar_h": COMPARE_BAR_H,
        "first_column": _("Kategori"),
    }

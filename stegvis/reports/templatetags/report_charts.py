"""Server-rendered SVG charts for the report pages.

Each tag takes a part of the report dict (never a queryset: figures are computed once, in
:mod:`stegvis.reports.project_report`), works out the geometry, and renders an inclusion
template: an ``<svg role="img">`` named by its ``<title>``/``<desc>``, and a ``<details>`` with
the same numbers as a table for screen readers, keyboard users and print.
"""

from django import template
from django.utils.translation import gettext as _

from stegvis.participants.models import ExitReason, Gender, IntakeChannel, Referrer
from stegvis.reports.labels import age_band_label, label_for

register = template.Library()

WIDTH = 640
LABEL_W = 235
VALUE_W = 70
BAR_AREA = WIDTH - LABEL_W - VALUE_W
ROW_H = 26
BAR_H = 18
TOP = 6
GENDERS = ("K", "M", "X")
BALANCE_LOW, BALANCE_HIGH = 40, 60


def _label(kind, code, labels=None):
    if labels and code in labels:
        return labels[code]
    if kind == "referrer":
        return label_for(Referrer, code)
    if kind == "exit_reason":
        return label_for(ExitReason, code)
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
    return round(100 * n / total) if total else 0


def _height(rows):
    return TOP * 2 + ROW_H * max(len(rows), 1)


@register.inclusion_tag("reports/charts/bar_chart.html")
def bar_chart(data, kind, title, chart_id, description="", labels=None):
    """A horizontal bar per key of ``data`` (``{code: count}``), in the dict's order.

    ``kind`` says which Swedish labels the codes have; ``labels`` (``{code: label}``) overrides them.
    """
    data = data or {}
    total = sum(data.values())
    top = max(data.values(), default=0)
    rows = []
    for i, (code, value) in enumerate(data.items()):
        y = TOP + i * ROW_H
        rows.append({
            "label": _label(kind, code, labels),
            "value": value,
            "percent": _percent(value, total),
            "width": round(BAR_AREA * value / top, 1) if top else 0,
            "y": y,
            "bar_y": y + (ROW_H - BAR_H) / 2,
            "text_y": y + ROW_H / 2 + 4,
        })
        rows[-1]["value_x"] = round(LABEL_W + rows[-1]["width"] + 6, 1)
    return {
        "rows": rows, "total": total, "title": title, "chart_id": chart_id,
        "description": description or _("Antal per kategori, totalt %(n)s.") % {"n": total},
        "width": WIDTH, "height": _height(rows), "label_w": LABEL_W, "bar_h": BAR_H,
    }


def _gender_rows(data, kind):
    rows = []
    for code, counts in (data or {}).items():
        counts = {g: counts.get(g, 0) for g in GENDERS}
        rows.append({"code": code, "label": _label(kind, code), "counts": counts, "total": sum(counts.values())})
    return rows


@register.inclusion_tag("reports/charts/gender_chart.html")
def gender_chart(data, kind, title, chart_id, description=""):
    """Bars stacked by gender (women, men, other) for each key of ``data`` (``{code: {K, M, X}}``)."""
    rows = _gender_rows(data, kind)
    top = max((r["total"] for r in rows), default=0)
    for i, row in enumerate(rows):
        y = TOP + i * ROW_H
        row.update({"bar_y": y + (ROW_H - BAR_H) / 2, "text_y": y + ROW_H / 2 + 4})
        x = LABEL_W
        segments = []
        for g in GENDERS:
            w = round(BAR_AREA * row["counts"][g] / top, 1) if top else 0
            segments.append({"gender": g, "label": label_for(Gender, g), "x": x, "width": w, "count": row["counts"][g]})
            x += w
        row["segments"] = segments
        row["end_x"] = x + 6
    return {
        "rows": rows, "title": title, "chart_id": chart_id,
        "description": description or _("Antal per kategori, uppdelat på kvinnor, män och annat/ej angivet."),
        "width": WIDTH, "height": _height(rows), "label_w": LABEL_W, "bar_h": BAR_H,
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
        km = row["counts"]["K"] + row["counts"]["M"]
        row["women_share"] = _percent(row["counts"]["K"], km)
        row["men_share"] = (100 - row["women_share"]) if km else 0
        row["has_data"] = bool(km)
        row["balanced"] = bool(km) and BALANCE_LOW <= row["women_share"] <= BALANCE_HIGH
        if km:
            i = len(shown)
            y = TOP + i * ROW_H
            women_w = round(BAR_AREA * row["counts"]["K"] / km, 1)
            row.update({
                "bar_y": y + (ROW_H - BAR_H) / 2, "text_y": y + ROW_H / 2 + 4,
                "women_w": women_w, "men_x": LABEL_W + women_w, "men_w": round(BAR_AREA - women_w, 1),
            })
            shown.append(row)
    height = _height(shown)
    return {
        "rows": rows, "shown": shown, "title": title, "chart_id": chart_id,
        "description": _(
            "Andel kvinnor och män per kategori. Det markerade fältet är 40–60 %% kvinnor, som räknas som jämn "
            "fördelning. %(n)s av %(total)s kategorier med deltagare ligger inom fältet."
        ) % {"n": sum(1 for r in shown if r["balanced"]), "total": len(shown)},
        "width": WIDTH, "height": height + 16, "label_w": LABEL_W, "bar_h": BAR_H, "bar_area": BAR_AREA,
        "band_x": LABEL_W + BAR_AREA * BALANCE_LOW / 100,
        "band_w": BAR_AREA * (BALANCE_HIGH - BALANCE_LOW) / 100,
        "band_end_x": LABEL_W + BAR_AREA * BALANCE_HIGH / 100,
        "value_x": LABEL_W + BAR_AREA + 6,
        "axis_y": height + 12, "chart_h": height,
        "legend": [("K", label_for(Gender, "K")), ("M", label_for(Gender, "M"))],
    }


@register.filter
def as_percent(share):
    """A 0–1 share as a Swedish percentage with one decimal, e.g. ``14,9 %``."""
    try:
        return f"{100 * float(share):.1f} %".replace(".", ",")
    except (TypeError, ValueError):
        return "–"


@register.simple_tag
def code_label(kind, code):
    return _label(kind, code)

"""The report as a readable Swedish text table, for the terminal.

Only renders the dict of :func:`stegvis.reports.project_report.build_report`; never counts.
"""

from django.utils.translation import gettext as _

from stegvis.participants.models import ExitReason, Gender, IntakeChannel, Referrer
from stegvis.reports.labels import age_band_label, label_for
from stegvis.reports.tables import tables_of
from stegvis.reports.templatetags.report_charts import as_percent

# The parts of the report that the terminal shows as their export tables, after the summary.
TABLE_PARTS = ("followup_balance", "followup_long", "followup_coordinators", "after_exit", "goals", "esf")


def _percent(n, total):
    return f"{100 * n / total:.0f} %" if total else "–"


def _table(title, rows, total):
    width = max([len(label) for label, _n in rows] + [20])
    lines = [title, "-" * len(title)]
    for label, n in rows:
        lines.append(f"  {label:<{width}}  {n:>6}  {_percent(n, total):>6}")
    return lines


def _cell(table, index, value):
    if value is None:
        return "–"
    if index in table.percent_columns:
        return as_percent(value)
    return str(value)


def _text_table(table):
    """A :class:`~stegvis.reports.tables.Table` as aligned columns (text left, numbers right)."""
    rows = [[_cell(table, i, v) for i, v in enumerate(row)] for row in table.rows]
    widths = [max([len(str(c))] + [len(r[i]) for r in rows]) for i, c in enumerate(table.columns)]
    numeric = [
        all(isinstance(row[i], (int, float)) or row[i] is None for row in table.rows)
        for i in range(len(widths))
    ]

    def line(cells):
        return (
            "  "
            + "  ".join(
                f"{cell:>{w}}" if num else f"{cell:<{w}}"
                for cell, w, num in zip(cells, widths, numeric, strict=False)
            ).rstrip()
        )

    lines = [table.title, "-" * len(table.title), line([str(c) for c in table.columns])]
    lines += [line(r) for r in rows]
    if table.note:
        lines.append(f"  ({table.note})")
    return lines


def render_text(report):
    lines = []
    head = _("Projektrapport: %(name)s (%(code)s)") % {
        "name": report["project_name"],
        "code": report["project"],
    }
    lines += [head, "=" * len(head)]
    lines.append(_("Per datum: %(on)s") % {"on": report["on"]})
    if report.get("from") or report.get("to"):
        lines.append(
            _("Period: %(from)s – %(to)s")
            % {"from": report.get("from") or "…", "to": report.get("to") or "…"}
        )
    if report.get("filters"):
        described = ", ".join(f"{key}={value}" for key, value in report["filters"].items())
        lines.append(_("Filter: %(filters)s") % {"filters": described})
    lines.append("")
    exits = report["exits"]
    n = report["enrollments"]
    key = [
        (_("Inskrivningar"), n),
        (_("Unika deltagare"), report["unique_persons"]),
        (_("Aktiva"), report["active"]),
        (_("Avslutade"), exits["total"]),
        (_("Avslut till arbete eller studier"), report["work_or_studies"]["count"]),
    ]
    if "new_in_period" in report:
        key += [
            (_("Nya under perioden"), report["new_in_period"]),
            (_("Avslutade under perioden"), report["exited_in_period"]),
        ]
    width = max(len(label) for label, _n in key)
    for label, value in key:
        lines.append(f"  {label:<{width}}  {value:>6}")
    share = report["work_or_studies"]["share"]
    lines.append(f"  {_('Andel arbete eller studier av avslut'):<{width}}  {100 * share:>5.1f} %")
    days = report["enrollment_days"]
    lines.append(f"  {_('Dagar i projektet, medel'):<{width}}  {days['mean']:>6}")
    lines.append(f"  {_('Dagar i projektet, median'):<{width}}  {days['median']:>6}")
    lines.append("")
    lines += _table(
        _("Kön (inskrivningar)"), [(label_for(Gender, g), c) for g, c in report["by_gender"].items()], n
    )
    lines.append("")
    lines += _table(
        _("Ålder vid start"), [(age_band_label(b), c) for b, c in report["by_age_band"].items()], n
    )
    lines.append("")
    lines += _table(_("Anvisare"), [(label_for(Referrer, r), c) for r, c in report["by_referrer"].items()], n)
    lines.append("")
    lines += _table(
        _("Intagsväg"), [(label_for(IntakeChannel, r), c) for r, c in report["by_intake_channel"].items()], n
    )
    lines.append("")
    lines += _table(_("Inskrivande organisation"), list(report["by_organization"].items()), n)
    lines.append("")
    lines += _table(
        _("Behovsgrupp"),
        [(name if name != "okand" else _("Ej angiven"), c) for name, c in report["by_need_group"].items()],
        n,
    )
    lines.append("")
    title = _("Avslutsorsaker")
    lines += [title, "-" * len(title)]
    width = max(len(str(label_for(ExitReason, r))) for r in exits["by_reason"]) + 2
    lines.append(f"  {'':<{width}}  {_('Totalt'):>6}  {'K':>4}  {'M':>4}  {'X':>4}")
    for reason, total in exits["by_reason"].items():
        g = exits["by_reason_and_gender"][reason]
        lines.append(
            f"  {label_for(ExitReason, reason):<{width}}  {total:>6}  {g['K']:>4}  {g['M']:>4}  {g['X']:>4}"
        )
    progression = report.get("progression")
    if progression:
        lines.append("")
        title = _("Stegförflyttning")
        lines += [title, "-" * len(title)]
        labels = {
            "measured": _("Mätta (två eller fler mätningar)"),
            "positive": _("Positiv förändring"),
            "negative": _("Negativ förändring"),
            "unchanged": _("Oförändrade"),
        }
        width = max(len(label) for label in labels.values())
        for key_name, label in labels.items():
            if key_name in progression:
                lines.append(f"  {label:<{width}}  {progression[key_name]:>6}")
    for table in tables_of(report, *TABLE_PARTS):
        lines.append("")
        lines += _text_table(table)
    return "\n".join(lines) + "\n"

"""Time reports as spreadsheets: a participant's month, a project's month, and staff time.

Only lays out what :mod:`stegvis.timereports.grid` and :mod:`stegvis.timereports.figures` read:
one row per participant and activity with a column per day and the sum, hours as numbers (so a
sum in the spreadsheet works). Every row goes through :func:`stegvis.core.spreadsheet.append_row`,
so no name or activity becomes a formula.
"""

import datetime
import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from stegvis.core.spreadsheet import append_row
from stegvis.timereports.grid import ParticipantMonth, month_days, month_label

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
WEEKEND = PatternFill("solid", fgColor="EEEEEE")


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bold_row(sheet: Any) -> None:
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD


def _number(value: Any) -> Any:
    return float(value) if value else None


def _grid_sheet(sheet: Any, months: Iterable[ParticipantMonth], month: datetime.date) -> None:
    """One row per participant and activity: a column per day, the sum and the month's status."""
    days = month_days(month)
    append_row(
        sheet,
        [_("Deltagare"), _("Organisation"), _("Aktivitet"), *[d.day for d in days], _("Summa"), _("Status")],
    )
    _bold_row(sheet)
    sheet.freeze_panes = "D2"
    first_day_column = 4
    for i, day in enumerate(days):
        if day.weekday() >= 5:
            sheet.cell(row=1, column=first_day_column + i).fill = WEEKEND
    for pm in months:
        name = pm.enrollment.person.display_name
        for row in pm.rows():
            if not row["total"]:
                continue
            append_row(
                sheet,
                [
                    name,
                    pm.enrollment.organization.name,
                    row["activity"].label,
                    *[_number(c["hours"]) for c in row["cells"]],
                    _number(row["total"]),
                    pm.status_label,
                ],
            )
        append_row(
            sheet,
            [
                name,
                pm.enrollment.organization.name,
                _("Summa"),
                *[_number(t) for t in pm.day_totals()],
                _number(pm.total),
                pm.status_label,
            ],
        )
        _bold_row(sheet)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 30
    for i in range(len(days)):
        sheet.column_dimensions[get_column_letter(first_day_column + i)].width = 5


def _about(sheet: Any, title: str, facts: list[tuple[str, Any]]) -> None:
    append_row(sheet, [title])
    sheet["A1"].font = TITLE
    append_row(sheet, [])
    for label, value in facts:
        append_row(sheet, [label, value])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 50


def participant_month_xlsx(pm: ParticipantMonth, month: datetime.date) -> bytes:
    """One participant's month: who, which month, its status and sign-off, then the grid."""
    book = Workbook()
    about = book.active
    about.title = _("Tidrapport")
    report = pm.report
    _about(
        about,
        _("Tidrapport %(month)s") % {"month": month_label(month)},
        [
            (_("Deltagare"), pm.enrollment.person.display_name),
            (_("Projekt"), pm.enrollment.project.name),
            (_("Organisation"), pm.enrollment.organization.name),
            (_("Månad"), month.strftime("%Y-%m")),
            (_("Timmar"), _number(pm.total) or 0),
            (_("Status"), pm.status_label),
            (_("Attesterad av"), _person(report.signed_by) if report else ""),
            (_("Attesterad"), report.signed_at.strftime("%Y-%m-%d") if report and report.signed_at else ""),
            (
                _("Rapporterad"),
                report.reported_at.strftime("%Y-%m-%d") if report and report.reported_at else "",
            ),
        ],
    )
    _grid_sheet(book.create_sheet(_("Timmar per dag")), [pm], month)
    return _bytes(book)


def _person(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def project_month_xlsx(project: Any, month: datetime.date, months: list[ParticipantMonth]) -> bytes:
    """A project's month: a summary row per participant, then every participant's days."""
    book = Workbook()
    summary = book.active
    summary.title = _("Sammanställning")
    append_row(
        summary,
        [_("Tidrapport %(project)s %(month)s") % {"project": project.name, "month": month_label(month)}],
    )
    summary["A1"].font = TITLE
    append_row(summary, [])
    append_row(summary, [_("Deltagare"), _("Organisation"), _("Timmar"), _("Status"), _("Attesterad av")])
    _bold_row(summary)
    for pm in months:
        append_row(
            summary,
            [
                pm.enrollment.person.display_name,
                pm.enrollment.organization.name,
                _number(pm.total) or 0,
                pm.status_label,
                _person(pm.report.signed_by) if pm.report else "",
            ],
        )
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 24
    summary.column_dimensions["D"].width = 34
    _grid_sheet(book.create_sheet(_("Timmar per dag")), months, month)
    return _bytes(book)


def _figures_sheet(sheet: Any, title: str, header: list[str], rows: Iterable[list[Any]]) -> None:
    """A title, a bold header and rows whose first two cells are the month and organisation."""
    append_row(sheet, [title])
    sheet["A1"].font = TITLE
    append_row(sheet, header)
    _bold_row(sheet)
    for row in rows:
        append_row(sheet, row)
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 20


def summary_xlsx(
    project: Any, period: str, hours: list[Any], staff: list[Any], names: dict[str, str]
) -> bytes:
    """The cost report's time figures: attested participant hours and signed-off staff time, per
    month and organisation (``names``: organisation names by code)."""
    values = {"project": project.name, "period": period}

    def where(row: Any) -> list[Any]:
        return [row["month"].strftime("%Y-%m"), names.get(row["organization"], row["organization"])]

    book = Workbook()
    sheet = book.active
    sheet.title = _("Deltagartimmar")
    _figures_sheet(
        sheet,
        _("Attesterade deltagartimmar, %(project)s %(period)s") % values,
        [_("Månad"), _("Organisation"), _("Timmar"), _("Deltagare")],
        ([*where(r), float(r["hours"]), r["participants"]] for r in hours),
    )
    _figures_sheet(
        book.create_sheet(_("Personaltid")),
        _("Attesterad personaltid, %(project)s %(period)s") % values,
        [_("Månad"), _("Organisation"), _("Heltidsekvivalenter"), _("Timmar"), _("Medarbetare")],
        ([*where(r), float(r["full_time_equivalents"]), float(r["hours"]), r["staff"]] for r in staff),
    )
    return _bytes(book)

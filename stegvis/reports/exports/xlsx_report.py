"""The report as a spreadsheet: a sheet saying what it is, then one sheet per table.

Only lays out :class:`stegvis.reports.tables.Table` objects: numbers are written as numbers
(shares as fractions formatted ``0.0%``, so a sum or a chart in Excel works on them), the
header row is bold and frozen, the columns wide enough for their text. Every row goes through
:func:`stegvis.core.spreadsheet.append_row`, so no text from the data becomes a formula.
"""

import re

from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from stegvis.core.spreadsheet import append_row, new_workbook, workbook_bytes
from stegvis.reports.exports.facts import definitions_text

SHEET_NAME_MAX = 31
# Characters Excel refuses in a sheet name.
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
PERCENT_FORMAT = "0.0%"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
MAX_WIDTH = 60


def sheet_names(titles, reserved=()):
    """Unique sheet names (≤ 31 characters, no forbidden characters) for ``titles``, in order."""
    used = {name.casefold() for name in reserved}
    names = []
    for title in titles:
        base = _FORBIDDEN.sub("-", title).strip("' ") or _("Tabell")
        name = base[:SHEET_NAME_MAX]
        n = 2
        while name.casefold() in used:
            suffix = f" ({n})"
            name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
            n += 1
        used.add(name.casefold())
        names.append(name)
    return names


def _cell_text_width(value, percent=False):
    if value is None:
        return 0
    if percent and isinstance(value, (int, float)):
        return 7
    return len(str(value))


def _fit_columns(sheet, rows, percent_columns=frozenset()):
    widths = {}
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = max(widths.get(i, 0), _cell_text_width(value, i in percent_columns))
    for i, width in widths.items():
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(max(width + 2, 8), MAX_WIDTH)


def _about_sheet(sheet, facts, tables, names, definitions):
    append_row(sheet, [_("Om rapporten")])
    sheet["A1"].font = TITLE
    append_row(sheet, [])
    for label, value in facts.rows():
        append_row(sheet, [label, value])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
    append_row(sheet, [_("Definitioner"), definitions])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    sheet.cell(row=sheet.max_row, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    append_row(sheet, [])
    append_row(sheet, [_("Blad"), _("Innehåll"), _("Förklaring")])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = BOLD
    for name, table in zip(names, tables, strict=False):
        append_row(sheet, [name, table.title, table.note or None])
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 80


def write_rows(sheet, table):
    """The table's rows below what the sheet holds; shares as fractions formatted ``0.0%``."""
    for row_index, row in enumerate(table.rows):
        append_row(sheet, list(row))
        for index, value in enumerate(row):
            if table.is_percent(row_index, index) and isinstance(value, (int, float)):
                sheet.cell(row=sheet.max_row, column=index + 1).number_format = PERCENT_FORMAT


def _table_sheet(sheet, table):
    append_row(sheet, list(table.columns))
    for cell in sheet[1]:
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    write_rows(sheet, table)
    sheet.freeze_panes = "A2"
    _fit_columns(sheet, [table.columns, *table.rows], table.percent_columns)
    if table.note:
        append_row(sheet, [])
        append_row(sheet, [table.note])
        sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)


def render_xlsx(report, tables, facts, definitions=None):
    """The workbook's bytes: "Om rapporten" first, then one sheet per table in the tables' order.

    ``facts.rows()`` gives the lines that say what the file is of; ``definitions`` says where the
    figures are defined (the report's own definitions when not given).
    """
    workbook = new_workbook(_("Rapport: %(project)s") % {"project": report["project_name"]})
    about = workbook.active
    about.title = _("Om rapporten")
    names = sheet_names([t.title for t in tables], reserved=[about.title])
    _about_sheet(about, facts, tables, names, definitions or definitions_text())
    for name, table in zip(names, tables, strict=False):
        _table_sheet(workbook.create_sheet(name), table)
    return workbook_bytes(workbook)

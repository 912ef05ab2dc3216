"""The comparison as a spreadsheet: one sheet, the projects in columns beside each figure, and the charts.

Lays out :func:`stegvis.reports.compare.tables.comparison`: each table under its theme's heading, each
chart's shares as a small table of their own (the numbers the chart draws, so the chart has a table
beside it) with an Excel bar chart drawn from those cells to the right. Rows are written by
:func:`stegvis.reports.exports.xlsx_report.write_rows`, so shares are fractions formatted as per cent
and no text from the data becomes a formula.
"""

import math

from django.utils.translation import gettext as _
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from stegvis.core.spreadsheet import append_row, new_workbook, workbook_bytes
from stegvis.reports.compare.tables import Chart, comparison
from stegvis.reports.exports.facts import definitions_text, export_facts
from stegvis.reports.exports.xlsx_report import BOLD, TITLE, write_rows
from stegvis.reports.tables import Table

CHART_ROW_HEIGHT = 0.5  # centimetres per bar in an Excel chart
SHEET_ROW_HEIGHT = 0.53  # centimetres: a sheet row's default height (15 points)
FIRST_COLUMN_WIDTH = 48
PROJECT_COLUMN_WIDTH = 18


def _facts(reports):
    facts = export_facts(reports[0], {})
    projects = ", ".join(f"{r['project_name']} ({r['project']})" for r in reports)
    rows = [(_("Projekt"), projects), (_("Per datum"), facts.on), (_("Period"), facts.period)]
    if facts.filters:
        rows.append((_("Filter"), facts.filters))
    suppressed = [r["suppressed"]["min_cell"] for r in reports if r.get("suppressed")]
    if suppressed:
        rows.append(
            (
                _("Små tal"),
                _("Antal under %(n)s visas som <%(n)s; andelar och medelvärden av dem visas inte.")
                % {"n": "/".join(str(n) for n in sorted(set(suppressed)))},
            )
        )
    return [*rows, (_("Skapad"), facts.generated_at), (_("Definitioner"), definitions_text())]


def _blank(sheet):
    """An empty row that still counts in ``max_row`` (``append([])`` would not), so rows can be counted."""
    append_row(sheet, [None])


def _write_table(sheet, table):
    """The table's title, header and rows, then a blank row; returns the header's row number."""
    append_row(sheet, [table.title])
    sheet.cell(row=sheet.max_row, column=1).font = BOLD
    append_row(sheet, list(table.columns))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = BOLD
    write_rows(sheet, table)
    if table.note:
        append_row(sheet, [table.note])
        sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)
    _blank(sheet)
    return header_row


def _write_chart(sheet, chart: Chart, anchor_column):
    """The chart's shares as a table, and a clustered bar chart of those cells beside it."""
    table = Table(
        chart.key,
        _("Andelar: %(title)s") % {"title": chart.title},
        [_("Kategori"), *chart.series],
        [[category, *shares] for category, shares in zip(chart.categories, chart.shares, strict=True)],
        percent_columns=set(range(1, len(chart.series) + 1)),
    )
    header_row = _write_table(sheet, table)
    last_row = header_row + len(table.rows)
    bars = BarChart()
    bars.type = "bar"
    bars.grouping = "clustered"
    bars.title = chart.title
    bars.y_axis.number_format = "0%"
    bars.y_axis.scaling.min = 0
    data = Reference(sheet, min_col=2, max_col=len(chart.series) + 1, min_row=header_row, max_row=last_row)
    bars.add_data(data, titles_from_data=True)
    bars.set_categories(Reference(sheet, min_col=1, min_row=header_row + 1, max_row=last_row))
    bars.height = max(7.5, CHART_ROW_HEIGHT * len(chart.categories) * (len(chart.series) + 1))
    bars.width = 18
    sheet.add_chart(bars, f"{get_column_letter(anchor_column)}{header_row - 1}")
    # Blank rows down to the chart's bottom, so the next chart does not cover this one.
    bottom = header_row - 1 + math.ceil(bars.height / SHEET_ROW_HEIGHT)
    while sheet.max_row < bottom:
        _blank(sheet)


def render_comparison_xlsx(reports):
    """The workbook's bytes: the facts, then every theme's tables and charts, projects in columns."""
    workbook = new_workbook(_("Jämförelse av projekt"))
    sheet = workbook.active
    sheet.title = _("Jämförelse")
    append_row(sheet, [_("Jämförelse av projekt")])
    sheet["A1"].font = TITLE
    _blank(sheet)
    for label, value in _facts(reports):
        append_row(sheet, [label, value])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
    _blank(sheet)
    chart_column = len(reports) + 3
    for part in comparison(reports):
        append_row(sheet, [part.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        for table in part.tables:
            _write_table(sheet, table)
        for chart in part.charts:
            _write_chart(sheet, chart, chart_column)
    sheet.column_dimensions["A"].width = FIRST_COLUMN_WIDTH
    for index in range(2, len(reports) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = PROJECT_COLUMN_WIDTH
    return workbook_bytes(workbook)


def comparison_file_name(reports):
    """``jamforelse-CODE-CODE-DATE.xlsx`` (the first three codes, then how many more)."""
    codes = [r["project"] for r in reports]
    named = "-".join(codes[:3]) + (f"-och-{len(codes) - 3}-till" if len(codes) > 3 else "")
    return f"jamforelse-{named}-{reports[0]['on']}.xlsx"

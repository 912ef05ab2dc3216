"""Cells a spreadsheet program will not run: every CSV and XLSX Stegvis writes goes through here.

Excel, LibreOffice and Google Sheets take a cell that starts with ``=``, ``+``, ``-`` or ``@`` for
a formula, and some skip a leading tab or carriage return before they look. A participant named
``=HYPERLINK("http://…","Klicka här")`` would otherwise become a live link, or worse, in the
spreadsheet of whoever opens the SUS list (CSV or formula injection). Names, need groups and other
free text come from people outside the staff (self-referrals, imported files), so every text cell
is treated this way, headers and facts included; the rule is OWASP's advice.

- **CSV** (:func:`safe_cell`, :func:`csv_writer`): text starting with one of :data:`TRIGGERS`
  gets a leading apostrophe, the sign spreadsheets know as "this is text". To keep that reversible
  (the exchange format reads it back, :func:`restore_cell`), text that starts with apostrophes
  followed by a trigger gets one more too, so ``'=x`` is written ``''=x``.
- **XLSX** (:func:`append_row`): such text is written as a string cell (never a formula, which
  openpyxl would otherwise make of ``=…``) with the cell's "quote prefix" set: the text stays exactly
  as it is, with no apostrophe to read, and stays text even when someone edits the cell.
- Numbers, dates and empty cells are left alone: a negative number is still a number, and sums and
  charts keep working. Text that only looks like a number (a phone number ``+46 70…`` typed as
  text) is text, and is neutralised like any other text.
"""

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def starts_formula(value: Any) -> bool:
    """Whether ``value`` is text a spreadsheet program could read as a formula."""
    return isinstance(value, str) and value.startswith(TRIGGERS)


def _escaped_form(value: Any) -> bool:
    # Apostrophes (any number, even none) followed by a trigger: the texts the CSV rule changes.
    return isinstance(value, str) and value.lstrip(QUOTE).startswith(TRIGGERS)


def safe_cell(value: Any) -> Any:
    """The value to write into a CSV cell: an apostrophe before text that could start a formula
    (see the module's docstring); numbers, dates, ``None`` and other text unchanged."""
    return QUOTE + value if _escaped_form(value) else value


def restore_cell(value: Any) -> Any:
    """The text :func:`safe_cell` was given, from what it wrote: ``restore_cell(safe_cell(v)) == v``."""
    if isinstance(value, str) and value.startswith(QUOTE) and _escaped_form(value):
        return value[1:]
    return value


class SafeCsvWriter:
    """A :func:`csv.writer` whose every cell goes through :func:`safe_cell`."""

    def __init__(self, out: IO[str], **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: IO[str], **options: Any) -> SafeCsvWriter:
    """Like ``csv.writer(out, **options)``, with every cell neutralised."""
    return SafeCsvWriter(out, **options)


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """``value`` ready for ``sheet.append``: a text string cell with the quote prefix when it could
    start a formula, else the value itself (numbers stay numbers)."""
    if not starts_formula(value):
        return value
    from openpyxl.cell.cell import Cell

    cell = Cell(sheet, value=value)
    cell.data_type = "s"  # openpyxl makes a formula of any text starting with "="
    cell.quotePrefix = True
    return cell


def append_row(sheet: Any, values: Sequence[Any]) -> None:
    """``sheet.append(values)`` with every cell neutralised (see :func:`xlsx_cell`)."""
    sheet.append([xlsx_cell(sheet, value) for value in values])


def new_workbook(title: str) -> Any:
    """An empty workbook titled ``title``, written by Stegvis in Swedish: every XLSX export starts here.

    One maker of workbooks, so that a new export is found by the test that checks every export
    writes its cells through :func:`append_row`.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.properties.title = title
    workbook.properties.creator = "Stegvis"
    workbook.properties.language = "sv-SE"
    return workbook


def workbook_bytes(workbook: Any) -> bytes:
    """The ``.xlsx`` file of ``workbook``."""
    import io

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

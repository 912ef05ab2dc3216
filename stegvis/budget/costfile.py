"""Reading the finance system's file of actual costs: CSV with the columns month, category, amount, note.

A small reader of its own rather than the exchange format's (:mod:`stegvis.exchange.readers`),
which reads only the files that format names. It takes what finance systems write: UTF-8 with or
without BOM, comma or semicolon, Swedish or English column names, in any order. The file is small
(a month has a handful of lines) and its size is bounded by the upload limit, so it is read whole.
Line numbers count as a spreadsheet shows them: the header is line 1.
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from stegvis.budget.models import CostCategory
from stegvis.budget.periods import parse_month
from stegvis.core.spreadsheet import restore_cell

#: Column → the names a file may give it (compared in lower case).
COLUMNS = {
    "month": ("month", "månad", "manad"),
    "category": ("category", "kostnadsslag", "kategori"),
    "amount": ("amount", "belopp"),
    "note": ("note", "anteckning", "kommentar"),
}
REQUIRED = ("month", "category", "amount")
MAX_LINES = 5000


class CostFileError(Exception):
    """The file as a whole cannot be read; ``line`` and ``column`` say where, when known."""

    def __init__(self, message: str, line: int | None = None, column: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


@dataclass(frozen=True)
class CostLine:
    number: int
    month: datetime.date | None
    category: str
    amount: str
    note: str


def _text(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CostFileError(
            _(
                'Filen är inte sparad som UTF-8. Spara den i Excel som "CSV UTF-8 (kommaavgränsad)" och försök igen.'
            )
        ) from None


def _columns(header: list[str]) -> dict[str, int]:
    named = [cell.strip().lower() for cell in header]
    found: dict[str, int] = {}
    for column, names in COLUMNS.items():
        for index, name in enumerate(named):
            if name in names:
                found[column] = index
                break
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise CostFileError(
            _(
                "Rubrikraden saknar kolumnen %(columns)s. Kolumnerna ska heta month, category, amount och note."
            )
            % {"columns": ", ".join(missing)},
            line=1,
        )
    return found


def _category_code(text: str) -> str:
    """A category as the file names it, by its code (``resor``) or its Swedish label, as its code."""
    lowered = text.strip().lower()
    for category in CostCategory:
        if lowered == str(category.label).lower():
            return category.value
    return lowered


def read_cost_file(content: bytes) -> list[CostLine]:
    """The file's lines (blank lines left out), or :class:`CostFileError` when it cannot be read."""
    text = _text(content)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise CostFileError(_("Filen går inte att läsa som CSV: %(e)s") % {"e": exc}) from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise CostFileError(
            _("Filen är tom: första raden ska vara rubrikraden month, category, amount, note.")
        )
    if len(records) > MAX_LINES + 1:
        raise CostFileError(_("Filen har fler än %(n)s rader. Dela upp den.") % {"n": MAX_LINES})
    columns = _columns(records[0])

    def cell(values: list[str], column: str) -> str:
        index = columns.get(column)
        if index is None or index >= len(values):
            return ""
        return str(restore_cell(values[index].strip()))

    lines = []
    for number, values in enumerate(records[1:], start=2):
        if not any(value.strip() for value in values):
            continue
        month_text = cell(values, "month")
        lines.append(
            CostLine(
                number=number,
                month=parse_month(month_text) if month_text else None,
                category=_category_code(cell(values, "category")),
                amount=cell(values, "amount"),
                note=cell(values, "note"),
            )
        )
    return lines

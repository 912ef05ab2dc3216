"""Neutralising text that a spreadsheet program would run as a formula (CSV and XLSX)."""

import csv
import datetime
import decimal
import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from stegvis.core.spreadsheet import TRIGGERS, append_row, csv_writer, restore_cell, safe_cell

LINK = '=HYPERLINK("http://x","y")'
# Text a person could type, each starting with a character a spreadsheet reads as a formula.
DANGEROUS = [LINK, "=1+1", "+46 70 123 45 67", "-", "-5", "@home", "@SUM(A1)", "\t=1+1", "\r=1+1", "-2+3"]
HARMLESS = ["Anna", "", " =1+1", "a=b", "Anna-Karin", "'", "''", "'Anna", "46+1", "–5"]
NUMBERS = [-5, 0, 3.25, -0.5, decimal.Decimal("-1.50"), datetime.date(2024, 1, 31), None, True]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_could_start_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_other_text_is_unchanged(text):
    assert safe_cell(text) == text


@pytest.mark.parametrize("value", NUMBERS)
def test_numbers_dates_and_empty_cells_are_unchanged(value):
    assert safe_cell(value) is value


def test_apostrophes_before_a_trigger_get_one_more_so_the_rule_can_be_undone():
    assert safe_cell("'=x") == "''=x"
    assert safe_cell("''-y") == "'''-y"
    for text in [*DANGEROUS, *HARMLESS, "'=x", "''-y", "'@", "'''", "'\t"]:
        assert restore_cell(safe_cell(text)) == text
        assert not safe_cell(text).startswith(TRIGGERS)


def test_restore_leaves_text_that_was_not_neutralised_alone():
    # A hand-made file's own cells: a formula-looking text is taken as it is, so is an apostrophe
    # that is not before a trigger.
    for text in ["=1+1", "'Anna", "'", "Anna", -5, None]:
        assert restore_cell(text) == text


def test_csv_writer_neutralises_every_text_cell_and_keeps_numbers():
    out = io.StringIO()
    writer = csv_writer(out, delimiter=";")
    writer.writerow(["Namn", "Ålder"])
    writer.writerows([[LINK, -5], ["@home", 3.5]])
    rows = list(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))
    assert rows == [["Namn", "Ålder"], ["'" + LINK, "-5"], ["'@home", "3.5"]]


def test_xlsx_text_is_a_quoted_string_cell_and_numbers_stay_numbers():
    book = Workbook()
    sheet = book.active
    append_row(sheet, [LINK, -5, "+46 70 123 45 67", "Anna", None, datetime.date(2024, 1, 31)])
    out = io.BytesIO()
    book.save(out)
    loaded = load_workbook(io.BytesIO(out.getvalue()))
    link, number, phone, name, empty, day = loaded.active[1]
    assert link.data_type == "s" and link.value == LINK and link.quotePrefix
    assert phone.data_type == "s" and phone.value == "+46 70 123 45 67" and phone.quotePrefix
    assert number.data_type == "n" and number.value == -5 and not number.quotePrefix
    assert name.value == "Anna" and not name.quotePrefix
    assert empty.value is None
    assert day.is_date


def test_every_csv_and_xlsx_writer_goes_through_core_spreadsheet():
    """A new export that wrote CSV or XLSX cells itself would skip the neutralising: it must use
    ``csv_writer`` and ``append_row``. Workbooks are made by ``new_workbook`` only, and no module
    that fills one sets a cell's value or appends a row itself."""
    package = Path(__file__).resolve().parents[2]
    csv_writers, workbooks, fillers = [], [], []
    for path in package.rglob("*.py"):
        if "tests" in path.parts or path.name == "spreadsheet.py":
            continue
        source = path.read_text()
        name = path.relative_to(package.parent).as_posix()
        if re.search(r"csv\.(writer|DictWriter)\(", source):
            csv_writers.append(name)
        if re.search(r"\bWorkbook\(", source):
            workbooks.append(name)
        if re.search(r"\bnew_workbook\(", source):
            fillers.append(name)
            assert not re.search(r"\.append\(\[|sheet\.append\(|\.value\s*=", source), name
    assert csv_writers == []
    assert workbooks == []  # every export starts from core.spreadsheet.new_workbook
    assert "stegvis/reports/exports/xlsx_report.py" in fillers

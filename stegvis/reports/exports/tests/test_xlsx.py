"""The spreadsheet: one sheet per table, Swedish headings, numbers as numbers, the JSON's figures."""

import pytest

from stegvis.reports import tables as table_registry
from stegvis.reports.exports.tables import ORGANIZATION_NAMES
from stegvis.reports.exports.tests.conftest import ON
from stegvis.reports.exports.tests.helpers import rendered_parts, sheet_rows, workbook
from stegvis.reports.exports.xlsx_report import PERCENT_FORMAT, render_xlsx, sheet_names
from stegvis.reports.project_report import build_report
from stegvis.reports.tables import Table

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(project):
    return build_report(project, on=ON)


def xlsx(project, report):
    tables, facts = rendered_parts(project, report)
    return workbook(render_xlsx(report, tables, facts)), tables


def test_about_sheet_first_then_one_sheet_per_table(project, report):
    book, tables = xlsx(project, report)
    assert book.sheetnames[0] == "Om rapporten"
    assert len(book.sheetnames) == len(tables) + 1
    assert len(set(book.sheetnames)) == len(book.sheetnames)
    assert all(len(name) <= 31 for name in book.sheetnames)
    for expected in (
        "Nyckeltal",
        "Kön",
        "Ålder vid start",
        "Anvisare",
        "Anvisare och kön",
        "Intagsväg",
        "Inskrivande organisation",
        "Behovsgrupp",
        "Avslutsorsaker",
        "Avslutsorsaker och kön",
        "Arbete eller studier",
        "Dagar i projektet",
        "Stegförflyttning",
        "Stegförflyttning per område",
        "Språkprogression",
    ):
        assert expected in book.sheetnames
    about = dict((row[0], row[1]) for row in sheet_rows(book["Om rapporten"]) if row and row[0])
    assert about["Projekt"] == "Helhetslyftet (helhetslyftet)"
    assert about["Per datum"] == "2024-06-30"
    assert about["Organisation"] == "Alla organisationer i projektet"
    assert "Definitioner" in about


def test_headings_are_swedish_bold_and_frozen(project, report):
    book, _tables = xlsx(project, report)
    sheet = book["Avslutsorsaker och kön"]
    assert [c.value for c in sheet[1]] == ["Avslutsorsak", "Kvinna", "Man", "Annat/ej angivet", "Totalt"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width >= len("Åter till Arbetsförmedlingen")


def test_numbers_are_numbers_and_equal_the_json(project, report):
    book, _tables = xlsx(project, report)
    key = {row[0]: row[1:] for row in sheet_rows(book["Nyckeltal"])[1:] if row[0]}
    assert key["Inskrivningar"][0] == report["enrollments"] == 8
    assert key["Unika deltagare"][0] == report["unique_persons"]
    assert key["Avslut till arbete eller studier"] == [
        report["work_or_studies"]["count"],
        report["work_or_studies"]["share"],
    ]
    assert key["Dagar i projektet, medel"][0] == report["enrollment_days"]["mean"]
    assert isinstance(key["Dagar i projektet, medel"][0], (int, float))

    exits = {row[0]: row[1:] for row in sheet_rows(book["Avslutsorsaker och kön"])[1:]}
    assert exits["Arbete"] == [1, 0, 0, 1]
    assert exits["Flytt"] == [0, 1, 0, 1]
    for row in sheet_rows(book["Anvisare"])[1:]:
        assert isinstance(row[1], int)
    referrers = {row[0]: row[1] for row in sheet_rows(book["Anvisare"])[1:]}
    assert referrers["Arbetsförmedlingen"] == report["by_referrer"]["af"] == 4

    progression = {row[0]: row[1:] for row in sheet_rows(book["Stegförflyttning"])[1:]}
    assert progression["Positiv förändring"][0] == report["progression"]["positive"] == 1
    assert progression["Negativ förändring"][0] == report["progression"]["negative"] == 1


def test_shares_are_fractions_formatted_as_percent(project, report):
    book, _tables = xlsx(project, report)
    sheet = book["Arbete eller studier"]
    assert [c.value for c in sheet[1]] == ["Avslut", "Till arbete eller studier", "Andel"]
    share = sheet.cell(row=2, column=3)
    assert share.value == report["work_or_studies"]["share"] == pytest.approx(2 / 3, abs=1e-4)
    assert share.number_format == PERCENT_FORMAT
    count = sheet.cell(row=2, column=2)
    assert count.value == 2 and count.number_format == "General"


def test_organisations_are_named(project, report):
    book, _tables = xlsx(project, report)
    rows = {row[0]: row[1] for row in sheet_rows(book["Inskrivande organisation"])[1:]}
    assert rows == {"Kungsbacka kommun": 7, "Mölndals stad": 1}


def test_every_registered_table_gets_a_sheet(project, report, monkeypatch):
    def extra(report):
        return [
            Table(
                "monthly_trend",
                "Inskrivningar per månad och organisation",
                ["Månad", "Antal"],
                [["2024-01", 3], ["2024-02", 5]],
            )
        ]

    monkeypatch.setattr(table_registry, "_providers", table_registry._providers.copy())
    table_registry.register_tables("extra", extra, 200)
    book, _tables = xlsx(project, report)
    assert book.sheetnames[-1] == "Inskrivningar per månad och org"
    assert sheet_rows(book.worksheets[-1])[:3] == [["Månad", "Antal"], ["2024-01", 3], ["2024-02", 5]]


def test_sheet_names_are_short_unique_and_allowed():
    names = sheet_names(
        ["Anvisare/kön: [alla]", "x" * 40, "x" * 40, "Om rapporten", "Nyckeltal"], reserved=["Om rapporten"]
    )
    assert names[0] == "Anvisare-kön- -alla-"
    assert names[1] == "x" * 31 and names[2] == "x" * 27 + " (2)"
    assert names[3] == "Om rapporten (2)"
    assert all(len(n) <= 31 for n in names)


def test_organization_names_fall_back_to_the_code(report):
    from stegvis.reports.exports.tables import participant_tables

    table = next(
        t for t in participant_tables({**report, ORGANIZATION_NAMES: {}}) if t.key == "by_organization"
    )
    assert [row[0] for row in table.rows] == list(report["by_organization"])

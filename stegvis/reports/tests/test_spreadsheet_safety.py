"""No export hands its reader a live formula: every CSV and XLSX, from the pages and the commands.

The names in the world are formulas (a participant, an organisation, a project, a need group).
The page walk requests every URL of the access test as an administrator and checks every answer
that is a CSV or XLSX, so a new download is checked without being listed here; it must at least
find the downloads known today.
"""

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from openpyxl import load_workbook

from stegvis.consent.testing import give_sus_consent
from stegvis.core.spreadsheet import TRIGGERS
from stegvis.core.tests.test_url_access import EXPECTED
from stegvis.organizations.models import NeedGroup, Organization, Project
from stegvis.participants import actions
from stegvis.reports.tests.helpers import personnummer_for

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://x","y")'
PROJECT_NAME = "@SUM(1+1)*cmd|' /C calc'!A0"
ORGANIZATION_NAME = "+46 31 00 00 00"
NEED_GROUP = "-2+3"
PROJECT_FACT = f"{PROJECT_NAME} (helhetslyftet)"  # the "Projekt" line of a workbook's first sheet
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KNOWN_DOWNLOADS = {
    "reports:sus_list_csv",
    "reports:sus_list_xlsx",
    "reports:esf_indicators_xlsx",
    "reports:project_report_xlsx",
}


@pytest.fixture
def formula_world(world):
    """The world, with eva (named by a formula, SUS consent) enrolled by Kungsbacka in Helhetslyftet;
    the world's own persons stay as they are, since the page walk's expectations use them."""
    project = world.projects["helhetslyftet"]
    Project.objects.filter(pk=project.pk).update(name=PROJECT_NAME)
    Organization.objects.filter(pk=world.orgs["kungsbacka"].pk).update(name=ORGANIZATION_NAME)
    eva = actions.register_person(
        None,
        organization=world.orgs["kungsbacka"],
        personnummer=personnummer_for(datetime.date(1985, 6, 1), "123"),
        first_name=LINK,
        gender="K",
    )
    enrollment = actions.enroll_participant(
        None,
        eva,
        project=project,
        organization=world.orgs["kungsbacka"],
        start_date=datetime.date(2023, 5, 2),
        need_group=NeedGroup.objects.create(project=project, name=NEED_GROUP),
    )
    give_sus_consent(enrollment)
    return world


def xlsx_texts(content):
    """Every text of the workbook; fails on a formula cell or formula-like text without the quote prefix."""
    book = load_workbook(io.BytesIO(content))
    texts, numbers = set(), 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
                    if cell.value.startswith(TRIGGERS):
                        assert cell.data_type == "s" and cell.quotePrefix, (sheet.title, cell.coordinate)
                elif isinstance(cell.value, (int, float)):
                    assert cell.data_type == "n"
                    numbers += 1
    assert numbers, "numbers are written as numbers"
    return texts


def csv_texts(content):
    """Every cell of the CSV; fails on a cell a spreadsheet would read as a formula."""
    text = content.decode("utf-8-sig")
    cells = {cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row}
    assert not [cell for cell in cells if cell.startswith(TRIGGERS)]
    return cells


def check_spreadsheet(content, is_xlsx):
    """The texts of the file, checked; the formulas in the world are there, to read, as text."""
    return xlsx_texts(content) if is_xlsx else {c[1:] if c.startswith("'") else c for c in csv_texts(content)}


def test_every_csv_and_xlsx_download_is_free_of_formulas(formula_world, login_as):
    client = login_as(formula_world.users["admin"])
    found = {}
    for name, (kwargs_of, _statuses) in EXPECTED.items():
        # Some expectations make the rows their URL needs: each URL gets its own, rolled back.
        with transaction.atomic():
            kwargs = kwargs_of(formula_world) if kwargs_of else None
            response = client.get(reverse(name, kwargs=kwargs))
            transaction.set_rollback(True)
        content_type = response.get("Content-Type", "")
        if content_type.startswith(XLSX_TYPE) or content_type.startswith("text/csv"):
            assert response.status_code == 200, name
            found[name] = check_spreadsheet(response.content, content_type.startswith(XLSX_TYPE))
            disposition = response["Content-Disposition"]
            assert disposition.startswith("attachment; filename") and "\n" not in disposition
    assert KNOWN_DOWNLOADS <= set(found), set(found)
    assert LINK in found["reports:sus_list_csv"]
    assert LINK in found["reports:sus_list_xlsx"]
    for name in ("reports:sus_list_xlsx", "reports:esf_indicators_xlsx", "reports:project_report_xlsx"):
        assert PROJECT_FACT in found[name], name
    report = found["reports:project_report_xlsx"]
    assert NEED_GROUP in report and ORGANIZATION_NAME in report


def test_sus_csv_cells_start_with_an_apostrophe_and_numbers_stay_numbers(formula_world, login_as):
    client = login_as(formula_world.users["admin"])
    url = reverse("reports:sus_list_csv", kwargs={"code": "helhetslyftet"})
    rows = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig")), delimiter=";"))
    header, anna = rows[0], next(row for row in rows if "'" + LINK in row)
    assert anna[header.index("Deltagare")] == "'" + LINK
    assert anna[header.index("Ålder vid start")].isdigit()
    assert anna[header.index("Födelseår")] == "1985"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_stegvis_sus_writes_no_formulas(formula_world, tmp_path, fmt):
    path = tmp_path / f"sus.{fmt}"
    call_command("sus", "helhetslyftet", "--output", str(path), "--format", fmt, stdout=io.StringIO())
    texts = check_spreadsheet(path.read_bytes(), fmt == "xlsx")
    assert LINK in texts


def test_stegvis_report_xlsx_writes_no_formulas(formula_world, tmp_path):
    path = Path(tmp_path) / "rapport.xlsx"
    call_command("report", "helhetslyftet", "--format", "xlsx", "--output", str(path), stdout=io.StringIO())
    texts = xlsx_texts(path.read_bytes())
    assert {PROJECT_FACT, NEED_GROUP, ORGANIZATION_NAME} <= texts

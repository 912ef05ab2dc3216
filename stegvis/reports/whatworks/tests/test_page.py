"""The what-works page, the JSON key and the spreadsheet sheets."""

import json
import re

import pytest
from django.urls import reverse

from stegvis.reports.exports.tests.helpers import sheet_rows, workbook
from stegvis.reports.project_report import build_report
from stegvis.reports.tests.helpers import enrol, make_project, person
from stegvis.reports.whatworks.tests.helpers import D, catalogue, contacts, measure, placement, take

pytestmark = pytest.mark.django_db

QUERY = "on=2024-06-30"


def url(name="what_works", code="helhetslyftet", query=QUERY):
    return reverse(f"reports:{name}", kwargs={"code": code}) + (f"?{query}" if query else "")


@pytest.fixture
def casework(world):
    """anna in Helhetslyftet with SFI and a praktik at a förskola in parallel, and a contact."""
    project = world.projects["helhetslyftet"]
    entries = catalogue(project)
    anna = world.enrollments["anna"]
    take(anna, entries["sfi"], D(2023, 2, 1))
    placement(anna, entries["praktik"], D(2023, 3, 1), D(2023, 4, 30), "forskola", "anstallning_har")
    contacts(anna, [D(2023, 2, 1)])
    return project


def test_evaluator_sees_the_page_and_spik_coordinator_gets_404(world, login_as, casework):
    client = login_as(world.users["evaluator"])
    response = client.get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Beskrivande siffror, inte orsakssamband" in html
    assert "Arbetsinriktat parallellt med kompetens och/eller hälsa" in html
    assert "Förskola/skola" in html
    assert 'aria-labelledby="chart-what-works-title chart-what-works-desc"' in html
    assert [t.key for t in response.context["placement_tables"]] == [
        "what_works_placements",
        "what_works_placements_by_employer",
        "what_works_placements_by_industry",
    ]
    assert [t.key for t in response.context["group_tables"]] == [
        "what_works_combination",
        "what_works_coordinator_changes",
        "what_works_contact_frequency",
    ]
    # Aggregates only: no names or personal numbers of the participants.
    anna = world.persons["anna"]
    assert not re.search(rf"\b{anna.first_name}\b", html) and anna.last_name not in html
    assert login_as(world.users["coord_spik"]).get(url()).status_code == 404
    assert login_as(world.users["evaluator"]).get(url(code="spik")).status_code == 404


def test_page_shows_the_reports_own_section_and_is_in_the_project_menu(world, login_as, casework):
    response = login_as(world.users["leader"]).get(url())
    section = response.context["report"]["what_works"]
    expected = build_report(casework, on=D(2024, 6, 30))["what_works"]
    assert section == expected
    assert section["by_combination"]["parallel"]["enrollments"] == 1
    html = response.content.decode()
    assert f'href="{url(query="")}"' in html  # the project pages menu links here
    assert "Vad fungerar" in html


def test_bad_date_is_shown_at_the_field(world, login_as):
    response = login_as(world.users["leader"]).get(url(query="on=2024-13-40"))
    assert response.status_code == 200
    assert response.context["report"] is None
    assert "Ange ett giltigt datum" in response.content.decode()


def test_json_has_the_what_works_section(world, login_as, casework):
    response = login_as(world.users["leader"]).get(url("project_report_json"))
    report = json.loads(response.content)
    works = report["what_works"]
    assert set(works) >= {
        "note",
        "by_combination",
        "by_coordinator_changes",
        "by_contact_frequency",
        "placements",
    }
    assert works["placements"]["forskola"]["employed"] == 1
    assert works["by_combination"]["parallel"]["work_or_studies"] == {"count": 0, "share": 0}


def test_xlsx_has_the_what_works_sheets_with_numbers_and_shares(world, login_as, casework):
    response = login_as(world.users["leader"]).get(url("project_report_xlsx"))
    book = workbook(response.content)
    assert {
        "Praktik som gav anställning",
        "Utfall per insatskombination",
        "Utfall per koordinatorbyten",
        "Utfall per kontaktfrekvens",
    } <= set(book.sheetnames)
    rows = sheet_rows(book["Praktik som gav anställning"])
    assert rows[0][0] == "Typ av arbetsplats"
    forskola = next(row for row in rows if row[0] == "Förskola/skola")
    assert forskola[1:9] == [1, 0, 1, 1, 0, 0, 1, 1]
    assert (
        book["Praktik som gav anställning"].cell(row=rows.index(forskola) + 1, column=9).number_format
        == "0.0%"
    )
    combination = sheet_rows(book["Utfall per insatskombination"])
    parallel = next(
        row for row in combination if row[0] == "Arbetsinriktat parallellt med kompetens och/eller hälsa"
    )
    assert parallel[1] == 1
    assert any("orsakssamband" in str(row[0]) for row in combination)


def test_page_queries_do_not_grow_with_casework(world, login_as, django_assert_max_num_queries):
    project = make_project(world)
    entries = catalogue(project)
    client = login_as(world.users["admin"])
    captured = None
    for n, more in ((2, 2), (12, 10)):
        for _i in range(more):
            who = enrol(world, project, person(world), D(2023, 1, 1), end=D(2023, 9, 30), reason="arbete")
            take(who, entries["sfi"], D(2023, 1, 15))
            placement(who, entries["praktik"], D(2023, 2, 1), D(2023, 3, 31), "lager", "annan_anstallning")
            contacts(who, [D(2023, 2, 1), D(2023, 3, 1)])
            measure(who, D(2023, 1, 5), 3)
            measure(who, D(2023, 9, 1), 5)
        with django_assert_max_num_queries(len(captured) if captured else 40) as queries:
            response = client.get(url(code=project.code, query="on=2024-01-01"))
        captured = captured or queries.captured_queries
        assert (
            response.context["report"]["what_works"]["by_combination"]["parallel"]["positive"]["count"] == n
        )

"""The ESF+ indicators: every definition, the gender split, the report date and the six-month window."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.outcomes.actions import record_exit_follow_up
from stegvis.participants import actions
from stegvis.reports.external.esf import esf_indicators, esf_tables
from stegvis.reports.project_report import build_report, scoped_enrollments
from stegvis.reports.tests.helpers import enrol, make_project, person, personnummer_for

pytestmark = pytest.mark.django_db

D = datetime.date
ON = D(2024, 12, 31)


def exit_with(enrollment, end, reason, occupation, qualification=None):
    actions.register_exit(
        None,
        enrollment,
        version=enrollment.version,
        end_date=end,
        exit_reason=reason,
        occupation_exit=occupation,
        gained_qualification=qualification,
    )


@pytest.fixture
def esf_world(world):
    """Six enrolments chosen so each indicator has a known count (see the comments)."""
    project = make_project(world)
    young = person(world, "K", personnummer=personnummer_for(D(2008, 6, 1)), education_level=2)
    # 15 at start, job seeker 7 months: long-term (over 6 months under 25).
    e1 = enrol(
        world,
        project,
        young,
        D(2024, 1, 10),
        occupation_start="arbetssokande",
        unemployed_months_start=7,
        foreign_origin=True,
        third_country_national=False,
        voluntary_consent_method="skriftligt",
    )
    # 29 at start (birth year only), job seeker 12 months: not long-term (needs more than 12 at 25 or older).
    e2 = enrol(
        world,
        project,
        person(world, "M", 1995, education_level=4),
        D(2024, 2, 1),
        occupation_start="arbetssokande",
        unemployed_months_start=12,
        disability=True,
        voluntary_consent_method="skriftligt",
    )
    # 64, employed, ISCED 6; left for work with a qualification; six months later employed and improved.
    e3 = enrol(
        world,
        project,
        person(world, "K", 1960, education_level=6),
        D(2024, 1, 15),
        occupation_start="arbete",
        rural_area=True,
        minority=True,
        housing_exclusion=True,
        voluntary_consent_method="muntligt",
    )
    exit_with(e3, D(2024, 3, 31), "arbete", "arbete", qualification=True)
    record_exit_follow_up(
        None, e3, months=6, followed_up_on=D(2024, 10, 1), situation="arbete", improved_situation=True
    )
    # 34, X, studying (inactive); left to studies; followed up at six months, still studying.
    e4 = enrol(world, project, person(world, "X", 1990), D(2024, 2, 1), occupation_start="studier")
    exit_with(e4, D(2024, 5, 15), "studier", "studier", qualification=False)
    record_exit_follow_up(None, e4, months=6, followed_up_on=D(2024, 11, 20), situation="studier")
    # 39, no occupation (inactive); left as a job seeker; no six-month follow-up yet.
    e5 = enrol(
        world, project, person(world, "M", 1985, education_level=0), D(2024, 3, 1), occupation_start="ingen"
    )
    exit_with(e5, D(2024, 6, 30), "arbetsformedlingen", "arbetssokande")
    # 17, status not given, starts after the report date: not in the figures on ON.
    enrol(world, project, person(world, "K", 2008), D(2025, 1, 5))
    return project, [e1, e2, e3, e4, e5]


def esf_on(project, on, **window):
    return build_report(project, on=on, **window)["esf"]


def test_entry_indicators_by_gender(esf_world):
    project, _e = esf_world
    entry = esf_on(project, ON)["entry"]
    assert entry["participants"] == {"K": 2, "M": 2, "X": 1, "total": 5}
    assert entry["unique_persons"]["total"] == 5
    assert entry["unemployed"] == {"K": 1, "M": 1, "X": 0, "total": 2}
    assert entry["long_term_unemployed"] == {"K": 1, "M": 0, "X": 0, "total": 1}
    assert entry["inactive"] == {"K": 0, "M": 1, "X": 1, "total": 2}
    assert entry["employed"] == {"K": 1, "M": 0, "X": 0, "total": 1}
    assert entry["status_unknown"]["total"] == 0
    assert entry["age_under_18"] == {"K": 1, "M": 0, "X": 0, "total": 1}
    assert entry["age_18_29"] == {"K": 0, "M": 1, "X": 0, "total": 1}
    assert entry["age_55_plus"] == {"K": 1, "M": 0, "X": 0, "total": 1}
    assert entry["isced_0_2"] == {"K": 1, "M": 1, "X": 0, "total": 2}
    assert entry["isced_3_4"] == {"K": 0, "M": 1, "X": 0, "total": 1}
    assert entry["isced_5_8"] == {"K": 1, "M": 0, "X": 0, "total": 1}
    assert entry["education_unknown"] == {"K": 0, "M": 0, "X": 1, "total": 1}
    assert entry["disability"] == {"K": 0, "M": 1, "X": 0, "total": 1}
    assert (
        entry["foreign_origin"]["total"] == 1 and entry["third_country_national"]["total"] == 0
    )  # "no" is not counted
    assert entry["minority"]["K"] == entry["housing_exclusion"]["K"] == entry["rural_area"]["K"] == 1


def test_long_term_unemployment_limits(world):
    """More than 12 months from 25 years, more than 6 under 25; exactly at the limit is not long-term."""
    project = make_project(world)
    cases = [(1999, 7, True), (1999, 6, False), (1990, 13, True), (1990, 12, False), (1990, 7, False)]
    for year, months, _long in cases:  # 24 or 33 at the start in 2023
        enrol(
            world,
            project,
            person(world, "K", year),
            D(2023, 1, 1),
            occupation_start="arbetssokande",
            unemployed_months_start=months,
        )
    entry = esf_on(project, ON)["entry"]
    assert entry["long_term_unemployed"]["total"] == sum(1 for *_x, long in cases if long)
    assert entry["unemployed"]["total"] == len(cases)


def test_on_leaving_indicators_follow_the_report_date(esf_world):
    project, _e = esf_world
    on_leaving = esf_on(project, ON)["exit"]
    assert on_leaving["exits"] == {"K": 1, "M": 1, "X": 1, "total": 3}
    assert on_leaving["in_employment"] == {"K": 1, "M": 0, "X": 0, "total": 1}
    assert on_leaving["in_education_or_training"] == {"K": 0, "M": 0, "X": 1, "total": 1}
    assert on_leaving["job_searching"] == {"K": 0, "M": 1, "X": 0, "total": 1}
    assert on_leaving["gained_qualification"] == {"K": 1, "M": 0, "X": 0, "total": 1}  # "no" is not counted
    early = esf_on(project, D(2024, 4, 30))
    assert early["exit"]["exits"]["total"] == 1 and early["exit"]["in_education_or_training"]["total"] == 0
    assert early["entry"]["participants"]["total"] == 5


def test_six_months_window(esf_world):
    project, _e = esf_world
    six = esf_on(project, ON)["six_months"]
    # Exits by 2024-06-30 are due; e5 (2024-06-30) is due but not followed up.
    assert six["exits"] == {"K": 1, "M": 1, "X": 1, "total": 3}
    assert six["followed_up"] == {"K": 1, "M": 0, "X": 1, "total": 2}
    assert six["in_employment"] == {"K": 1, "M": 0, "X": 0, "total": 1}
    assert six["improved_situation"] == {"K": 1, "M": 0, "X": 0, "total": 1}
    assert esf_on(project, ON)["six_months_exited_by"] == "2024-06-30"
    # On 2024-11-01 only e3 (left 2024-03-31) is six months out; e4 left 2024-05-15.
    november = esf_on(project, D(2024, 11, 1))["six_months"]
    assert november["exits"]["total"] == 1 and november["followed_up"]["total"] == 1
    # e3 left 2024-03-31: its six-month point is 2024-09-30 (the month's last day), not earlier.
    assert esf_on(project, D(2024, 9, 29))["six_months"]["exits"]["total"] == 0
    assert esf_on(project, D(2024, 9, 30))["six_months"]["exits"]["total"] == 1
    # A follow-up recorded after the report date does not count yet.
    assert esf_on(project, D(2024, 11, 19))["six_months"]["followed_up"]["total"] == 1


def test_window_limits_the_enrolments(esf_world):
    project, _e = esf_world
    esf = esf_on(project, ON, date_from=D(2024, 7, 1))
    # Only e1 and e2 were still enrolled in the second half of 2024.
    assert esf["entry"]["participants"]["total"] == 2 and esf["exit"]["exits"]["total"] == 0


def test_one_organisations_enrolments(esf_world, world, login_as):
    project, _e = esf_world
    actions.add_project_partner(None, project, organization=world.orgs["molndal"])
    other = actions.register_person(None, organization=world.orgs["molndal"], gender="M", birth_year=2000)
    actions.enroll_participant(
        None,
        other,
        project=project,
        organization=world.orgs["molndal"],
        start_date=D(2024, 2, 1),
        occupation_start="arbete",
    )
    assert esf_on(project, ON)["entry"]["participants"]["total"] == 6
    esf = esf_on(project, ON, organization=world.orgs["molndal"])
    assert (
        esf["entry"]["participants"] == {"K": 0, "M": 1, "X": 0, "total": 1}
        and esf["entry"]["employed"]["M"] == 1
    )
    html = (
        login_as(world.users["admin"])
        .get(reverse("reports:esf_indicators", kwargs={"code": project.code}), {"organization": "molndal"})
        .content.decode()
    )
    assert "organization=molndal" in html.split("esf-indikatorer.xlsx")[1][:60]


def test_three_queries_whatever_the_data(esf_world, world):
    project, _e = esf_world
    scope = scoped_enrollments(ON, queryset=project.enrollments.all())
    with CaptureQueriesContext(connection) as few:
        esf_indicators(project, scope, ON)
    for i in range(10):
        enrol(
            world,
            project,
            person(world, "M", 1970 + i),
            D(2024, 4, 1),
            occupation_start="arbetssokande",
            unemployed_months_start=i,
        )
    with CaptureQueriesContext(connection) as many:
        esf_indicators(project, scope, ON)
    # Grouped by gender and age class; the unique persons per gender; those of all genders.
    assert len(few) == len(many) == 3


def test_tables_for_the_exports(esf_world):
    project, _e = esf_world
    tables = esf_tables(build_report(project, on=ON))
    assert [t.key for t in tables] == ["esf_entry", "esf_exit", "esf_six_months"]
    entry = tables[0]
    assert entry.columns == ["Indikator", "Kvinnor", "Män", "Annat/ej angivet", "Totalt"]
    assert entry.rows[0] == ["Deltagare (inskrivningar)", 2, 2, 1, 5]
    assert ["Långtidsarbetslösa", 1, 0, 0, 1] in entry.rows
    assert "2024-06-30" in tables[2].note
    assert esf_tables({"on": "2024-01-01"}) == []


def test_esf_page_for_an_evaluator_and_its_download(esf_world, world, login_as):
    project, _e = esf_world
    world.users["evaluator"].staff_roles.update(project=project)
    client = login_as(world.users["evaluator"])
    html = client.get(
        reverse("reports:esf_indicators", kwargs={"code": project.code}), {"on": "2024-12-31"}
    ).content.decode()
    assert "Långtidsarbetslösa" in html and "Sex månader efter avslut" in html
    # Small numbers are hidden for an evaluator, as on every report page.
    assert "&lt;5" in html
    assert "esf-indikatorer.xlsx?on=2024-12-31" in html
    response = client.get(
        reverse("reports:esf_indicators_xlsx", kwargs={"code": project.code}), {"on": "2024-12-31"}
    )
    assert response.status_code == 200
    book = load_workbook(__import__("io").BytesIO(response.content))
    sheet = book[book.sheetnames[1]]
    assert sheet["A2"].value == "Deltagare (inskrivningar)" and sheet["E2"].value == 5
    assert isinstance(sheet["E2"].value, int)
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, user=world.users["evaluator"])
    assert "ESF+" in entry.detail and "on=2024-12-31" in entry.detail


def test_esf_page_bad_date_is_shown_at_the_field(esf_world, world, login_as):
    project, _e = esf_world
    client = login_as(world.users["admin"])
    response = client.get(
        reverse("reports:esf_indicators", kwargs={"code": project.code}), {"on": "2024-13-01"}
    )
    assert response.status_code == 200 and "Ange ett giltigt datum" in response.content.decode()
    response = client.get(
        reverse("reports:esf_indicators_xlsx", kwargs={"code": project.code}), {"on": "i morgon"}
    )
    assert response.status_code == 400 and "Per datum" in response.content.decode()


def test_esf_page_queries_do_not_grow(esf_world, world, login_as, django_assert_max_num_queries):
    project, _e = esf_world
    client = login_as(world.users["leader"])
    world.users["leader"].staff_roles.update(project=project)
    url = reverse("reports:esf_indicators", kwargs={"code": project.code})
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for i in range(8):
        enrol(world, project, person(world, "K", 1980 + i), D(2024, 5, 1), occupation_start="arbete")
    with django_assert_max_num_queries(len(before)):
        assert client.get(url).status_code == 200


def test_the_six_month_indicators_need_the_follow_ups_registered(monkeypatch):
    """The follow-ups after exit belong to the outcomes app, which registers how they are read."""
    from stegvis.reports.external import esf

    assert esf._follow_up_after_exit is not None
    monkeypatch.setattr(esf, "_follow_up_after_exit", None)
    with pytest.raises(LookupError):
        esf.six_months_cutoff(ON)

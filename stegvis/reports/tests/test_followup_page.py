"""The follow-up page: choices and their errors, the organisation filter, access, queries, exports."""

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stegvis.reports import tables
from stegvis.reports.tests.helpers import D, enrol, make_project, person

pytestmark = pytest.mark.django_db


def url(code="helhetslyftet", **params):
    base = reverse("reports:followup", kwargs={"code": code})
    return base + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def errors(response):
    return {name: [str(e) for e in messages] for name, messages in response.context["form"].errors.items()}


def test_default_is_the_last_whole_month(world, login_as):
    response = login_as(world.users["leader"]).get(url())
    assert response.status_code == 200
    report = response.context["report"]
    last_month_end = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    assert report["on"] == last_month_end.isoformat()
    assert report["from"] == last_month_end.replace(day=1).isoformat()
    assert report["to"] == last_month_end.isoformat()
    assert report["active"] == 2
    # The form shows the month the page shows.
    assert f'value="{last_month_end:%Y-%m}"' in response.content.decode()


def test_default_is_the_current_month_for_a_project_started_this_month(world, login_as):
    today = timezone.localdate()
    project = world.projects["helhetslyftet"]
    project.start_date = today.replace(day=1)
    project.end_date = None
    project.save(update_fields=["start_date", "end_date"])
    report = login_as(world.users["leader"]).get(url()).context["report"]
    assert (report["from"], report["on"]) == (today.replace(day=1).isoformat(), today.isoformat())


def test_a_month_is_its_first_to_last_day_as_it_stood_at_its_end(world, login_as):
    response = login_as(world.users["leader"]).get(url(month="2023-01"))
    report = response.context["report"]
    assert (report["from"], report["to"], report["on"]) == ("2023-01-01", "2023-01-31", "2023-01-31")
    assert report["new_in_period"] == 1  # anna; bo starts in February
    assert report["active"] == 1
    html = response.content.decode()
    assert "Januari 2023" in html
    assert "Månad för månad" in html and 'aria-labelledby="chart-trend-title chart-trend-desc"' in html
    # The JSON link carries the resolved choices, so it downloads the same report.
    json_url = response.context["json_url"]
    assert "on=2023-01-31" in json_url and "from=2023-01-01" in json_url and "to=2023-01-31" in json_url
    downloaded = json.loads(login_as(world.users["leader"]).get(json_url).content)
    assert downloaded["new_in_period"] == 1 and downloaded["monthly"] == report["monthly"]


def test_free_period_and_explicit_report_date(world, login_as):
    client = login_as(world.users["leader"])
    period = client.get(url(**{"from": "2023-01-01", "to": "2023-02-28"})).context["report"]
    assert period["on"] == "2023-02-28" and period["new_in_period"] == 2
    mid_month = client.get(url(month="2023-02", on="2023-02-10")).context["report"]
    assert mid_month["on"] == "2023-02-10"
    assert mid_month["new_in_period"] == 1  # bo started on 1 February, anna in January


@pytest.mark.parametrize(
    "params,field,message",
    [
        ({"month": "2023-13"}, "month", "Ange månaden som ÅÅÅÅ-MM"),
        ({"month": "januari"}, "month", "Ange månaden som ÅÅÅÅ-MM"),
        ({"month": "2023-01", "from": "2023-01-01"}, "month", "antingen en månad eller en period"),
        ({"month": "2999-01"}, "month", "Månaden har inte börjat ännu"),
        ({"month": "2023-02", "on": "2023-01-31"}, "on", "före den valda månaden"),
        ({"on": "2023-02-30"}, "on", "Ange ett giltigt datum"),
        ({"from": "2023-03-01", "to": "2023-02-01"}, "to", "före från och med-datumet"),
        ({"from": "2999-01-01"}, "from", "efter rapportdatumet"),
        ({"month": "2023-01", "on": "2999-01-01"}, "on", "senare än i dag"),
        (
            {"month": "2023-01", "organization": "vaxjo"},
            "organization",
            "Välj en av projektets organisationer",
        ),
    ],
)
def test_bad_choices_are_swedish_errors_at_their_field(world, login_as, params, field, message):
    response = login_as(world.users["leader"]).get(url(**params))
    assert response.status_code == 200
    assert response.context["report"] is None
    found = errors(response)
    assert list(found) == [field]
    assert message in found[field][0]
    assert message in response.content.decode()  # in the error summary and at the field


def test_organisation_filter_passes_to_the_report_and_the_json(world, login_as):
    client = login_as(world.users["leader"])
    response = client.get(url(month="2023-02", organization="molndal"))
    report = response.context["report"]
    assert report["organization"] == "molndal"
    assert report["enrollments"] == 1 and report["new_in_period"] == 1
    assert "Mölndals stad" in response.content.decode()
    assert "organization=molndal" in response.context["json_url"]
    assert json.loads(client.get(response.context["json_url"]).content)["enrollments"] == 1
    # The JSON view on its own: organisation given or not, and a wrong one is a 400 with the field.
    json_base = reverse("reports:project_report_json", kwargs={"code": "helhetslyftet"})
    assert json.loads(client.get(json_base).content)["organization"] is None
    bad = client.get(json_base + "?organization=vaxjo")
    assert bad.status_code == 400
    assert "organization" in json.loads(bad.content)["errors"]


def test_evaluator_sees_aggregates_only_and_another_projects_coordinator_gets_404(world, login_as):
    response = login_as(world.users["evaluator"]).get(url(month="2023-03"))
    assert response.status_code == 200
    html = response.content.decode()
    for personal in ("Anna", "Andersson", "Bo", "Berg", "19850101", "KBA-1", "MDL-1"):
        assert not re.search(rf"\b{personal}\b", html), personal
    assert "Coord_Kba" in html  # the coordinator's caseload: staff, not participants
    assert login_as(world.users["coord_spik"]).get(url()).status_code == 404
    assert login_as(world.users["evaluator"]).get(url("spik")).status_code == 404


def test_balance_outside_the_band_is_said_in_words(world, login_as):
    response = login_as(world.users["leader"]).get(url(month="2023-03"))
    html = response.content.decode()
    # Arbetsförmedlingen has one woman (100 %): outside, flagged in text and marked as few.
    assert "Nej, utanför 40–60 %" in html
    assert "färre än 10" in html
    assert "Inom 40–60 %" in html  # overall one woman and one man: 50 %
    sorted_page = login_as(world.users["leader"]).get(url(month="2023-03", **{"balans-sort": "-women_share"}))
    rows = [row["referrer"] for row in sorted_page.context["balance_table"].rows.data]
    assert rows == ["Arbetsförmedlingen", "Försörjningsstöd"]


def test_project_page_menu_links_the_follow_up(world, login_as):
    html = login_as(world.users["leader"]).get(
        reverse("reports:project_report", kwargs={"code": "helhetslyftet"})
    )
    assert url() in html.content.decode()
    assert "Månadsuppföljning" in html.content.decode()


def test_export_tables_of_the_follow_up_keys(world):
    from stegvis.reports.project_report import build_report

    report = build_report(
        world.projects["helhetslyftet"], on=D(2023, 3, 31), date_from=D(2023, 3, 1), date_to=D(2023, 3, 31)
    )
    by_key = {t.key: t for t in tables.report_tables(report)}
    balance = by_key["gender_balance_by_referrer"]
    assert balance.columns[0] == "Anvisare" and balance.percent_columns == {4}
    assert balance.rows[-1] == ["Totalt", 1, 1, 0, 0.5, "Ja", "Ja"]
    assert by_key["enrolled_11_months"].rows == [[2, 0, 0]]
    assert by_key["coordinator_caseload"].rows == [
        ["Coord_Kba", 1],
        ["Coord_Mdl", 1],
        ["Utan koordinator", 0],
    ]
    assert by_key["coordinator_continuity"].rows[-1] == ["Bytte koordinator under perioden", 0]
    assert by_key["monthly"].rows[-1] == ["2023-03", 0, 0, 0, 0, 0, 2]


def _page_queries(client, n_more, world, project):
    for i in range(n_more):
        enrol(
            world,
            project,
            person(world, gender="KM"[i % 2]),
            D(2021, 1 + i % 12, 1),
            referrer="af",
            end=D(2021, 12, 1) if i % 3 else None,
            coordinator=world.users["coord_kba"],
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("testprojekt", month="2021-06"))
    assert response.status_code == 200
    return len(queries.captured_queries), response.context["report"]["enrollments"]


def test_page_query_count_does_not_grow_with_enrolments(world, login_as):
    project = make_project(world)
    client = login_as(world.users["admin"])
    few, n_few = _page_queries(client, 3, world, project)
    many, n_many = _page_queries(client, 30, world, project)
    assert n_many > n_few
    assert many == few

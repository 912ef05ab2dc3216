"""Report pages: who may open them, that they render the report's figures, and no personal data."""

import json
import re

import pytest
from django.urls import reverse

from stegvis.participants import actions
from stegvis.reports.project_report import build_report
from stegvis.reports.tests.helpers import D, enrol, make_project, person
from stegvis.reports.views import PAGE_SECTIONS

pytestmark = pytest.mark.django_db


def report_url(code, **params):
    url = reverse("reports:project_report", kwargs={"code": code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def json_url(code, **params):
    url = reverse("reports:project_report_json", kwargs={"code": code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_evaluator_opens_their_project_and_gets_404_for_another(world, login_as):
    client = login_as(world.users["evaluator"])
    assert client.get(report_url("helhetslyftet")).status_code == 200
    assert client.get(json_url("helhetslyftet")).status_code == 200
    assert client.get(report_url("spik")).status_code == 404
    assert client.get(json_url("spik")).status_code == 404
    assert client.get(report_url("finns-inte")).status_code == 404


def test_coordinator_sees_their_projects_report(world, login_as):
    client = login_as(world.users["coord_spik"])
    response = client.get(report_url("spik"))
    assert response.status_code == 200
    assert response.context["report"]["enrollments"] == 1
    assert client.get(report_url("helhetslyftet")).status_code == 404


def test_user_without_role_gets_403_and_anonymous_is_sent_to_login(world, login_as, client):
    for url in (reverse("reports:project_list"), report_url("helhetslyftet"), json_url("helhetslyftet")):
        assert client.get(url).status_code == 302
    client = login_as(world.users["norole"])
    for url in (reverse("reports:project_list"), report_url("helhetslyftet"), json_url("helhetslyftet")):
        assert client.get(url).status_code == 403


def test_project_list_shows_only_reportable_projects_with_figures(world, login_as):
    client = login_as(world.users["leader"])
    response = client.get(reverse("reports:project_list"))
    assert response.status_code == 200
    assert [row["project"].code for row in response.context["rows"]] == ["helhetslyftet"]
    assert response.context["rows"][0]["figures"]["enrollments"] == 2
    assert "SPiK" not in response.content.decode()
    admin = login_as(world.users["admin"])
    codes = [row["project"].code for row in admin.get(reverse("reports:project_list")).context["rows"]]
    assert sorted(codes) == ["helhetslyftet", "spik"]


@pytest.mark.parametrize("extra_projects", [1, 6])
def test_project_list_queries_do_not_grow_with_projects(
    world, login_as, extra_projects, django_assert_max_num_queries
):
    for i in range(extra_projects):
        project = make_project(world, code=f"extra{i}")
        enrol(world, project, person(world), D(2021, 1, 1))
    client = login_as(world.users["admin"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reports:project_list"))
    assert len(response.context["rows"]) == 2 + extra_projects


def test_report_page_queries_do_not_grow_with_enrolments(world, login_as, django_assert_max_num_queries):
    """The same number of queries with 3 and with 30 enrolments (every section of the report included)."""
    project = make_project(world)
    client = login_as(world.users["admin"])
    captured = None
    for n, more in ((3, 3), (30, 27)):
        for i in range(more):
            enrol(
                world,
                project,
                person(world, gender="KM"[i % 2]),
                D(2021, 1, 1),
                end=D(2021, 2, 1) if i % 3 else None,
                reason="arbete",
                referrer="af",
            )
        with django_assert_max_num_queries(len(captured) if captured else 40) as queries:
            response = client.get(report_url("testprojekt", on="2022-01-01"))
        captured = captured or queries.captured_queries
        assert response.context["report"]["enrollments"] == n


def test_page_renders_the_report_dict_with_swedish_labels_and_charts(world, login_as):
    client = login_as(world.users["leader"])
    response = client.get(report_url("helhetslyftet", on="2024-01-01"))
    report = response.context["report"]
    whole = build_report(world.projects["helhetslyftet"], on=D(2024, 1, 1))
    report.pop("generated_at"), whole.pop("generated_at")
    # The page computes the report's own figures and the sections it shows, each as the whole
    # report has it; sections with pages of their own are left out.
    assert set(PAGE_SECTIONS) <= set(report)
    assert {"what_works", "esf", "consent"}.isdisjoint(report)
    assert set(whole) - set(report) <= {
        "what_works",
        "esf",
        "consent",
        "surveys",
        "course_evaluations",
        "amif",
        "goals",
        "plan",
        "self_referrals",
        "data_quality",
        "adaptations",  # in the exports and the JSON; the page does not show it
    }
    assert report == {key: value for key, value in whole.items() if key in report}
    html = response.content.decode()
    assert "Arbetsförmedlingen" in html and "Försörjningsstöd" in html  # referrer labels
    assert "Åter till Arbetsförmedlingen" in html  # exit reason labels
    assert html.count('role="img"') >= 6
    assert 'aria-labelledby="chart-referrer-title chart-referrer-desc"' in html
    assert '<title id="chart-referrer-title">' in html
    assert html.count('<details class="data-table">') == html.count('role="img"') + (
        html.count("Inga inskrivningar att visa")
    )
    assert "balance-band" in html  # the 40-60 % band on the women/men share chart
    assert "bar--K" in html and "bar--M" in html
    # Numbers in SVG attributes are never written with a decimal comma.
    assert not re.search(r'\b(width|height|x|y)="\d+,\d', html)
    assert f'href="{json_url("helhetslyftet", on="2024-01-01")}"' in html


def test_page_shows_no_personal_data(world, login_as):
    project = world.projects["helhetslyftet"]
    group = actions.need_group_named(project, "Nyanlända")
    enrol(
        world,
        project,
        person(
            world, first_name="Zelda", last_name="Zetterqvist", phone="0701234567", email="zelda@example.se"
        ),
        D(2023, 3, 1),
        need_group=group,
    )
    client = login_as(world.users["evaluator"])
    pages = [
        client.get(report_url("helhetslyftet")).content.decode(),
        client.get(reverse("reports:project_list")).content.decode(),
        client.get(json_url("helhetslyftet")).content.decode(),
    ]
    for page in pages:
        for secret in (
            "Anna",
            "Andersson",
            "Berg",
            "Zelda",
            "Zetterqvist",
            "0701234567",
            "zelda@example.se",
            "19850101",
            "850101-0204",
            "KBA-1",
            "MDL-1",
        ):
            assert not re.search(rf"\b{re.escape(secret)}\b", page), secret


def test_bad_dates_give_swedish_errors_at_the_fields(world, login_as):
    client = login_as(world.users["evaluator"])
    response = client.get(report_url("helhetslyftet", on="2024-13-01", to="x"))
    assert response.status_code == 200
    assert response.context["report"] is None
    form = response.context["form"]
    assert form.errors["on"] == ["Ange ett giltigt datum, t.ex. 2024-06-30."]
    assert "to" in form.errors
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'id="id_on_error"' in html

    response = client.get(report_url("helhetslyftet", **{"from": "2024-02-01", "to": "2024-01-01"}))
    assert response.context["form"].errors["to"] == [
        "Till och med-datumet kan inte vara före från och med-datumet."
    ]
    response = client.get(report_url("helhetslyftet", on="2999-01-01"))
    assert "Rapportdatumet kan inte vara senare än i dag" in response.context["form"].errors["on"][0]


def test_json_download_uses_the_same_parameters(world, login_as):
    client = login_as(world.users["leader"])
    response = client.get(json_url("helhetslyftet", on="2023-01-31", **{"from": "2023-01-01"}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert 'attachment; filename="rapport-helhetslyftet-2023-01-31.json"' == response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["on"] == "2023-01-31" and data["from"] == "2023-01-01"
    assert data["enrollments"] == 1  # Bo starts 1 February
    bad = client.get(json_url("helhetslyftet", on="nej"))
    assert bad.status_code == 400
    assert json.loads(bad.content)["errors"]["on"] == ["Ange ett giltigt datum, t.ex. 2024-06-30."]


def test_window_filter_on_the_page(world, login_as):
    client = login_as(world.users["leader"])
    response = client.get(
        report_url("helhetslyftet", on="2024-01-01", **{"from": "2023-01-01", "to": "2023-01-31"})
    )
    report = response.context["report"]
    assert report["enrollments"] == 1 and report["new_in_period"] == 1
    assert "Nya under perioden" in response.content.decode()


# Who may open the report pages of Helhetslyftet (the same table the URL walk in core uses).
HELHETSLYFTET = {
    "admin": 200,
    "leader": 200,
    "coord_kba": 200,
    "coord_mdl": 200,
    "coord_spik": 404,
    "evaluator": 200,
    "norole": 403,
}


@pytest.mark.parametrize("role", sorted(HELHETSLYFTET))
@pytest.mark.parametrize("name", ["reports:project_report", "reports:project_report_json"])
def test_every_role_on_helhetslyftets_report(world, login_as, role, name):
    client = login_as(world.users[role])
    response = client.get(reverse(name, kwargs={"code": "helhetslyftet"}))
    assert response.status_code == HELHETSLYFTET[role]


@pytest.mark.parametrize("role", ["admin", "leader", "coord_kba", "coord_mdl", "coord_spik", "evaluator"])
def test_every_role_with_a_role_opens_the_project_list(world, login_as, role):
    assert login_as(world.users[role]).get(reverse("reports:project_list")).status_code == 200


def test_project_list_takes_a_report_date(world, login_as):
    client = login_as(world.users["leader"])
    response = client.get(reverse("reports:project_list") + "?on=2023-01-31")
    assert response.context["rows"][0]["figures"]["enrollments"] == 1  # Bo starts 1 February 2023
    assert response.context["rows"][0]["figures"]["on"] == "2023-01-31"
    assert f"{report_url('helhetslyftet')}?on=2023-01-31" in response.content.decode()
    bad = client.get(reverse("reports:project_list") + "?on=31/1")
    assert bad.status_code == 200
    assert bad.context["form"].errors["on"] == ["Ange ett giltigt datum, t.ex. 2024-06-30."]
    assert bad.context["rows"][0]["figures"]["on"] == bad.context["on"].isoformat()

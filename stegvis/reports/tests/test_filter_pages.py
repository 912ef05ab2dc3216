"""Filters on the report and follow-up pages (state in the address), the JSON and the downloads, and the CLI."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.participants.models import Person

pytestmark = pytest.mark.django_db


def report_url(code="helhetslyftet", name="reports:project_report", query=""):
    return reverse(name, kwargs={"code": code}) + (f"?{query}" if query else "")


def test_the_report_page_filters_by_the_address_and_passes_it_on(world, login_as):
    client = login_as(world.users["leader"])
    whole = client.get(report_url()).context["report"]
    assert whole["enrollments"] == 2 and "filters" not in whole
    response = client.get(report_url(query="referrer=af"))
    report = response.context["report"]
    assert report["filters"] == {"referrer": "af"} and report["enrollments"] == 1
    assert report["breakdowns"]["organization"]["kungsbacka"]["enrollments"] == 1
    assert report["breakdowns"]["organization"]["molndal"]["enrollments"] == 0
    html = response.content.decode()
    assert '<option value="af" selected>' in html  # the form shows the filter the address holds
    assert "referrer=af" in response.context["json_url"]
    assert json.loads(client.get(response.context["json_url"]).content)["filters"] == {"referrer": "af"}
    xlsx = reverse("reports:project_report_xlsx", kwargs={"code": "helhetslyftet"}) + "?referrer=af"
    assert xlsx in html.replace("&amp;", "&")
    assert client.get(xlsx).status_code == 200
    assert "referrer=af" in AuditEntry.objects.filter(action=AuditAction.EXPORT).first().detail


def test_coordinator_and_organisation_filters_on_the_page(world, login_as):
    client = login_as(world.users["leader"])
    report = client.get(report_url(query="coordinator=coord_mdl")).context["report"]
    assert report["enrollments"] == 1 and report["by_organization"]["molndal"] == 1
    report = client.get(report_url(query="organization=kungsbacka")).context["report"]
    assert report["organization"] == "kungsbacka" and report["enrollments"] == 1
    assert list(report["by_coordinator"]) == ["coord_kba"]


def test_a_bad_filter_value_is_shown_at_its_field(world, login_as):
    response = login_as(world.users["leader"]).get(report_url(query="referrer=granne"))
    assert response.status_code == 200 and response.context["report"] is None
    assert "referrer" in response.context["form"].errors
    json_response = login_as(world.users["leader"]).get(
        report_url(name="reports:project_report_json", query="home_municipality=9999")
    )
    assert json_response.status_code == 400
    assert "home_municipality" in json.loads(json_response.content)["errors"]


def test_the_municipality_filter_takes_the_codes_that_occur(world, login_as):
    Person.objects.filter(pk=world.persons["anna"].pk).update(home_municipality="1384")
    client = login_as(world.users["leader"])  # raw figures (an evaluator's are suppressed: "<5")
    response = client.get(report_url(query="home_municipality=1384"))
    report = response.context["report"]
    assert report["filters"] == {"home_municipality": "1384"} and report["enrollments"] == 1
    assert list(report["breakdowns"]["home_municipality"]) == ["1384", "okand"]
    assert "Kungsbacka (1384)" in response.content.decode()
    unknown = client.get(report_url(query="home_municipality=okand")).context["report"]
    assert unknown["enrollments"] == 1  # Bo, who has none


def test_the_follow_up_page_filters_by_the_address(world, login_as):
    client = login_as(world.users["leader"])
    response = client.get(
        report_url(name="reports:followup", query="from=2023-01-01&to=2023-12-31&referrer=af")
    )
    report = response.context["report"]
    assert report["filters"] == {"referrer": "af"} and report["enrollments"] == 1
    assert "referrer=af" in response.context["json_url"] and "referrer=af" in response.context["export_query"]
    assert "Per organisation och hemkommun" in response.content.decode()


def test_access_is_unchanged_by_filters(world, login_as):
    assert login_as(world.users["evaluator"]).get(report_url("spik", query="referrer=fk")).status_code == 404
    assert login_as(world.users["coord_spik"]).get(report_url(query="referrer=af")).status_code == 404
    assert login_as(world.users["norole"]).get(report_url(query="referrer=af")).status_code == 403


def run_failing(*args):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("report", *args, stdout=io.StringIO(), stderr=err)
    return exit_info.value.code, err.getvalue()


def test_the_command_filters_with_and(world):
    out = io.StringIO()
    call_command(
        "report",
        "helhetslyftet",
        "--format",
        "json",
        "--filter",
        "referrer=af",
        "--filter",
        "organization=kungsbacka",
        stdout=out,
    )
    report = json.loads(out.getvalue())
    assert report["filters"] == {"organization": "kungsbacka", "referrer": "af"}
    assert report["enrollments"] == 1
    out = io.StringIO()
    call_command("report", "helhetslyftet", "--filter", "referrer=fk", stdout=out)
    assert "Filter: referrer=fk" in out.getvalue()


@pytest.mark.parametrize(
    ("option", "named"),
    [
        ("colour=blue", "colour"),
        ("referrer=granne", "granne"),
        ("organization=vaxjo", "vaxjo"),
        ("coordinator=nobody", "nobody"),
        ("home_municipality=Atlantis", "Atlantis"),
        ("referrer", "NYCKEL=VÄRDE"),
    ],
)
def test_the_command_names_an_unknown_filter_and_exits_2(world, option, named):
    code, err = run_failing("helhetslyftet", "--filter", option)
    assert code == 2 and "--filter" in err and named in err


def test_an_evaluator_gets_the_filtered_report_with_small_numbers_hidden(world, login_as):
    response = login_as(world.users["evaluator"]).get(report_url(query="referrer=af"))
    report = response.context["report"]
    assert report["filters"] == {"referrer": "af"} and report["enrollments"] == "<5"

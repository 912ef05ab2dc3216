"""The report over the API is exactly what ``stegvis report --format json`` prints for the same options."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from stegvis.audit.models import AuditEntry


def cli_report(*args):
    out = io.StringIO()
    call_command("report", "helhetslyftet", "--format", "json", *args, stdout=out)
    report = json.loads(out.getvalue())
    report.pop("generated_at")
    return report


def api_report(client, **params):
    response = client.get(reverse("api:project-report", kwargs={"code": "helhetslyftet"}), params)
    assert response.status_code == 200, response.content
    report = response.json()
    report.pop("generated_at")
    return report


@pytest.mark.parametrize(
    "params,args",
    [
        ({}, []),
        ({"on": "2024-12-31"}, ["--on", "2024-12-31"]),
        ({"from": "2023-01-01", "to": "2023-01-31"}, ["--from", "2023-01-01", "--to", "2023-01-31"]),
        ({"filter": ["referrer=af"]}, ["--filter", "referrer=af"]),
        ({"organization": "molndal"}, ["--organization", "molndal"]),
        ({"suppress_small": "true"}, ["--suppress-small"]),
        ({"suppress_small": "true", "min_cell": "3"}, ["--suppress-small", "--min-cell", "3"]),
    ],
)
def test_the_api_report_equals_the_command_s(world, api_as, params, args):
    assert api_report(api_as("admin"), **params) == cli_report(*args)


def test_two_filters_combine_as_on_the_command_line(world, api_as):
    params = {"filter": ["referrer=af", "organization=kungsbacka"]}
    got = api_report(api_as("leader"), **params)
    assert got == cli_report("--filter", "referrer=af", "--filter", "organization=kungsbacka")
    assert got["filters"] == {"organization": "kungsbacka", "referrer": "af"}


def test_an_evaluator_always_gets_small_numbers_hidden(world, api_as):
    assert api_report(api_as("evaluator")) == cli_report("--suppress-small")
    # Asking for a smaller N does not show more.
    assert api_report(api_as("evaluator"), suppress_small="true", min_cell="2") == cli_report(
        "--suppress-small"
    )


def test_the_report_read_is_recorded_as_an_export(world, api_as):
    api_report(api_as("leader"), on="2024-12-31")
    entry = AuditEntry.objects.filter(action="export", object_type="organizations.project").latest("pk")
    assert entry.username == "leader" and entry.detail == "API: json on=2024-12-31"


@pytest.mark.parametrize(
    "params,field,words",
    [
        ({"on": "2999-01-01"}, "on", "senare än i dag"),
        ({"on": "31/12/2024"}, "on", "ÅÅÅÅ-MM-DD"),
        ({"from": "2024-02-01", "to": "2024-01-01"}, "to", "före"),
        ({"filter": ["referrer"]}, "filter", "NYCKEL=VÄRDE"),
        ({"filter": ["colour=red"]}, "filter", "Okänt filter"),
        ({"organization": "vaxjo"}, "organization", "vaxjo"),
        ({"min_cell": "3"}, "min_cell", "suppress_small"),
        ({"suppress_small": "true", "min_cell": "1"}, "min_cell", ""),
    ],
)
def test_bad_options_name_the_parameter(world, api_as, params, field, words):
    response = api_as("admin").get(reverse("api:project-report", kwargs={"code": "helhetslyftet"}), params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:stegvis:problem:validation"
    fields = {error["field"] for error in body["errors"]}
    assert field in fields, body
    assert words in json.dumps(body, ensure_ascii=False)

"""The comparison, the follow-up, the SUS list and data quality over the API: the same figures as the
command or the page with the same options, hidden small numbers for evaluators, 400 naming the parameter."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.consent.actions import give_consent
from stegvis.participants import actions
from stegvis.reports.tests.helpers import D, enrol, make_project, person

COMPARISON = reverse("api:comparison")


def without_time(report):
    return {key: value for key, value in report.items() if key != "generated_at"}


def as_json(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def command_json(name, *args):
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def errors_of(response):
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"]: error["detail"] for error in response.json()["errors"]}


@pytest.fixture
def two_projects(world):
    """Helhetslyftet and a project of Kungsbacka's with small numbers (as the command's tests)."""
    project = make_project(world)
    group = actions.need_group_named(project, "Nyanlända")
    enrol(world, project, person(world, gender="K"), D(2021, 1, 1), end=D(2021, 3, 1), reason="studier")
    enrol(world, project, person(world, gender="M"), D(2021, 2, 1), referrer="af", need_group=group)
    for i in range(6):
        enrol(world, project, person(world, gender="K", birth_year=1980 + i), D(2021, 3, 1), referrer="af")
    return world.projects["helhetslyftet"], project


# --- comparison ----------------------------------------------------------------------------------

# (command options, the same as query parameters)
OPTION_SETS = [
    (["--on", "2022-01-01"], {"on": "2022-01-01"}),
    (
        ["--on", "2022-01-01", "--from", "2021-02-01", "--to", "2021-12-31"],
        {"on": "2022-01-01", "from": "2021-02-01", "to": "2021-12-31"},
    ),
    (
        ["--on", "2022-01-01", "--filter", "referrer=af", "--filter", "intake_channel=okand"],
        {"on": "2022-01-01", "filter": ["referrer=af", "intake_channel=okand"]},
    ),
    (["--on", "2022-01-01", "--suppress-small"], {"on": "2022-01-01", "suppress_small": "true"}),
    (
        ["--on", "2022-01-01", "--suppress-small", "--min-cell", "3", "--filter", "referrer=af"],
        {"on": "2022-01-01", "suppress_small": "true", "min_cell": "3", "filter": "referrer=af"},
    ),
]


@pytest.mark.parametrize("options,params", OPTION_SETS, ids=[" ".join(o[0]) for o in OPTION_SETS])
def test_the_comparison_is_exactly_the_commands(two_projects, api_as, options, params):
    codes = [p.code for p in two_projects]
    expected = command_json("compare", *codes, "--format", "json", *options)
    response = api_as("admin").get(COMPARISON, {"project": codes, **params})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["on"] == expected["on"] == "2022-01-01"
    assert [without_time(r) for r in body["projects"]] == [without_time(r) for r in expected["projects"]]
    exports = AuditEntry.objects.filter(action=AuditAction.EXPORT, user__username="admin")
    assert exports.count() == 2 and all("API: jämförelse: json" in e.detail for e in exports)


def test_an_evaluator_always_gets_the_comparison_with_small_numbers_hidden(two_projects, api_as):
    code = two_projects[0].code
    hidden = command_json("compare", code, "--on", "2022-01-01", "--suppress-small")
    raw = command_json("compare", code, "--on", "2022-01-01")
    assert without_time(hidden["projects"][0]) != without_time(raw["projects"][0])  # there is a small number
    for params in ({}, {"suppress_small": "false"}):
        body = api_as("evaluator").get(COMPARISON, {"project": code, "on": "2022-01-01", **params}).json()
        assert without_time(body["projects"][0]) == without_time(hidden["projects"][0])
    # A lower N than the owner's is not taken from an evaluator.
    body = (
        api_as("evaluator")
        .get(COMPARISON, {"project": code, "on": "2022-01-01", "suppress_small": "1", "min_cell": "2"})
        .json()
    )
    assert without_time(body["projects"][0]) == without_time(hidden["projects"][0])


def test_a_comparison_with_a_project_whose_records_one_does_not_see_is_hidden_in_every_project(
    two_projects, api_as
):
    # Mölndal's coordinator sees the report of Helhetslyftet but not the test project's records,
    # nor all of Helhetslyftet's: both projects come with small numbers hidden, as on the page.
    helhetslyftet, _other = two_projects
    code = helhetslyftet.code
    hidden = command_json("compare", code, "--on", "2022-01-01", "--suppress-small")
    body = api_as("coord_mdl").get(COMPARISON, {"project": code, "on": "2022-01-01"}).json()
    assert without_time(body["projects"][0]) == without_time(hidden["projects"][0])
    raw = command_json("compare", code, "--on", "2022-01-01")
    body = api_as("leader").get(COMPARISON, {"project": code, "on": "2022-01-01"}).json()
    assert without_time(body["projects"][0]) == without_time(raw["projects"][0])


@pytest.mark.parametrize(
    "params,field,words",
    [
        ({}, "project", "minst ett projekt"),
        ({"project": "finns-inte"}, "project", "finns-inte"),
        ({"project": ["helhetslyftet", "helhetslyftet"]}, "project", "två gånger"),
        ({"project": "spik"}, "project", "spik"),  # a project one may not see reads as missing
        ({"project": "helhetslyftet", "on": "2022-13-01"}, "on", ""),
        ({"project": "helhetslyftet", "on": "2999-01-01"}, "on", "senare än i dag"),
        ({"project": "helhetslyftet", "from": "2022-02-01", "to": "2022-01-01"}, "to", "före"),
        ({"project": "helhetslyftet", "filter": "referrer"}, "filter", "NYCKEL=VÄRDE"),
        ({"project": "helhetslyftet", "filter": "referrer=nej"}, "filter", "helhetslyftet: "),
        ({"project": "helhetslyftet", "filter": "farg=bla"}, "filter", "Okänt filter"),
        ({"project": "helhetslyftet", "min_cell": "3"}, "min_cell", "suppress_small"),
        ({"project": "helhetslyftet", "suppress_small": "1", "min_cell": "1"}, "min_cell", ""),
        ({"project": "helhetslyftet", "suppress_small": "kanske"}, "suppress_small", ""),
    ],
)
def test_bad_comparison_parameters_are_400_naming_the_parameter(world, api_as, params, field, words):
    errors = errors_of(api_as("coord_kba").get(COMPARISON, params))
    assert list(errors) == [field]
    assert words in errors[field]


# --- follow-up -----------------------------------------------------------------------------------


def follow_up(code):
    return reverse("api:project-follow-up", kwargs={"code": code})


@pytest.mark.parametrize(
    "role,params",
    [
        ("admin", {"month": "2023-03"}),
        ("leader", {"from": "2022-09-01", "to": "2023-06-30", "on": "2023-07-01"}),
        ("coord_kba", {"month": "2023-03", "organization": "kungsbacka"}),
        ("coord_kba", {"month": "2023-03", "referrer": "af"}),
        ("admin", {"month": "2023-03", "suppress_small": "1"}),
        ("evaluator", {"month": "2023-03"}),  # always hidden, as on the page
        ("admin", {}),  # the last whole month, chosen the page's way
    ],
)
def test_the_follow_up_is_what_the_page_shows(world, api_as, login_as, role, params):
    page = login_as(world.users[role]).get(
        reverse("reports:followup", kwargs={"code": "helhetslyftet"}), params
    )
    assert page.status_code == 200 and page.context["report"] is not None
    response = api_as(role).get(follow_up("helhetslyftet"), params)
    assert response.status_code == 200, response.content
    assert without_time(response.json()) == without_time(as_json(page.context["report"]))
    entry = AuditEntry.objects.filter(action=AuditAction.EXPORT, user=world.users[role]).get()
    assert entry.detail.startswith("API: uppföljning: json")


def test_the_evaluators_follow_up_has_small_numbers_hidden(world, api_as):
    raw = api_as("admin").get(follow_up("helhetslyftet"), {"month": "2023-03"}).json()
    hidden = api_as("evaluator").get(follow_up("helhetslyftet"), {"month": "2023-03"}).json()
    assert raw["enrollments"] != hidden["enrollments"] and str(hidden["enrollments"]).startswith("<")


@pytest.mark.parametrize(
    "params,field",
    [
        ({"month": "2023-13"}, "month"),
        ({"month": "2023-03", "from": "2023-01-01"}, "month"),
        ({"month": "2999-01"}, "month"),
        ({"month": "2023-03", "on": "2023-02-01"}, "on"),
        ({"from": "2023-03-01", "to": "2023-01-01"}, "to"),
        ({"organization": "vaxjo"}, "organization"),
        ({"need_group": "finns-inte"}, "need_group"),
        ({"suppress_small": "kanske"}, "suppress_small"),
    ],
)
def test_bad_follow_up_parameters_are_400_naming_the_parameter(world, api_as, params, field):
    assert list(errors_of(api_as("leader").get(follow_up("helhetslyftet"), params))) == [field]


# --- SUS list ------------------------------------------------------------------------------------


@pytest.fixture
def anna_consents(world):
    """Anna gave SUS consent (without it she is an anonymous row); Bo has no personnummer (anonymous)."""
    enrollment = world.enrollments["anna"]
    give_consent(None, enrollment, kind="sus", given_on=enrollment.start_date, method="skriftligt")


def sus_url(code="helhetslyftet"):
    return reverse("api:project-sus", kwargs={"code": code})


def command_csv(tmp_path, *args):
    path = tmp_path / "sus.csv"
    call_command("sus", "helhetslyftet", "--output", str(path), *args, stdout=io.StringIO())
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    return rows[0], rows[1:]


def as_csv_cells(body):
    return [
        ["" if row[c["key"]] is None else str(row[c["key"]]) for c in body["columns"]] for row in body["rows"]
    ]


@pytest.mark.parametrize(
    "options,params",
    [
        ([], {}),
        (["--on", "2023-01-01"], {"on": "2023-01-01"}),
        (["--from", "2022-01-01", "--to", "2023-12-31"], {"from": "2022-01-01", "to": "2023-12-31"}),
        (["--organization", "molndal"], {"organization": "molndal"}),
        (["--pseudonymise"], {"pseudonymise": "true"}),
    ],
)
def test_the_sus_rows_are_the_commands(world, anna_consents, api_as, tmp_path, options, params):
    header, rows = command_csv(tmp_path, *options)
    response = api_as("admin").get(sus_url(), params)
    assert response.status_code == 200, response.content
    body = response.json()
    assert [c["label"] for c in body["columns"]] == header
    assert as_csv_cells(body) == rows
    assert body["pseudonymised"] is ("pseudonymise" in params)


def test_the_sus_list_is_audited_like_the_download(world, anna_consents, api_as):
    body = api_as("coord_kba").get(sus_url()).json()
    assert [row["participant"] for row in body["rows"]] == ["Anna Andersson"]  # only Kungsbacka's rows
    entries = AuditEntry.objects.filter(action=AuditAction.EXPORT, user=world.users["coord_kba"])
    assert (
        entries.filter(object_type="organizations.project")
        .get()
        .detail.startswith("API: SUS-lista json (med identitet, 1 rader)")
    )
    assert list(entries.exclude(person=None).values_list("person_id", flat=True)) == [
        world.persons["anna"].pk
    ]


def test_an_evaluator_gets_the_sus_list_pseudonymised(world, anna_consents, api_as):
    body = api_as("evaluator").get(sus_url(), {"pseudonymise": "false"}).json()
    assert body["pseudonymised"] is True
    assert {c["key"] for c in body["columns"]}.isdisjoint({"participant", "personnummer"})
    pseudonyms = sorted(row["pseudonym"] for row in body["rows"])
    assert pseudonyms[0] == "Anonym" and pseudonyms[1].startswith("P-")  # Bo, Anna
    entry = AuditEntry.objects.filter(
        action=AuditAction.EXPORT, user=world.users["evaluator"], object_type="organizations.project"
    ).get()
    assert "pseudonymiserad" in entry.detail


def test_the_sus_list_takes_as_many_queries_for_many_rows(world, api_as):
    client = api_as("admin")
    client.get(sus_url())  # the token and the roles, read once
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(sus_url()).json()["rows"]) == 2
    project = world.projects["helhetslyftet"]
    for i in range(5):
        enrol(world, project, person(world, birth_year=1980 + i), D(2023, 1, 1))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(sus_url()).json()["rows"]) == 7
    assert len(many) == len(few)


@pytest.mark.parametrize(
    "params,field",
    [
        ({"on": "igår"}, "on"),
        ({"on": "2999-01-01"}, "on"),
        ({"from": "2023-03-01", "to": "2023-01-01"}, "to"),
        ({"organization": "vaxjo"}, "organization"),
        ({"pseudonymise": "kanske"}, "pseudonymise"),
    ],
)
def test_bad_sus_parameters_are_400_naming_the_parameter(world, api_as, params, field):
    assert list(errors_of(api_as("admin").get(sus_url(), params))) == [field]
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


# --- data quality --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "leader", "coord_kba", "coord_mdl"])
@pytest.mark.parametrize(
    "page,endpoint,code",
    [
        ("quality:project", "api:project-data-quality", "helhetslyftet"),
        ("quality:organization", "api:organization-data-quality", "kungsbacka"),
    ],
)
def test_the_data_quality_counts_are_the_pages(world, api_as, login_as, role, page, endpoint, code):
    shown = login_as(world.users[role]).get(reverse(page, kwargs={"code": code}))
    response = api_as(role).get(reverse(endpoint, kwargs={"code": code}))
    if shown.status_code == 404:
        assert response.status_code == 404
        return
    body = response.json()
    assert [(k["key"], k["count"]) for k in body["kinds"]] == [
        (k["key"], k["count"]) for k in shown.context["kinds"]
    ]
    assert body["data_quality"] == {k["key"]: k["count"] for k in shown.context["kinds"]}
    assert body["total"] == shown.context["total"] and body["on"] == shown.context["on"].isoformat()


def test_data_quality_counts_a_missing_exit(world, api_as):
    # Anna's enrolment runs on past the project's end: the first kind counts it.
    body = api_as("admin").get(reverse("api:project-data-quality", kwargs={"code": "helhetslyftet"})).json()
    assert body["project"] == "helhetslyftet" and body["total"] == sum(body["data_quality"].values())
    assert [k["key"] for k in body["kinds"]] == list(body["data_quality"])

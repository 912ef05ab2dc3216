"""Reading casework over the API: measurements, interventions, contacts, plan goals and steps.

Every list is exactly what ``restrict`` gives, costs the same number of queries at any page size,
filters by enrolment, person, project and change time, and is audited in one INSERT tied to each
person on the page; a single row is audited too and carries its version as an ETag. Writing is
``test_casework_writes.py``'s.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.api.tests.casework_rows import KINDS, card, casework_rows
from stegvis.audit.models import AuditEntry
from stegvis.casework.actions import create_goal, create_step
from stegvis.casework.models import PlanGoal, PlanStep
from stegvis.contacts.actions import record_contact
from stegvis.contacts.models import Contact
from stegvis.core.access import VIEW
from stegvis.core.tests.roles import ROLES
from stegvis.interventions.actions import add_participant_intervention
from stegvis.interventions.models import ParticipantIntervention
from stegvis.interventions.testing import catalogue_entry
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Measurement

MODEL = {
    "measurement": Measurement,
    "intervention": ParticipantIntervention,
    "contact": Contact,
    "plan-goal": PlanGoal,
    "plan-step": PlanStep,
}


def list_url(kind):
    return reverse(f"api:{kind}-list")


def detail_url(kind, row):
    return reverse(f"api:{kind}-detail", kwargs={"pk": row.pk})


def more_rows(world, kind, count):
    """``count`` more rows of ``kind`` in anna's enrolment, through the actions."""
    enrollment = world.enrollments["anna"]
    days = [enrollment.start_date + datetime.timedelta(days=20 + n) for n in range(count)]
    if kind == "measurement":
        for day in days:
            record_measurement(
                None, enrollment, card(), respondent="handlaggare", date=day, answers={"q1": 5}
            )
    elif kind == "intervention":
        entry = catalogue_entry(world)
        for day in days:
            add_participant_intervention(None, enrollment, intervention=entry, start_date=day)
    elif kind == "contact":
        for day in days:
            record_contact(None, enrollment, contact_date=day, channel="telefon")
    elif kind == "plan-goal":
        for n in range(count):
            create_goal(None, enrollment, horizon="kort", direction="studier", text=f"Mål {n}")
    else:
        goal = casework_rows(world, "anna")["plan-goal"]
        for day in days:
            create_step(None, goal, what="Ett steg", owner="deltagare", due_date=day)


def ids_of(client, url, params=None):
    """Every row of a list, following the cursor (two rows a page, to page for real)."""
    found = []
    response = client.get(url, {"limit": 2, **(params or {})})
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        found += [row["id"] for row in body["results"]]
        if not body["next"]:
            return found
        response = client.get(body["next"])


@pytest.fixture
def rows(world):
    """Casework rows of anna (Kungsbacka), bo (Mölndal) and cia (Växjö, SPiK)."""
    return {key: casework_rows(world, key) for key in ("anna", "bo", "cia")}


@pytest.mark.parametrize("kind", KINDS)
def test_a_list_costs_the_same_queries_at_any_page_size(world, rows, api_as, kind):
    more_rows(world, kind, 10)
    client = api_as("coord_kba")
    client.get(list_url(kind))  # the token's "last used" is written once a minute: not in the counts
    with CaptureQueriesContext(connection) as two:
        response = client.get(list_url(kind), {"limit": 2})
    assert len(response.json()["results"]) == 2
    with CaptureQueriesContext(connection) as ten:
        response = client.get(list_url(kind), {"limit": 10})
    assert len(response.json()["results"]) == 10
    assert len(two.captured_queries) == len(ten.captured_queries), [q["sql"] for q in ten.captured_queries]
    inserts = [q for q in ten.captured_queries if q["sql"].startswith('INSERT INTO "audit_auditentry"')]
    assert len(inserts) == 1  # the search entry and one entry per row, together


@pytest.mark.parametrize("kind", KINDS)
def test_a_list_is_audited_per_person(world, rows, api_as, kind):
    response = api_as("coord_kba").get(list_url(kind), {"project": "helhetslyftet"})
    assert response.status_code == 200
    shown = response.json()["results"]
    assert [row["person"] for row in shown] == [world.persons["anna"].pk]
    label = MODEL[kind]._meta.label_lower
    search = AuditEntry.objects.get(action="search", object_type=label)
    assert search.username == "coord_kba" and search.changes == {"project": [None, "helhetslyftet"]}
    views = AuditEntry.objects.filter(action="view", object_type=label)
    assert [(e.object_id, e.person_id) for e in views] == [(str(shown[0]["id"]), world.persons["anna"].pk)]


@pytest.mark.parametrize("kind", KINDS)
def test_a_single_row_is_audited_and_carries_its_version(world, rows, api_as, kind):
    row = rows["anna"][kind]
    response = api_as("leader").get(detail_url(kind, row))
    assert response.status_code == 200
    assert response["ETag"] == f'"{row.version}"'
    body = response.json()
    assert (body["id"], body["person"], body["version"]) == (row.pk, world.persons["anna"].pk, row.version)
    assert body["enrollment"] == world.enrollments["anna"].pk
    entry = AuditEntry.objects.get(action="view", object_type=MODEL[kind]._meta.label_lower)
    assert (entry.object_id, entry.person_id, entry.username) == (
        str(row.pk),
        world.persons["anna"].pk,
        "leader",
    )


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("anonymous", "norole", "evaluator")])
def test_lists_are_exactly_what_restrict_gives(world, rows, api_as, role):
    client = api_as(role)
    for kind, model in MODEL.items():
        found = ids_of(client, list_url(kind))
        expected = model.objects.restrict(world.users[role], VIEW).values_list("pk", flat=True)
        assert sorted(found) == sorted(expected), kind
        assert len(found) == len(set(found))


@pytest.mark.parametrize("kind", KINDS)
def test_lists_filter_by_enrollment_person_project_and_change_time(world, rows, api_as, kind):
    client = api_as("admin")
    ids = {key: rows[key][kind].pk for key in rows}
    assert ids_of(client, list_url(kind), {"enrollment": world.enrollments["bo"].pk}) == [ids["bo"]]
    assert ids_of(client, list_url(kind), {"person": world.persons["anna"].pk}) == [ids["anna"]]
    assert ids_of(client, list_url(kind), {"project": "spik"}) == [ids["cia"]]
    assert sorted(ids_of(client, list_url(kind), {"updated_since": "2000-01-01T00:00:00Z"})) == sorted(
        ids.values()
    )
    assert ids_of(client, list_url(kind), {"updated_since": "2999-01-01T00:00:00Z"}) == []
    response = client.get(list_url(kind), {"updated_since": "i går"})
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["updated_since"]


def test_filters_do_not_reach_past_the_rule(world, rows, api_as):
    client = api_as("coord_mdl")
    for kind in KINDS:
        response = client.get(list_url(kind), {"person": world.persons["anna"].pk})
        assert response.json()["results"] == [], kind


def test_a_measurement_reads_with_its_answers_and_score(world, rows, api_as):
    measurement = rows["anna"]["measurement"]
    body = api_as("coord_kba").get(detail_url("measurement", measurement)).json()
    assert body["answers"] == {"q1": 4, "q2": 6, "q3": None}
    assert body["score"] == 5.0
    assert (body["instrument"], body["instrument_code"]) == (card().pk, "progressionskort")


def test_a_contact_names_its_staff_and_a_step_its_goal(world, rows, api_as):
    client = api_as("coord_kba")
    contact = client.get(detail_url("contact", rows["anna"]["contact"])).json()
    assert contact["staff"] == ["coord_kba"]  # the coordinator, by default
    step = client.get(detail_url("plan-step", rows["anna"]["plan-step"])).json()
    assert step["goal"] == rows["anna"]["plan-goal"].pk

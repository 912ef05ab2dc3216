"""The administrator pages: rules with the next run's counts, and erasure in two confirmed steps."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stegvis.audit.models import AuditEntry
from stegvis.organizations.actions import save_organization
from stegvis.participants.models import Person
from stegvis.privacy.actions import anonymise_on_request, set_retention_rule
from stegvis.privacy.models import RetentionRule
from stegvis.privacy.tests.helpers import MONTHS, build_history

pytestmark = pytest.mark.django_db


def test_the_rules_page_shows_each_organisation_and_what_the_next_run_does(world, login_as):
    build_history(world)  # every enrolment ended by mid-2024
    for org in world.orgs.values():
        set_retention_rule(None, org, **{**MONTHS, "identity_months": 1})
    page = login_as(world.users["admin"]).get("/integritet/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Kungsbacka kommun" in text and "Nästa körning" in text
    assert "4 personer anonymiseras" in text
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 0  # only counted


def test_the_rules_page_asks_the_same_number_of_queries_for_more_organisations(world, login_as):
    client = login_as(world.users["admin"])
    client.get("/integritet/")
    with CaptureQueriesContext(connection) as few:
        client.get("/integritet/")
    for n in range(5):
        save_organization(None, code=f"org{n}", name=f"Organisation {n}", kind="kommun")
    with CaptureQueriesContext(connection) as more:
        client.get("/integritet/")
    assert len(more) == len(few)


def test_a_rule_is_saved_and_bad_months_get_a_message_at_the_field(world, login_as):
    client = login_as(world.users["admin"])
    values = {
        "identity_months": 24,
        "casework_months": 12,
        "answers_months": 6,
        "links_months": 1,
        "audit_months": 60,
    }
    bad = client.post("/integritet/regler/kungsbacka/", {**values, "identity_months": 0})
    assert bad.status_code == 200 and "identitet" in bad.content.decode().lower()
    assert not RetentionRule.objects.exists()
    good = client.post("/integritet/regler/kungsbacka/", values)
    assert good.status_code == 302
    assert RetentionRule.objects.get(organization=world.orgs["kungsbacka"]).identity_months == 24


def test_erasure_finds_the_person_asks_the_reason_then_confirmation(world, login_as):
    build_history(world)
    client = login_as(world.users["admin"])
    dag = world.persons["dag"]
    found = client.get("/integritet/anonymisera/", {"identifier": "19930615-1235"})
    assert "Dag Dahl" in found.content.decode() and "Steg 1 av 2" in found.content.decode()
    assert AuditEntry.objects.filter(person=dag, action="view").exists()
    step1 = client.post("/integritet/anonymisera/", {"person": dag.pk, "reason": "Begäran om radering"})
    assert "Steg 2 av 2" in step1.content.decode()
    assert Person.objects.get(pk=dag.pk).first_name == "Dag"  # nothing happens before the confirmation
    done = client.post(
        "/integritet/anonymisera/", {"person": dag.pk, "reason": "Begäran om radering", "confirmed": "True"}
    )
    assert done.status_code == 302
    assert Person.objects.get(pk=dag.pk).anonymised_at is not None
    again = client.get("/integritet/anonymisera/", {"identifier": "19930615-1235"})
    assert "Ingen deltagare" in again.content.decode()


def test_erasure_of_a_person_with_an_active_enrolment_needs_the_box_ticked(world, login_as):
    client = login_as(world.users["admin"])
    anna = world.persons["anna"]
    refused = client.post(
        "/integritet/anonymisera/", {"person": anna.pk, "reason": "Begäran", "confirmed": "True"}
    )
    assert refused.status_code == 200 and "pågående inskrivning" in refused.content.decode()
    assert Person.objects.get(pk=anna.pk).anonymised_at is None
    forced = client.post(
        "/integritet/anonymisera/",
        {"person": anna.pk, "reason": "Begäran", "force": "on", "confirmed": "True"},
    )
    assert forced.status_code == 302
    assert Person.objects.get(pk=anna.pk).display_name == "Anonymiserad deltagare"


def test_an_unknown_identifier_gets_a_clear_message(world, login_as):
    page = login_as(world.users["admin"]).get("/integritet/anonymisera/", {"identifier": "INGEN-99"})
    assert page.status_code == 200 and "Ingen deltagare" in page.content.decode()


def test_an_anonymised_person_is_shown_as_such_and_no_search_finds_them(world, login_as):
    build_history(world)
    client = login_as(world.users["admin"])
    link = f"/deltagare/{world.persons['dag'].pk}/"
    queries = ("Dahl", "Dag Dahl", "199306151235", "KBA-2")
    assert all(link in client.get("/deltagare/", {"q": q}).content.decode() for q in queries)
    anonymise_on_request(None, world.persons["dag"], reason="Begäran")
    page = client.get(f"/deltagare/{world.persons['dag'].pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Anonymiserad deltagare" in text and "Dahl" not in text and "KBA-2" not in text
    for query in queries:
        assert link not in client.get("/deltagare/", {"q": query}).content.decode(), query

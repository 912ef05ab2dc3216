"""What a register extract gathers, and that it costs the same number of queries for any record."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stegvis.audit.log import record
from stegvis.audit.models import AuditEntry
from stegvis.participants.actions import merge_persons, register_person, update_person
from stegvis.privacy.extract.collect import collect
from stegvis.privacy.extract.sections import SECTIONS
from stegvis.privacy.tests.records import add_contacts, add_measurements, fill_anna

pytestmark = pytest.mark.django_db


def _section(extract, key):
    return next(s for s in extract["sections"] if s["key"] == key)


def _values(record):
    return {f["key"]: f["value"] for f in record["fields"]}


def test_everything_held_about_anna_is_gathered(world):
    fill_anna(world)
    record(world.users["coord_kba"], "view", world.persons["anna"])

    extract = collect(world.persons["anna"], "19850101-0204", "Admin")

    assert extract["held"] is True
    keys = {s["key"] for s in extract["sections"]}
    assert {
        "identity",
        "references",
        "enrollments",
        "consents",
        "mapping",
        "plan_goals",
        "plan_steps",
        "contacts",
        "network_meetings",
        "measurements",
        "survey_answers",
        "exit_follow_ups",
    } <= keys
    identity = _values(_section(extract, "identity")["records"][0])
    assert identity["personnummer"] == "19850101-0204"
    assert identity["first_name"] == "Anna"
    assert identity["gender"] == "Kvinna"
    assert _values(_section(extract, "references")["records"][0])["ref"] == "KBA-1"
    enrollment = _values(_section(extract, "enrollments")["records"][0])
    assert enrollment["project"] == "Helhetslyftet"
    assert enrollment["referrer"] == "Arbetsförmedlingen"
    assert _values(_section(extract, "consents")["records"][0])["kind"] == "Rapportering till SUS"
    assert "förskola" in _values(_section(extract, "mapping")["records"][0])["own_words"]
    contact = _values(_section(extract, "contacts")["records"][0])
    assert "ÅVC i Öckerö" in contact["note"]
    assert contact["staff"] == "Coord_Kba"
    measurement = _values(_section(extract, "measurements")["records"][0])
    assert measurement["respondent"] == "Deltagare (självskattning)"
    assert ": 3" in measurement["answers"]
    survey = _values(_section(extract, "survey_answers")["records"][0])
    assert "5 av 5" in survey["answers"] or "Öznur" in survey["answers"]
    assert _values(_section(extract, "exit_follow_ups")["records"][0])["situation"].startswith("Arbete")
    # Empty fields are left out rather than shown blank.
    assert "phone" not in identity
    assert identity["created_at"] and "Registrerad i Stegvis" in [
        f["label"] for f in _section(extract, "identity")["records"][0]["fields"]
    ]
    assert _section(extract, "references")["records"][0]["fields"][0]["label"] == "Organisation"

    trail = extract["audit_trail"]
    read = [e for e in trail if e["action"] == "view"]
    assert read and read[0]["who"] == "Coord_Kba (coord_kba)" and read[0]["what"] == "läste"
    assert read[0]["about"] == "dina uppgifter"
    assert all("ip" not in key for e in trail for key in e)


def test_a_change_names_the_fields_but_not_the_values(world):
    anna = world.persons["anna"]
    update_person(world.users["coord_kba"], anna, version=anna.version, phone="070-1234567")

    trail = collect(anna, "KBA-1", "Admin")["audit_trail"]

    change = next(e for e in trail if e["action"] == "update")
    assert change["what"] == "ändrade" and change["fields"] == ["Telefon"]
    assert "070-1234567" not in str(trail)


def test_a_protected_identity_extract_shows_no_number(world):
    extract = collect(world.persons["cia"], "VX-9", "Admin")

    identity = _values(_section(extract, "identity")["records"][0])
    assert "personnummer" not in identity
    assert identity["protected_identity"] == "Ja"
    assert identity["first_name"] == "Cia"


def test_nobody_held_says_so(world):
    extract = collect(None, "19900101-0017", "Admin")

    assert extract["held"] is False
    assert extract["sections"] == [] and extract["audit_trail"] == []
    assert "inga uppgifter om 19900101-0017" in extract["summary"]


def _queries(person):
    with CaptureQueriesContext(connection) as captured:
        collect(person, "x", "Admin")
    return len(captured)


def test_queries_do_not_grow_with_the_record(world):
    fill_anna(world, contacts=1, measurements=1)
    few = _queries(world.persons["anna"])
    add_contacts(world, 12, start=world.enrollments["anna"].start_date)
    add_measurements(world, 6, start=world.enrollments["anna"].start_date.replace(year=2024))
    for role in ("coord_kba", "leader", "admin"):
        record(world.users[role], "view", world.persons["anna"])

    assert _queries(world.persons["anna"]) == few
    # One per section, six prefetches (contact staff, meeting actors, answers and items, survey
    # answers and questions) and one for the log.
    assert few <= len(SECTIONS) + 7


def test_the_log_leaves_out_the_staff_members_address(world):
    reader = world.users["coord_kba"]
    reader._stegvis_ip = "203.0.113.77"
    record(reader, "view", world.persons["anna"])

    extract = collect(world.persons["anna"], "KBA-1", "Admin")

    assert AuditEntry.objects.get(action="view").ip_address == "203.0.113.77"
    assert "203.0.113.77" not in json.dumps(extract)


def test_the_log_of_a_record_merged_into_theirs_is_included(world):
    anna = world.persons["anna"]
    twin = register_person(
        None,
        organization=world.orgs["kungsbacka"],
        first_name="Anna",
        last_name="A",
        gender="K",
        birth_year=1985,
    )
    record(world.users["coord_kba"], "update", twin, changes={"phone": ["", "070"]})
    merge_persons(None, anna, duplicate=twin)

    trail = collect(anna, "KBA-1", "Admin")["audit_trail"]

    assert any(e["what"] == "ändrade" and e["fields"] == ["Telefon"] for e in trail)
    merged = _section(collect(anna, "KBA-1", "Admin"), "merged_records")
    assert _values(merged["records"][0])["last_name"] == "A"


def test_a_self_assessment_link_and_its_unsent_answers_are_in_the_extract(world):
    from stegvis.progression.selfassessment import actions as selfassessment

    link, _raw = selfassessment.create_link(
        world.users["coord_kba"], world.enrollments["anna"], language="ar"
    )
    selfassessment.save_answer(link, item_code="q1", value=7)
    selfassessment.save_answer(link, item_code="q2", value=None)
    extract = collect(world.persons["anna"], "19850101-0204", "Admin")
    record = _values(_section(extract, "self_assessment_links")["records"][0])
    assert record["language"] == "Arabiska"
    assert record["draft_answers"] == "Veta vägen till jobb: 7; Mina kunskaper: vet inte"


def test_a_dismissed_reminder_and_its_reason_are_in_the_extract(world):
    import datetime

    from stegvis.worklist.actions import decide

    decide(
        world.users["coord_kba"],
        world.enrollments["anna"],
        kind="no_contact",
        ref_date=datetime.date(2023, 1, 10),
        decision="avfardad",
        reason="Anna är sjukskriven, vi hörs i mars.",
    )
    extract = collect(world.persons["anna"], "19850101-0204", "Admin")
    (record,) = _section(extract, "worklist_decisions")["records"]
    values = _values(record)
    assert values["reason"] == "Anna är sjukskriven, vi hörs i mars."
    assert values["decision"] == "Avfärdad" and values["kind"] == "Ingen kontakt"

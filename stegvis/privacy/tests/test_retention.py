"""The retention run: what is due by each organisation's rule, what is removed, what is audited."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from stegvis.audit.models import AuditEntry
from stegvis.audit.verify import verify
from stegvis.casework.models import PlanStep
from stegvis.contacts.models import Contact
from stegvis.participants.models import ParticipantRef, Person
from stegvis.privacy.actions import set_retention_rule
from stegvis.privacy.lookup import find_person
from stegvis.privacy.retention import RUN_OBJECT_TYPE, preview, run
from stegvis.privacy.rules import identity_due
from stegvis.privacy.tests.helpers import DAG_NUMBER, LATER, MONTHS, build_history
from stegvis.surveys.models import SurveyLink
from stegvis.worklist.models import ItemDecision

pytestmark = pytest.mark.django_db


def test_identity_waits_for_the_longest_rule_of_the_persons_organisations(world):
    build_history(world)  # Dag: Kungsbacka ended 2023-09-30, Mölndal ended 2024-05-31
    set_retention_rule(None, world.orgs["kungsbacka"], **MONTHS)
    set_retention_rule(None, world.orgs["molndal"], **{**MONTHS, "identity_months": 36})
    due_2025 = set(identity_due(datetime.date(2025, 6, 1)).values_list("pk", flat=True))
    assert world.persons["anna"].pk in due_2025  # Kungsbacka, 12 months after January 2024
    assert world.persons["dag"].pk not in due_2025  # Mölndal keeps him until June 2027
    assert world.persons["bo"].pk not in due_2025
    assert world.persons["dag"].pk in set(
        identity_due(datetime.date(2027, 6, 1)).values_list("pk", flat=True)
    )


def test_an_active_enrolment_keeps_the_person(world):
    assert not identity_due(LATER.date()).exists()


def test_a_dry_run_counts_and_changes_nothing(world):
    build_history(world)
    entries = AuditEntry.objects.count()
    counts = run(LATER, dry_run=True)
    assert counts["persons"] == 4 and counts["casework"] == 3 and counts["links"] == 1
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 0
    assert AuditEntry.objects.count() == entries
    assert preview(LATER.date()) == {k: v for k, v in counts.items() if k != "dry_run"}
    done = run(LATER)
    assert {k: done[k] for k in counts if k != "dry_run"} == {
        k: v for k, v in counts.items() if k != "dry_run"
    }


def test_the_preview_counts_texts_of_persons_to_anonymise_before_their_own_period(world):
    build_history(world)
    for org in world.orgs.values():
        set_retention_rule(None, org, **{**MONTHS, "identity_months": 1, "casework_months": 240})
    now = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    counts = run(now, dry_run=True)
    assert counts["casework"] == 3  # a contact note, a goal, a step
    assert run(now)["casework"] == 3


def test_a_run_removes_identity_texts_links_and_old_audit_entries_and_audits_counts_only(world):
    build_history(world)
    counts = run(LATER)
    dag = Person.objects.get(pk=world.persons["dag"].pk)
    assert (dag.first_name, dag.last_name, dag.personnummer, dag.phone) == ("", "", None, "")
    assert (dag.gender, dag.birth_year, dag.home_municipality) == ("M", 1993, "1384")
    assert dag.display_name == "Anonymiserad deltagare"
    assert Contact.objects.get(enrollment=world.enrollments["dag"]).note == ""
    step = PlanStep.objects.select_related("goal").get(goal__enrollment=world.enrollments["dag"])
    assert (step.goal.text, step.what, step.owner_name) == ("[gallrad]", "[gallrad]", "Socialtjänsten")
    assert all(ref.startswith("anonym-") for ref in ParticipantRef.objects.values_list("ref", flat=True))
    if SurveyLink.objects.exists():
        assert SurveyLink.objects.get().token_hash.startswith("gallrad-")
    # The default audit period (60 months) has passed too: the entries about persons are gone.
    assert counts["audit_removed"] > 0
    assert not AuditEntry.objects.filter(person__isnull=False).exists()
    entry = AuditEntry.objects.get(object_type=RUN_OBJECT_TYPE)
    assert entry.changes["persons"] == [None, 4]
    text = json.dumps(entry.changes) + entry.detail
    assert "Dag" not in text and "Kronofogden" not in text and "0701234567" not in text
    assert find_person(DAG_NUMBER) is None
    assert find_person("KBA-2") is None
    # A second run finds nothing left to do.
    again = run(LATER)
    assert again["persons"] == 0 and again["casework"] == 0 and again["links"] == 0


def test_change_history_of_an_anonymised_person_keeps_field_names_only(world):
    build_history(world)
    set_retention_rule(None, world.orgs["kungsbacka"], **{**MONTHS, "audit_months": 240})
    set_retention_rule(None, world.orgs["molndal"], **{**MONTHS, "audit_months": 240})
    assert AuditEntry.objects.filter(person=world.persons["dag"], changes__icontains="Dahl").exists()
    run(LATER)
    entries = AuditEntry.objects.filter(person=world.persons["dag"]).exclude(changes={})
    assert entries.exists()
    assert not any("Dahl" in json.dumps(e.changes) or "Kronofogden" in json.dumps(e.changes) for e in entries)
    created = entries.filter(object_type="participants.person", action="create").get()
    assert created.changes["first_name"] == [None, None]


def test_casework_texts_follow_the_enrolments_organisation(world):
    build_history(world)
    set_retention_rule(None, world.orgs["kungsbacka"], **{**MONTHS, "identity_months": 240})
    set_retention_rule(None, world.orgs["molndal"], **{**MONTHS, "identity_months": 240})
    contact_history = AuditEntry.objects.get(object_type="contacts.contact", action="create")
    assert "Kronofogden" in json.dumps(contact_history.changes, ensure_ascii=False)
    dismissed = ItemDecision.objects.create(
        enrollment=world.enrollments["dag"],
        kind="no_contact",
        ref_date=datetime.date(2023, 3, 2),
        decision="avfardad",
        reason="Dag har flyttat till Kronofogdens stad.",
    )
    counts = run(
        datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC)
    )  # Kungsbacka's enrolment ended 8 months ago
    assert counts["persons"] == 0 and counts["casework"] == 4
    assert Contact.objects.get(enrollment=world.enrollments["dag"]).note == ""
    dismissed.refresh_from_db()
    assert dismissed.reason == "" and dismissed.decision == "avfardad"  # why goes, what stays
    assert Person.objects.get(pk=world.persons["dag"].pk).first_name == "Dag"
    # The note's old and new values in the change history go with it; the field name stays.
    history = AuditEntry.objects.get(object_type="contacts.contact", action="create")
    assert "Kronofogden" not in json.dumps(history.changes) and "note" in history.changes
    # Mölndal's enrolment has no casework; nothing else was touched.
    assert AuditEntry.objects.filter(person=world.persons["dag"], changes__icontains="Dahl").exists()


def test_retention_command_prints_the_counts(world):
    out = io.StringIO()
    call_command("retention", "run", "--dry-run", stdout=out)
    assert json.loads(out.getvalue())["dry_run"] is True


def test_the_daily_job_is_registered():
    from stegvis.notifications.periodic import periodic_job

    assert periodic_job("privacy.retention").every == datetime.timedelta(days=1)


def test_the_job_runs_through_run_job_and_reports_its_counts(world):
    build_history(world)
    out = io.StringIO()
    call_command("run-job", "privacy.retention", stdout=out)
    summary = json.loads(out.getvalue())
    assert set(summary) >= {"persons", "casework", "links", "audit_removed"}
    assert AuditEntry.objects.filter(object_type=RUN_OBJECT_TYPE).count() == 1


def test_anonymising_asks_the_same_number_of_queries_for_two_or_twenty_persons(world, monkeypatch):
    """Bulk updates, no query per person (the audit log's own redaction is measured on its own)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from stegvis.participants import actions
    from stegvis.privacy import anonymise

    monkeypatch.setattr(anonymise, "redact_changes", lambda entries: 0)
    people = [
        actions.register_person(
            None,
            organization=world.orgs["kungsbacka"],
            first_name=f"P{n}",
            gender="K",
            birth_year=1980,
            ref=f"R{n}",
        )
        for n in range(22)
    ]
    with CaptureQueriesContext(connection) as two:
        anonymise.anonymise_persons([p.pk for p in people[:2]])
    with CaptureQueriesContext(connection) as twenty:
        anonymise.anonymise_persons([p.pk for p in people[2:]])
    assert len(twenty) == len(two)


def test_an_anonymised_person_is_still_exported_in_the_exchange_format(world, tmp_path):
    build_history(world)
    run(LATER)
    call_command("export", "helhetslyftet", str(tmp_path), stdout=io.StringIO())
    exported = "".join(path.read_text(encoding="utf-8-sig") for path in tmp_path.rglob("*.csv"))
    assert "anonym-" in exported
    assert "Dahl" not in exported and "KBA-2" not in exported and "199306151235" not in exported


def test_the_audit_chain_still_verifies_after_values_and_entries_are_thinned(world):
    """Retention thins the log only through the audit log's own functions, which leave it verifiable."""
    build_history(world)
    set_retention_rule(None, world.orgs["kungsbacka"], **{**MONTHS, "audit_months": 240})
    run(LATER)  # values redacted; Kungsbacka keeps its entries 20 years
    outcome = verify()
    assert outcome.intact, outcome.broken
    assert outcome.redacted > 0
    removed_before = outcome.removed
    run(LATER + datetime.timedelta(days=365 * 30))  # now Kungsbacka's entries are due as well
    outcome = verify()
    assert outcome.intact, outcome.broken
    assert outcome.removed > removed_before


def test_unsent_answers_on_a_link_go_when_it_expires_or_is_voided(world):
    from stegvis.progression.models import SelfAssessmentLink
    from stegvis.progression.selfassessment import actions as selfassessment

    def link_with_a_draft(enrollment):
        link, _raw = selfassessment.create_link(world.users["coord_kba"], enrollment, language="sv")
        selfassessment.save_answer(link, item_code="q1", value=4)
        return link

    expiring = link_with_a_draft(world.enrollments["anna"])
    valid = link_with_a_draft(world.enrollments["anna"])
    SelfAssessmentLink.objects.filter(pk=expiring.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    now = timezone.now()
    assert run(now, dry_run=True)["link_drafts"] == 1
    assert run(now)["link_drafts"] == 1
    expiring.refresh_from_db()
    valid.refresh_from_db()
    assert (expiring.draft_answers, expiring.draft_saved_at) == ({}, None)
    assert valid.draft_answers == {"q1": 4}
    # Voiding the person's links (erasure, retention of links) empties their drafts as well.
    from stegvis.participants.models import Enrollment
    from stegvis.privacy.anonymise import void_links

    void_links(Enrollment.objects.filter(pk=world.enrollments["anna"].pk), now)
    valid.refresh_from_db()
    assert (valid.draft_answers, valid.draft_saved_at) == ({}, None)

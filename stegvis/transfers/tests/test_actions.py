"""Proposing, withdrawing, accepting and declining a case transfer: rules, messages, audit, history."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from stegvis.audit.models import AuditEntry
from stegvis.core.access import VIEW
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.participants import actions as participant_actions
from stegvis.participants.models import CoordinatorAssignment, Enrollment, Person
from stegvis.reports.followup_figures import with_coordinator_changes
from stegvis.transfers import actions
from stegvis.transfers.models import CaseTransfer, TransferStatus
from stegvis.transfers.testing import anna_to_molndal

pytestmark = pytest.mark.django_db


def _messages(error, field):
    return error.value.message_dict[field]


def _entries(obj):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("pk")


# --- Propose -------------------------------------------------------------------------------------


def test_a_coordinator_proposes_to_a_partner_organisation(world):
    transfer = anna_to_molndal(world, user=world.users["coord_kba"])
    assert transfer.status == TransferStatus.PROPOSED and transfer.is_open
    assert transfer.from_organization == world.orgs["kungsbacka"]
    assert transfer.to_organization == world.orgs["molndal"]
    assert transfer.proposed_by == world.users["coord_kba"]
    entry = _entries(transfer).get()
    assert entry.action == "create" and entry.person_id == world.persons["anna"].pk
    assert entry.changes["to_organization"] == [None, "molndal"]
    assert entry.changes["note"][1].startswith("Flyttar")
    # Proposing changes nothing on the enrolment.
    enrollment = Enrollment.objects.get(pk=world.enrollments["anna"].pk)
    assert enrollment.organization == world.orgs["kungsbacka"]
    assert enrollment.version == world.enrollments["anna"].version


def test_the_project_leader_may_propose(world):
    assert anna_to_molndal(world, user=world.users["leader"]).proposed_by == world.users["leader"]


@pytest.mark.parametrize("role", ["coord_mdl", "coord_spik", "evaluator", "norole"])
def test_only_those_who_may_change_the_enrolment_propose(world, role):
    with pytest.raises(NotAllowed):
        anna_to_molndal(world, user=world.users[role])
    assert not CaseTransfer.objects.exists()


@pytest.mark.parametrize(
    "org,message",
    [
        (None, "Välj den organisation som ska ta över inskrivningen."),
        ("kungsbacka", "Inskrivningen hör redan till den organisationen."),
        ("vaxjo", "Organisationen är inte med i projektet."),
    ],
)
def test_the_receiver_is_another_organisation_of_the_project(world, org, message):
    with pytest.raises(ActionError) as refused:
        actions.propose_transfer(
            world.users["coord_kba"],
            world.enrollments["anna"],
            to_organization=world.orgs[org] if org else None,
            note="Skäl",
        )
    assert _messages(refused, "to_organization") == [message]
    assert not CaseTransfer.objects.exists()


@pytest.mark.parametrize("note,message", [("  ", "Skriv varför"), ("x" * 2001, "högst 2000 tecken")])
def test_a_proposal_says_why(world, note, message):
    with pytest.raises(ActionError) as refused:
        anna_to_molndal(world, user=world.users["coord_kba"], note=note)
    assert message in _messages(refused, "note")[0]


def test_only_an_active_enrolment_is_transferred(world):
    anna = world.enrollments["anna"]
    participant_actions.register_exit(
        None, anna, version=anna.version, end_date=datetime.date(2023, 6, 30), exit_reason="arbete"
    )
    with pytest.raises(ActionError) as refused:
        anna_to_molndal(world, user=world.users["coord_kba"])
    assert "Bara pågående inskrivningar" in _messages(refused, "enrollment")[0]


def test_one_open_proposal_per_enrolment(world):
    first = anna_to_molndal(world)
    with pytest.raises(ActionError) as refused:
        anna_to_molndal(world, user=world.users["coord_kba"])
    assert "väntar på svar" in _messages(refused, "to_organization")[0]
    # Once answered, another may be made.
    actions.withdraw_transfer(world.users["coord_kba"], first, version=first.version)
    assert anna_to_molndal(world, user=world.users["coord_kba"]).is_open


def test_the_database_refuses_a_second_open_proposal(world):
    first = anna_to_molndal(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseTransfer.objects.create(
            enrollment=first.enrollment,
            from_organization=first.from_organization,
            to_organization=first.to_organization,
            note="Samtidigt",
        )


def test_the_database_refuses_a_transfer_to_the_same_organisation(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseTransfer.objects.create(
            enrollment=world.enrollments["anna"],
            from_organization=world.orgs["kungsbacka"],
            to_organization=world.orgs["kungsbacka"],
            note="Fel",
        )


# --- Accept --------------------------------------------------------------------------------------


def test_accepting_moves_the_enrolment_and_names_the_coordinator(world):
    transfer = anna_to_molndal(world)
    mdl = world.users["coord_mdl"]
    accepted = actions.accept_transfer(mdl, transfer, version=transfer.version, coordinator=mdl)
    assert accepted.status == TransferStatus.ACCEPTED
    assert accepted.decided_by == mdl and accepted.new_coordinator == mdl and accepted.decided_at
    enrollment = Enrollment.objects.get(pk=world.enrollments["anna"].pk)
    assert enrollment.organization == world.orgs["molndal"] and enrollment.coordinator == mdl
    # The hand-over is in the coordinator history, so the continuity figures count it as a change.
    history = list(
        CoordinatorAssignment.objects.filter(enrollment=enrollment).values_list("coordinator", flat=True)
    )
    assert history == [world.users["coord_kba"].pk, mdl.pk]
    today = timezone.localdate()
    assert CoordinatorAssignment.objects.filter(enrollment=enrollment).last().from_date == today
    changes = with_coordinator_changes(Enrollment.objects.filter(pk=enrollment.pk), today).get()._changes
    assert changes == "1"


def test_accepting_is_audited_on_the_transfer_and_the_enrolment(world):
    transfer = anna_to_molndal(world)
    mdl = world.users["coord_mdl"]
    actions.accept_transfer(mdl, transfer, version=transfer.version, coordinator=mdl)
    answer = _entries(transfer).last()
    assert answer.user == mdl and answer.changes["status"] == ["proposed", "accepted"]
    assert answer.changes["new_coordinator"] == [None, mdl.pk]
    on_enrollment = list(_entries(world.enrollments["anna"]).filter(user=mdl))
    organisation = [e for e in on_enrollment if "organization" in e.changes]
    coordinator = [e for e in on_enrollment if "coordinator" in e.changes]
    assert organisation[0].changes["organization"] == ["kungsbacka", "molndal"]
    assert organisation[0].detail == "överföring"
    assert coordinator[0].changes["coordinator"] == [world.users["coord_kba"].pk, mdl.pk]
    assert all(e.person_id == world.persons["anna"].pk for e in [answer, *on_enrollment])


def test_accepting_without_a_coordinator_leaves_none(world):
    transfer = anna_to_molndal(world)
    actions.accept_transfer(world.users["coord_mdl"], transfer, version=transfer.version)
    enrollment = Enrollment.objects.get(pk=world.enrollments["anna"].pk)
    assert enrollment.coordinator is None
    assert CoordinatorAssignment.objects.filter(enrollment=enrollment).last().coordinator is None


def test_the_new_coordinator_works_for_the_receiver_and_nothing_is_half_written(world):
    transfer = anna_to_molndal(world)
    with pytest.raises(ActionError) as refused, transaction.atomic():
        actions.accept_transfer(
            world.users["coord_mdl"], transfer, version=transfer.version, coordinator=world.users["coord_kba"]
        )
    assert "arbetar inte med projektet" in _messages(refused, "coordinator")[0]
    transfer.refresh_from_db()
    enrollment = Enrollment.objects.get(pk=world.enrollments["anna"].pk)
    assert transfer.is_open and enrollment.organization == world.orgs["kungsbacka"]


@pytest.mark.parametrize("role", ["coord_kba", "coord_spik"])
def test_only_the_receiver_accepts_or_declines(world, role):
    transfer = anna_to_molndal(world)
    with pytest.raises(NotAllowed):
        actions.accept_transfer(world.users[role], transfer, version=transfer.version)
    with pytest.raises(NotAllowed):
        actions.decline_transfer(world.users[role], transfer, version=transfer.version, reason="Nej")
    transfer.refresh_from_db()
    assert transfer.is_open


def test_an_enrolment_ended_since_the_proposal_is_not_taken_over(world):
    transfer = anna_to_molndal(world)
    anna = world.enrollments["anna"]
    participant_actions.register_exit(
        None, anna, version=anna.version, end_date=datetime.date(2023, 6, 30), exit_reason="flytt"
    )
    with pytest.raises(ActionError) as refused:
        actions.accept_transfer(world.users["coord_mdl"], transfer, version=transfer.version)
    assert "avslutats sedan förslaget" in _messages(refused, "status")[0]


# --- Decline, withdraw, answering twice ----------------------------------------------------------


def test_declining_needs_a_reason_the_sender_reads(world):
    transfer = anna_to_molndal(world)
    with pytest.raises(ActionError) as refused:
        actions.decline_transfer(world.users["coord_mdl"], transfer, version=transfer.version, reason=" ")
    assert _messages(refused, "decline_reason") == ["Skriv varför förslaget avböjs."]
    declined = actions.decline_transfer(
        world.users["coord_mdl"], transfer, version=transfer.version, reason="Vi har inga platser i vår."
    )
    assert (
        declined.status == TransferStatus.DECLINED and declined.decline_reason == "Vi har inga platser i vår."
    )
    assert _entries(transfer).last().changes["status"] == ["proposed", "declined"]
    enrollment = Enrollment.objects.get(pk=world.enrollments["anna"].pk)
    assert enrollment.organization == world.orgs["kungsbacka"]


def test_only_the_sender_withdraws(world):
    transfer = anna_to_molndal(world)
    with pytest.raises(NotAllowed):
        actions.withdraw_transfer(world.users["coord_mdl"], transfer, version=transfer.version)
    withdrawn = actions.withdraw_transfer(world.users["coord_kba"], transfer, version=transfer.version)
    assert withdrawn.status == TransferStatus.WITHDRAWN and withdrawn.decided_by == world.users["coord_kba"]
    assert _entries(transfer).last().changes["status"] == ["proposed", "withdrawn"]


def test_an_answered_proposal_cannot_be_answered_again(world):
    transfer = anna_to_molndal(world)
    actions.decline_transfer(world.users["coord_mdl"], transfer, version=transfer.version, reason="Nej")
    with pytest.raises(ActionError) as refused:
        actions.accept_transfer(world.users["coord_mdl"], transfer, version=transfer.version + 1)
    assert _messages(refused, "status") == ["Förslaget är redan besvarat (avböjd). Ingenting ändrades."]
    with pytest.raises(ActionError):
        actions.withdraw_transfer(world.users["coord_kba"], transfer, version=transfer.version + 1)


def test_a_stale_version_is_a_conflict(world):
    transfer = anna_to_molndal(world)
    with pytest.raises(ConflictError):
        actions.accept_transfer(world.users["coord_mdl"], transfer, version=transfer.version + 5)
    with pytest.raises(ActionError) as refused:
        actions.accept_transfer(world.users["coord_mdl"], transfer, version="gammal")
    assert "versionsnummer" in refused.value.messages[0]
    transfer.refresh_from_db()
    assert transfer.is_open


# --- Who sees what -------------------------------------------------------------------------------


def _sees(user, obj):
    return type(obj).objects.restrict(user, VIEW).filter(pk=obj.pk).exists()


def test_while_proposed_the_receiver_sees_the_proposal_not_the_person(world):
    transfer = anna_to_molndal(world)
    mdl, kba = world.users["coord_mdl"], world.users["coord_kba"]
    assert _sees(mdl, transfer) and _sees(kba, transfer)
    assert not _sees(mdl, world.persons["anna"]) and not _sees(mdl, world.enrollments["anna"])
    assert not _sees(world.users["coord_spik"], transfer) and not _sees(world.users["evaluator"], transfer)


def test_after_acceptance_the_person_is_the_receivers_and_no_longer_the_senders(world):
    transfer = anna_to_molndal(world)
    mdl, kba = world.users["coord_mdl"], world.users["coord_kba"]
    actions.accept_transfer(mdl, transfer, version=transfer.version, coordinator=mdl)
    anna = Person.objects.get(pk=world.persons["anna"].pk)
    assert _sees(mdl, anna) and _sees(mdl, world.enrollments["anna"])
    assert not _sees(kba, anna) and not _sees(kba, world.enrollments["anna"])
    # Both keep the transfer itself: the sender its history, the receiver its case.
    assert _sees(kba, transfer) and _sees(mdl, transfer)


def test_the_sender_keeps_seeing_a_person_it_has_another_enrolment_of(world):
    # Anna's first enrolment (Kungsbacka) ended; her second moves to Mölndal.
    anna = world.persons["anna"]
    helhetslyftet = world.projects["helhetslyftet"]
    first = world.enrollments["anna"]
    participant_actions.register_exit(
        None, first, version=first.version, end_date=datetime.date(2023, 3, 31), exit_reason="annat"
    )
    second = participant_actions.enroll_participant(
        None,
        anna,
        project=helhetslyftet,
        organization=world.orgs["kungsbacka"],
        start_date=datetime.date(2023, 4, 1),
    )
    transfer = actions.propose_transfer(None, second, to_organization=world.orgs["molndal"], note="Flytt")
    actions.accept_transfer(world.users["coord_mdl"], transfer, version=transfer.version)
    kba = world.users["coord_kba"]
    assert _sees(kba, anna) and _sees(kba, first) and not _sees(kba, second)


def test_a_declined_or_withdrawn_proposal_is_no_longer_the_receivers(world):
    mdl = world.users["coord_mdl"]
    declined = anna_to_molndal(world)
    actions.decline_transfer(mdl, declined, version=declined.version, reason="Nej")
    withdrawn = anna_to_molndal(world)
    actions.withdraw_transfer(None, withdrawn, version=withdrawn.version)
    for transfer in (declined, withdrawn):
        assert not _sees(mdl, transfer) and _sees(world.users["coord_kba"], transfer)
        assert _sees(world.users["leader"], transfer) and _sees(world.users["admin"], transfer)

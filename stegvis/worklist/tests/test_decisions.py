"""Decisions about worklist items: the rules leave decided items out, the actions check and audit."""

import datetime

import pytest

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.casework.models import PlanStep, StepStatus
from stegvis.casework.testing import anna_step
from stegvis.contacts.testing import anna_contact
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.interventions.testing import anna_placement
from stegvis.outcomes.testing import end_enrollment
from stegvis.participants.models import Enrollment
from stegvis.worklist import actions, rules
from stegvis.worklist.models import Decision, ItemDecision
from stegvis.worklist.summary import worklist_summary

D = datetime.date


def _anna(world):
    return Enrollment.objects.filter(pk=world.enrollments["anna"].pk)


def _decide(world, user="coord_kba", **fields):
    values = {"decision": Decision.AVFARDAD, "reason": "Flyttat utomlands.", "today": D(2023, 2, 1)}
    values.update(fields)
    return actions.decide(world.users[user] if user else None, world.enrollments["anna"], **values)


@pytest.mark.django_db
def test_a_dismissed_no_contact_stays_away_until_a_new_silence(world):
    anna = _anna(world)
    [row] = rules.no_contact(anna, D(2023, 2, 1), 3)
    assert row.since == D(2023, 1, 10)  # the start: nobody has met her
    _decide(world, kind=rules.NO_CONTACT, ref_date=row.since)
    assert list(rules.no_contact(anna, D(2023, 2, 1), 3)) == []
    assert list(rules.no_contact(anna, D(2023, 5, 1), 3)) == []  # the same silence, however long
    # A contact, then three weeks of silence again: a new occurrence, on the list again.
    anna_contact(world, day=D(2023, 2, 10))
    assert [r.since for r in rules.no_contact(anna, D(2023, 3, 10), 3)] == [D(2023, 2, 10)]


@pytest.mark.django_db
def test_a_snoozed_item_returns_on_its_day(world):
    step = anna_step(world, due_date=D(2023, 3, 1))
    anna = _anna(world)
    _decide(
        world,
        kind=rules.STEPS,
        object_id=step.pk,
        ref_date=step.due_date,
        decision=Decision.PAUSAD,
        snoozed_until=D(2023, 3, 20),
        reason="",
        today=D(2023, 3, 2),
    )
    assert list(rules.steps_due(anna, D(2023, 3, 19))) == []
    assert [s.pk for s in rules.steps_due(anna, D(2023, 3, 20))] == [step.pk]
    # A new due date is a new occurrence even while the snooze lasts.
    PlanStep.objects.filter(pk=step.pk).update(due_date=D(2023, 3, 10))
    assert [s.pk for s in rules.steps_due(anna, D(2023, 3, 11))] == [step.pk]


@pytest.mark.django_db
def test_decided_measurements_placements_and_follow_ups_are_left_out(world):
    anna = _anna(world)
    [due] = rules.measurements_due(anna, D(2023, 2, 1))
    _decide(world, kind=rules.MEASUREMENTS, ref_date=due.next_due)
    assert rules.measurements_due(anna, D(2023, 2, 1)) == []
    placement = anna_placement(world)
    [row] = rules.placements_to_follow_up(anna, D(2023, 3, 23), 3)
    _decide(world, kind=rules.PLACEMENTS, object_id=placement.pk, variant=row.reason, ref_date=row.since)
    assert list(rules.placements_to_follow_up(anna, D(2023, 3, 23), 3)) == []
    # When the placement ends without an outcome, that is another item.
    placement.participation.end_date = D(2023, 4, 1)
    placement.participation.save(update_fields=["end_date"])
    assert [r.reason for r in rules.placements_to_follow_up(anna, D(2023, 4, 2), 3)] == [rules.REASON_OUTCOME]
    end_enrollment(world.enrollments["anna"], day=D(2023, 6, 30))
    [follow_up] = rules.follow_ups_due(anna, D(2023, 7, 16))
    _decide(world, kind=rules.FOLLOW_UPS, ref_date=follow_up.due_on, today=D(2023, 7, 16))
    assert list(rules.follow_ups_due(anna, D(2023, 7, 16))) == []
    # The next follow-up point (3 months) is another occurrence.
    assert [r.due_point for r in rules.follow_ups_due(anna, D(2023, 9, 20))] == [3]


@pytest.mark.django_db
def test_counts_and_the_summary_leave_decided_items_out(world):
    anna = _anna(world)
    on = datetime.date.today()
    before = rules.counts(anna, on, 3)
    [row] = rules.no_contact(anna, on, 3)
    _decide(world, kind=rules.NO_CONTACT, ref_date=row.since, today=on)
    after = rules.counts(anna, on, 3)
    assert after[rules.NO_CONTACT] == before[rules.NO_CONTACT] - 1 == 0
    summary = worklist_summary(world.users["coord_kba"], on)
    assert summary["counts"][rules.NO_CONTACT] == 0
    [due] = rules.measurements_due(anna, on)
    _decide(world, kind=rules.MEASUREMENTS, ref_date=due.next_due, today=on)
    # The start page passes its own due list: the decided one is left out of it too.
    assert rules.counts(anna, on, 3, measurements=[due])[rules.MEASUREMENTS] == 0


@pytest.mark.django_db
def test_undoing_brings_the_item_back_and_is_audited(world):
    anna = _anna(world)
    item = _decide(world, kind=rules.NO_CONTACT, ref_date=D(2023, 1, 10))
    assert list(rules.no_contact(anna, D(2023, 2, 1), 3)) == []
    actions.undo(world.users["coord_kba"], item)
    assert [r.since for r in rules.no_contact(anna, D(2023, 2, 1), 3)] == [D(2023, 1, 10)]
    item.refresh_from_db()
    assert item.undone_at is not None and item.undone_by == world.users["coord_kba"]
    entries = AuditEntry.objects.filter(object_type="worklist.itemdecision", object_id=str(item.pk)).order_by(
        "pk"
    )
    assert [e.action for e in entries] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert all(e.person_id == world.persons["anna"].pk for e in entries)
    assert entries[0].changes["reason"] == [None, "Flyttat utomlands."]
    with pytest.raises(ActionError, match="redan ångrat"):
        actions.undo(world.users["coord_kba"], item)


@pytest.mark.django_db
def test_an_item_decided_already_is_not_decided_twice(world):
    _decide(world, kind=rules.NO_CONTACT, ref_date=D(2023, 1, 10))
    with pytest.raises(ActionError, match="redan fattat ett beslut"):
        _decide(world, kind=rules.NO_CONTACT, ref_date=D(2023, 1, 10), decision=Decision.KLAR)
    # A snooze that has ended decides nothing any more.
    _decide(
        world,
        kind=rules.MEASUREMENTS,
        ref_date=D(2023, 2, 9),
        decision=Decision.PAUSAD,
        snoozed_until=D(2023, 2, 20),
    )
    _decide(world, kind=rules.MEASUREMENTS, ref_date=D(2023, 2, 9), today=D(2023, 2, 20))
    assert ItemDecision.objects.count() == 3


@pytest.mark.django_db
def test_klar_on_a_step_marks_it_done_in_the_plan(world):
    step = anna_step(world, due_date=D(2023, 3, 1))
    item = _decide(
        world, kind=rules.STEPS, object_id=step.pk, ref_date=step.due_date, decision=Decision.KLAR, reason=""
    )
    step.refresh_from_db()
    assert step.status == StepStatus.KLAR
    assert AuditEntry.objects.filter(
        object_type="casework.planstep", object_id=str(step.pk), action="update"
    ).exists()
    assert not actions.may_undo(item)
    with pytest.raises(ActionError, match="Ändra steget i planen"):
        actions.undo(world.users["coord_kba"], item)


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["coord_mdl", "evaluator"])
def test_only_those_who_may_change_the_enrolment_decide(world, user):
    with pytest.raises(NotAllowed):
        _decide(world, user=user, kind=rules.NO_CONTACT, ref_date=D(2023, 1, 10))
    assert not ItemDecision.objects.exists()
    item = _decide(world, kind=rules.NO_CONTACT, ref_date=D(2023, 1, 10))
    with pytest.raises(NotAllowed):
        actions.undo(world.users[user], item)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"decision": Decision.PAUSAD, "snoozed_until": None}, "snoozed_until", "Pausa till: ange ett datum"),
        ({"decision": Decision.PAUSAD, "snoozed_until": D(2023, 1, 31)}, "snoozed_until", "efter i dag"),
        ({"decision": Decision.PAUSAD, "snoozed_until": D(2023, 2, 1)}, "snoozed_until", "efter i dag"),
        ({"decision": Decision.AVFARDAD, "reason": "  "}, "reason", "Skäl: skriv varför"),
        ({"decision": "kanske"}, "decision", "Beslut: välj"),
        ({"kind": "okänt"}, None, "kunde inte läsas"),
        ({"kind": rules.STEPS, "object_id": 999999}, None, "Steget finns inte längre"),
        ({"kind": rules.PLACEMENTS, "object_id": 999999}, None, "Platsen finns inte längre"),
    ],
)
def test_bad_input_is_refused_with_a_message_at_the_field(world, fields, field, message):
    values = {"kind": rules.NO_CONTACT, "ref_date": D(2023, 1, 10)}
    values.update(fields)
    with pytest.raises(ActionError) as caught:
        _decide(world, **values)
    errors = caught.value.message_dict
    assert any(message in text for text in errors[field or "__all__"]), errors  # __all__: above the form
    assert not ItemDecision.objects.exists()


@pytest.mark.django_db
def test_a_step_of_another_enrolment_is_no_item_of_this_one(world):
    from stegvis.casework.actions import create_goal, create_step

    goal = create_goal(None, world.enrollments["bo"], horizon="kort", direction="arbete", text="Jobb")
    step = create_step(None, goal, what="Ringa", owner="koordinator", due_date=D(2023, 3, 1))
    with pytest.raises(ActionError, match="Steget finns inte längre"):
        _decide(world, user="admin", kind=rules.STEPS, object_id=step.pk, ref_date=step.due_date)

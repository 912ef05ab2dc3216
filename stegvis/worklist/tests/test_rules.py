"""The rule of each worklist section, as of fixed days (``on`` is passed in, never today's date)."""

import datetime

import pytest

from stegvis.casework.testing import anna_step
from stegvis.contacts.testing import anna_contact
from stegvis.interventions.actions import add_placement_follow_up
from stegvis.interventions.models import Outcome, Placement
from stegvis.interventions.testing import anna_placement
from stegvis.outcomes.testing import anna_follow_up, end_enrollment
from stegvis.participants.models import Enrollment
from stegvis.progression.measuring.testing import anna_measurement
from stegvis.worklist import rules

D = datetime.date


def _anna(world):
    return Enrollment.objects.filter(pk=world.enrollments["anna"].pk)


def _names(rows):
    return [row.person.first_name for row in rows]


@pytest.mark.django_db
def test_no_contact_counts_from_the_last_contact_or_the_start(world):
    anna = _anna(world)
    # Started 2023-01-10, nobody has met her: 21 days is not yet "more than 3 weeks", 22 is.
    assert _names(rules.no_contact(anna, D(2023, 1, 31), 3)) == []
    assert _names(rules.no_contact(anna, D(2023, 2, 1), 3)) == ["Anna"]
    anna_contact(world, day=D(2023, 1, 25))
    rows = list(rules.no_contact(anna, D(2023, 2, 1), 3))
    assert rows == []
    rows = list(rules.no_contact(anna, D(2023, 2, 16), 3))
    assert [(r.last_contact_on, r.days_without_contact) for r in rows] == [(D(2023, 1, 25), 22)]
    assert list(rules.no_contact(anna, D(2023, 2, 16), 4)) == []  # N is the filter's


@pytest.mark.django_db
def test_no_contact_leaves_out_ended_enrolments(world):
    end_enrollment(world.enrollments["anna"], day=D(2023, 3, 1))
    assert list(rules.no_contact(_anna(world), D(2023, 3, 2), 3)) == []


@pytest.mark.django_db
def test_plan_steps_overdue_or_due_within_two_weeks(world):
    anna_step(world, what="Praktik på en förskola", due_date=D(2023, 4, 1))
    anna_step(world, what="Redan klart", due_date=D(2023, 3, 1), status="klar")
    anna = _anna(world)
    assert list(rules.steps_due(anna, D(2023, 3, 17))) == []  # 15 days ahead
    due = list(rules.steps_due(anna, D(2023, 3, 18)))
    assert [(s.what, s.overdue) for s in due] == [("Praktik på en förskola", False)]
    late = list(rules.steps_due(anna, D(2023, 4, 2)))
    assert [(s.what, s.overdue) for s in late] == [("Praktik på en förskola", True)]


@pytest.mark.django_db
def test_plan_steps_of_an_enrolment_ended_before_the_day_are_not_listed(world):
    anna_step(world, due_date=D(2023, 4, 1))
    end_enrollment(world.enrollments["anna"], day=D(2023, 4, 10))
    assert len(rules.steps_due(_anna(world), D(2023, 4, 10))) == 1  # the exit day still counts
    assert list(rules.steps_due(_anna(world), D(2023, 4, 11))) == []


@pytest.mark.django_db
def test_measurements_due_follow_the_measuring_schedule(world):
    anna = _anna(world)
    assert [
        (e.person.first_name, e.is_baseline_due) for e in rules.measurements_due(anna, D(2023, 1, 20))
    ] == [("Anna", True)]
    anna_measurement(world, day=D(2023, 1, 20))
    assert rules.measurements_due(anna, D(2023, 2, 1)) == []
    # Next due date: the start plus three months (2023-04-10), listed 14 days ahead.
    assert rules.measurements_due(anna, D(2023, 3, 26)) == []
    assert [e.next_due for e in rules.measurements_due(anna, D(2023, 3, 27))] == [D(2023, 4, 10)]


@pytest.mark.django_db
def test_ongoing_placement_without_follow_up_for_n_weeks(world):
    placement = anna_placement(world)  # praktik from 2023-03-01, ongoing
    anna = _anna(world)
    assert list(rules.placements_to_follow_up(anna, D(2023, 3, 22), 3)) == []  # 21 days
    rows = list(rules.placements_to_follow_up(anna, D(2023, 3, 23), 3))
    assert [(p.pk, p.reason, p.last_follow_up_on, p.days_without_follow_up) for p in rows] == [
        (placement.pk, rules.REASON_FOLLOW_UP, None, 22)
    ]
    add_placement_follow_up(
        None, placement, date=D(2023, 3, 20), note="Trivs, handledaren nöjd.", today=D(2023, 3, 20)
    )
    assert list(rules.placements_to_follow_up(anna, D(2023, 3, 23), 3)) == []
    assert [p.last_follow_up_on for p in rules.placements_to_follow_up(anna, D(2023, 4, 11), 3)] == [
        D(2023, 3, 20)
    ]
    # A follow-up made after the day the list is taken does not count yet.
    assert len(rules.placements_to_follow_up(anna, D(2023, 3, 19), 2)) == 1


@pytest.mark.django_db
def test_ended_placement_without_outcome_and_placements_with_outcome(world):
    placement = anna_placement(world)
    placement.participation.end_date = D(2023, 3, 10)
    placement.participation.save(update_fields=["end_date"])
    anna = _anna(world)
    assert list(rules.placements_to_follow_up(anna, D(2023, 3, 10), 3)) == []  # last day, 9 days in
    assert [p.reason for p in rules.placements_to_follow_up(anna, D(2023, 3, 11), 3)] == [
        rules.REASON_OUTCOME
    ]
    Placement.objects.filter(pk=placement.pk).update(outcome=Outcome.ANSTALLNING_HAR)
    assert list(rules.placements_to_follow_up(anna, D(2023, 3, 11), 3)) == []
    assert list(rules.placements_to_follow_up(anna, D(2023, 2, 28), 3)) == []  # not started yet


@pytest.mark.django_db
def test_follow_ups_after_exit_follow_the_outcomes_schedule(world):
    end_enrollment(world.enrollments["anna"], day=D(2023, 6, 30))
    anna = _anna(world)
    assert list(rules.follow_ups_due(anna, D(2023, 7, 15))) == []  # the window opens 14 days before 30 July
    rows = list(rules.follow_ups_due(anna, D(2023, 7, 16)))
    assert [(r.due_point, r.due_on, r.overdue) for r in rows] == [(1, D(2023, 7, 30), False)]
    anna_follow_up(world, months=1)
    assert list(rules.follow_ups_due(anna, D(2023, 8, 1))) == []


@pytest.mark.django_db
def test_counts_agree_with_the_sections(world):
    anna_step(world, due_date=D(2023, 4, 1))
    anna_placement(world)
    user = world.users["coord_kba"]
    on = D(2023, 3, 25)
    enrollments = Enrollment.objects.restrict(user, "view")
    worklist = rules.build(user, enrollments, on, 3)
    assert rules.counts(enrollments, on, 3) == worklist.counts
    assert worklist.counts == {
        rules.NO_CONTACT: 1,
        rules.STEPS: 1,
        rules.MEASUREMENTS: 1,
        rules.PLACEMENTS: 1,
        rules.FOLLOW_UPS: 0,
    }
    [anna] = worklist.persons
    assert worklist.person_count == 1 and not worklist.truncated
    # One card with her four items, the most overdue first: no contact (3 weeks after the start on
    # 10 January), the baseline measurement (9 February), the placement (3 weeks after its start
    # on 1 March), the step (due 1 April).
    assert [item.kind for item in anna.items] == [
        rules.NO_CONTACT,
        rules.MEASUREMENTS,
        rules.PLACEMENTS,
        rules.STEPS,
    ]
    step = anna.items[-1]
    assert step.may_change is True and step.overdue is False and step.days_left == 7
    assert [p.pk for p in rules.persons_shown(worklist)] == [world.persons["anna"].pk]


@pytest.mark.django_db
def test_persons_beyond_the_limit_are_counted_not_shown(world):
    user = world.users["leader"]
    worklist = rules.build(user, Enrollment.objects.restrict(user, "view"), D(2023, 6, 1), 3, person_limit=1)
    assert worklist.person_count == 2 and len(worklist.persons) == 1 and worklist.truncated
    worklist = rules.build(user, Enrollment.objects.restrict(user, "view"), D(2023, 6, 1), 3, limit=1)
    assert worklist.counts[rules.NO_CONTACT] == 2 and worklist.truncated  # items left out


@pytest.mark.django_db
def test_only_the_kinds_chosen_are_worked_out(world):
    anna_step(world, due_date=D(2023, 4, 1))
    user = world.users["coord_kba"]
    worklist = rules.build(user, Enrollment.objects.restrict(user, "view"), D(2023, 3, 25), 3, (rules.STEPS,))
    assert worklist.counts == {rules.STEPS: 1}
    assert [item.kind for item in worklist.persons[0].items] == [rules.STEPS]

import datetime

import pytest

from stegvis.participants import actions as participant_actions
from stegvis.participants.models import Enrollment
from stegvis.progression import actions
from stegvis.progression.measuring import schedule
from stegvis.progression.models import Instrument, Item, ProjectProgressionSettings

D = datetime.date


@pytest.fixture
def card(db):
    return Instrument.objects.get(code="progressionskort", version=1)


def measure(enrollment, card, day, respondent="deltagare"):
    return actions.record_measurement(
        None, enrollment, card, respondent=respondent, date=day, answers={"q1": 5}
    )


def row(world, name, on):
    rows = schedule.annotate_schedule(Enrollment.objects.filter(pk=world.enrollments[name].pk), on)
    return rows[0]


def test_add_months_clamps_to_the_end_of_a_shorter_month():
    assert schedule.add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert schedule.add_months(D(2023, 11, 10), 3) == D(2024, 2, 10)
    assert list(schedule.due_dates(D(2023, 1, 10), 3, D(2023, 10, 10))) == [
        D(2023, 1, 10),
        D(2023, 4, 10),
        D(2023, 7, 10),
        D(2023, 10, 10),
    ]


def test_settings_for_returns_unsaved_defaults_or_the_saved_plan(world):
    project = world.projects["helhetslyftet"]
    plan = schedule.settings_for(project)
    assert plan.pk is None
    assert (plan.primary_instrument_code, plan.interval_months) == ("progressionskort", 3)
    ProjectProgressionSettings.objects.create(project=project, interval_months=6)
    assert schedule.settings_for(project).interval_months == 6


def test_baseline_is_due_from_the_start_and_overdue_after_30_days(world):
    # anna started 2023-01-10 and has no measurement.
    e = row(world, "anna", D(2023, 1, 10))
    assert e.last_measured is None
    assert e.next_due == D(2023, 2, 9)
    assert e.due_now and not e.overdue
    e = row(world, "anna", D(2023, 2, 10))
    assert e.due_now and e.overdue
    # Not started yet: nothing is due.
    e = row(world, "anna", D(2023, 1, 9))
    assert not e.due_now and not e.overdue


def test_after_the_baseline_the_next_due_date_is_start_plus_interval(world, card):
    measure(world.enrollments["anna"], card, D(2023, 1, 20))
    e = row(world, "anna", D(2023, 2, 1))
    assert e.last_measured == D(2023, 1, 20)
    assert e.next_due == D(2023, 4, 10)
    assert not e.due_now and not e.overdue
    # 14 days ahead it enters the due list; after the date it is overdue.
    assert row(world, "anna", D(2023, 3, 27)).due_now
    assert not row(world, "anna", D(2023, 3, 26)).due_now
    e = row(world, "anna", D(2023, 4, 11))
    assert e.due_now and e.overdue


def test_a_measurement_within_tolerance_meets_the_due_date(world, card):
    e = world.enrollments["anna"]
    measure(e, card, D(2023, 1, 20))
    measure(e, card, D(2023, 5, 10))  # 30 days after 2023-04-10: still meets it
    assert row(world, "anna", D(2023, 5, 11)).next_due == D(2023, 7, 10)
    assert schedule.missed_count(Enrollment.objects.filter(pk=e.pk), D(2023, 6, 1)) == 0


def test_a_measurement_outside_tolerance_leaves_the_due_date_missed(world, card):
    e = world.enrollments["anna"]
    measure(e, card, D(2023, 1, 20))
    measure(e, card, D(2023, 5, 11))  # 31 days after 2023-04-10
    qs = Enrollment.objects.filter(pk=e.pk)
    assert schedule.missed_count(qs, D(2023, 6, 1)) == 1
    # The late measurement does not cover 2023-07-10 either (window opens 2023-06-10).
    assert row(world, "anna", D(2023, 6, 1)).next_due == D(2023, 7, 10)


def test_missed_counts_only_closed_windows_and_ignores_other_instruments_and_staff(world, card):
    e = world.enrollments["anna"]
    qs = Enrollment.objects.filter(pk=e.pk)
    other = Instrument.objects.create(code="skapa", name="SKAPA")
    Item.objects.create(
        instrument=other, code="q1", position=1, dimension="x", text="x", low_label="l", high_label="h"
    )
    measure(e, other, D(2023, 1, 15))
    measure(e, card, D(2023, 1, 15), respondent="handlaggare")
    # Baseline window closes 2023-02-09: on 2023-02-09 it can still be met.
    assert schedule.missed_count(qs, D(2023, 2, 9)) == 0
    assert schedule.missed_count(qs, D(2023, 2, 10)) == 1
    # By 2023-08-10: baseline, 2023-04-10 and 2023-07-10 are missed.
    assert schedule.missed_count(qs, D(2023, 8, 10)) == 3
    assert row(world, "anna", D(2023, 8, 10)).last_measured is None


def test_any_version_of_the_primary_instrument_counts(world, card):
    v2 = Instrument.objects.create(code="progressionskort", version=2, name="Progressionskort v2")
    Item.objects.create(
        instrument=v2, code="q1", position=1, dimension="x", text="x", low_label="l", high_label="h"
    )
    measure(world.enrollments["anna"], v2, D(2023, 1, 12))
    assert row(world, "anna", D(2023, 2, 1)).last_measured == D(2023, 1, 12)


def test_the_projects_plan_sets_instrument_and_interval(world, card):
    project = world.projects["helhetslyftet"]
    ProjectProgressionSettings.objects.create(
        project=project, interval_months=6, primary_instrument_code="skapa"
    )
    measure(world.enrollments["anna"], card, D(2023, 1, 12))
    e = row(world, "anna", D(2023, 2, 1))
    assert e.last_measured is None  # progressionskort is not this project's instrument now
    ProjectProgressionSettings.objects.filter(project=project).update(
        primary_instrument_code="progressionskort"
    )
    e = row(world, "anna", D(2023, 2, 1))
    assert e.next_due == D(2023, 7, 10)


def test_ended_enrolments_are_not_due_and_only_count_due_dates_up_to_the_end(world, card):
    e = world.enrollments["anna"]
    measure(e, card, D(2023, 1, 12))
    participant_actions.register_exit(
        None, e, version=e.version, end_date=D(2023, 5, 1), exit_reason="arbete"
    )
    qs = Enrollment.objects.filter(pk=e.pk)
    # Due 2023-04-10 was missed; 2023-07-10 is after the end and does not count.
    assert schedule.missed_count(qs, D(2024, 1, 1)) == 1
    assert schedule.due_enrollments(qs, D(2023, 6, 1)) == []
    assert row(world, "anna", D(2023, 6, 1)).next_due is None
    # While it was still running it was due.
    assert [x.pk for x in schedule.due_enrollments(qs, D(2023, 4, 1))] == [e.pk]


def test_measurements_after_on_are_ignored(world, card):
    e = world.enrollments["anna"]
    measure(e, card, D(2023, 1, 12))
    measure(e, card, D(2023, 4, 12))
    assert row(world, "anna", D(2023, 3, 1)).last_measured == D(2023, 1, 12)
    assert schedule.missed_count(Enrollment.objects.filter(pk=e.pk), D(2023, 3, 1)) == 0


def test_several_enrolments_of_one_person_are_scheduled_separately(world, card):
    anna = world.persons["anna"]
    first = world.enrollments["anna"]
    measure(first, card, D(2023, 1, 12))
    participant_actions.register_exit(
        None, first, version=first.version, end_date=D(2023, 3, 1), exit_reason="annat"
    )
    second = participant_actions.enroll_participant(
        None,
        anna,
        project=world.projects["helhetslyftet"],
        organization=world.orgs["kungsbacka"],
        start_date=D(2023, 6, 1),
    )
    qs = Enrollment.objects.filter(person=anna)
    due = schedule.due_enrollments(qs, D(2023, 6, 5))
    assert [x.pk for x in due] == [second.pk]
    assert due[0].last_measured is None  # the first enrolment's measurement does not count here
    measure(second, card, D(2023, 6, 5))
    assert schedule.due_enrollments(qs, D(2023, 6, 6)) == []
    assert schedule.missed_count(qs, D(2023, 9, 15)) == 0  # the second's 2023-09-01 can still be met
    assert schedule.missed_count(qs, D(2023, 10, 2)) == 1


def test_due_list_is_one_query_however_many_enrolments(world, card, django_assert_num_queries):
    project, org = world.projects["helhetslyftet"], world.orgs["kungsbacka"]
    for n in range(8):
        person = participant_actions.register_person(
            None, organization=org, first_name=f"P{n}", last_name="X", gender="M", birth_year=1990
        )
        participant_actions.enroll_participant(
            None, person, project=project, organization=org, start_date=D(2023, 1, 1 + n)
        )
    qs = Enrollment.objects.select_related("person", "project")
    with django_assert_num_queries(1):
        rows = schedule.due_enrollments(qs, D(2023, 3, 1))
        names = [r.person.display_name for r in rows] + [r.project.name for r in rows]
    assert len(rows) == 11 and names
    with django_assert_num_queries(2):
        assert schedule.missed_count(qs, D(2023, 12, 1)) >= 11

"""The age at an enrolment's start is stored on the enrolment and follows every change of its inputs.

The suite also checks after every test that no stored age is stale (conftest.py); these tests
name the writers one by one, with the age each must give.
"""

import datetime

import pytest

from stegvis.participants import actions
from stegvis.participants.ages import age_on, refresh_ages, stale_ages
from stegvis.participants.models import Enrollment, Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("birth_date", "birth_year", "day", "age"),
    [
        (datetime.date(1985, 1, 1), 1985, datetime.date(2023, 1, 10), 38),
        (datetime.date(1985, 6, 15), 1985, datetime.date(2023, 6, 14), 37),  # the day before the birthday
        (datetime.date(1985, 6, 15), 1985, datetime.date(2023, 6, 15), 38),
        (datetime.date(2000, 2, 29), 2000, datetime.date(2023, 2, 28), 22),
        (None, 1990, datetime.date(2023, 2, 1), 33),  # birth year only: the difference of the years
    ],
)
def test_age_on_follows_the_spec(birth_date, birth_year, day, age):
    assert age_on(birth_date, birth_year, day) == age


def test_enrolling_stores_the_age_on_the_start_date(world):
    assert world.enrollments["anna"].age_at_start == 38  # born 1985-01-01, started 2023-01-10
    assert Enrollment.objects.get(pk=world.enrollments["bo"].pk).age_at_start == 33  # birth year 1990


def test_a_changed_start_date_changes_the_age(world):
    enrollment = world.enrollments["anna"]
    actions.update_enrollment(
        world.users["coord_kba"],
        enrollment,
        version=enrollment.version,
        start_date=datetime.date(2022, 12, 31),
    )
    assert Enrollment.objects.get(pk=enrollment.pk).age_at_start == 37


def test_a_changed_birth_year_changes_the_age_of_every_enrolment(world):
    bo = world.persons["bo"]
    actions.update_person(world.users["coord_mdl"], bo, version=bo.version, birth_year=1980)
    assert list(Enrollment.objects.filter(person=bo).values_list("age_at_start", flat=True)) == [43]
    assert not stale_ages().exists()


def test_merging_gives_the_moved_enrolments_the_age_of_the_person_kept(world):
    duplicate = actions.register_person(
        None, organization=world.orgs["kungsbacka"], gender="K", birth_year=1960
    )
    moved = actions.enroll_participant(
        None,
        duplicate,
        project=world.projects["spik"],
        organization=world.orgs["vaxjo"],
        start_date=datetime.date(2021, 5, 1),
    )
    assert moved.age_at_start == 61
    actions.merge_persons(world.users["admin"], world.persons["anna"], duplicate=duplicate)
    assert Enrollment.objects.get(pk=moved.pk).age_at_start == 36  # Anna, born 1985-01-01


def test_stale_ages_finds_a_person_changed_around_the_writers_and_refresh_mends_it(world):
    bo = world.persons["bo"]
    Person.objects.filter(pk=bo.pk).update(birth_year=1970)
    assert list(stale_ages().values_list("pk", flat=True)) == [world.enrollments["bo"].pk]
    assert refresh_ages(Enrollment.objects.filter(person=bo)) == 1
    assert not stale_ages().exists()
    assert Enrollment.objects.get(pk=world.enrollments["bo"].pk).age_at_start == 53

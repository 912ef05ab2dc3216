import datetime

import pytest
from django.db.models import Max, Sum

from stegvis.contacts import figures
from stegvis.contacts.testing import anna_contact, anna_meeting
from stegvis.outcomes.testing import end_enrollment
from stegvis.participants.models import Enrollment

ON = datetime.date(2023, 4, 10)


def _by_name(queryset):
    return {row.person.first_name: row for row in queryset.select_related("person")}


@pytest.mark.django_db
def test_contact_figures_per_enrolment_as_of_a_date(world):
    # anna started 2023-01-10; bo 2023-02-01 without contacts.
    for day in ("2023-01-12", "2023-02-20", "2023-03-27", "2023-04-20"):  # the last is after ON
        anna_contact(world, day=datetime.date.fromisoformat(day))
    anna_meeting(world, day=datetime.date(2023, 3, 1))
    anna_meeting(world, day=datetime.date(2023, 5, 1))
    qs = Enrollment.objects.filter(project=world.projects["helhetslyftet"])
    rows = _by_name(
        figures.with_meeting_count(figures.with_last_contact(figures.with_contacts_per_month(qs, ON), ON), ON)
    )
    anna, bo = rows["Anna"], rows["Bo"]
    assert (anna.contact_count, bo.contact_count) == (3, 0)
    assert (anna.meeting_count, bo.meeting_count) == (1, 0)
    assert anna.days_enrolled == (ON - datetime.date(2023, 1, 10)).days + 1 == 91
    assert anna.contacts_per_month == pytest.approx(3 * 30.4375 / 91)
    assert bo.contacts_per_month == 0
    assert anna.last_contact_on == datetime.date(2023, 3, 27) and anna.days_since_last_contact == 14
    assert bo.last_contact_on is None and bo.days_since_last_contact is None
    assert (
        anna.days_without_contact == 14 and bo.days_without_contact == (ON - datetime.date(2023, 2, 1)).days
    )


@pytest.mark.django_db
def test_contacts_per_month_stops_at_the_exit_and_is_empty_before_the_start(world):
    anna_contact(world, day=datetime.date(2023, 1, 20))
    end_enrollment(world.enrollments["anna"], day=datetime.date(2023, 1, 29))
    rows = _by_name(figures.with_contacts_per_month(Enrollment.objects.all(), datetime.date(2024, 1, 1)))
    assert rows["Anna"].days_enrolled == 20
    assert rows["Anna"].contacts_per_month == pytest.approx(30.4375 / 20)
    before = _by_name(figures.with_contacts_per_month(Enrollment.objects.all(), datetime.date(2023, 1, 1)))
    assert before["Anna"].days_enrolled == 0 and before["Anna"].contacts_per_month is None


@pytest.mark.django_db
def test_without_contact_for_n_weeks(world):
    anna_contact(world, day=datetime.date(2023, 3, 20))  # 21 days before ON: not over three weeks
    qs = Enrollment.objects.filter(project=world.projects["helhetslyftet"])
    assert set(_by_name(figures.without_contact_for(qs, ON, weeks=3))) == {"Bo"}
    assert set(_by_name(figures.without_contact_for(qs, ON + datetime.timedelta(days=1), weeks=3))) == {
        "Anna",
        "Bo",
    }
    assert set(_by_name(figures.without_contact_for(qs, ON, weeks=10))) == set()
    # Ended enrolments and those not started yet are nobody's worklist.
    end_enrollment(world.enrollments["bo"], day=datetime.date(2023, 3, 1))
    assert set(_by_name(figures.without_contact_for(qs, ON, weeks=3))) == set()
    assert set(_by_name(figures.without_contact_for(qs, datetime.date(2023, 1, 1), weeks=0))) == set()


@pytest.mark.django_db
def test_default_weeks_come_from_the_setting(world, settings):
    assert figures.no_contact_weeks() == 3
    settings.CONTACTS_NO_CONTACT_WEEKS = 100
    qs = Enrollment.objects.filter(project=world.projects["helhetslyftet"])
    assert not figures.without_contact_for(qs, ON).exists()


@pytest.mark.django_db
def test_figures_are_one_query_and_can_be_aggregated(world, django_assert_num_queries):
    for day in ("2023-01-12", "2023-02-20"):
        anna_contact(world, day=datetime.date.fromisoformat(day))
    qs = figures.with_last_contact(figures.with_contacts_per_month(Enrollment.objects.all(), ON), ON)
    with django_assert_num_queries(1):
        totals = qs.aggregate(contacts=Sum("contact_count"), longest=Max("days_without_contact"))
    # cia (SPiK, started 2021-03-01) has had no contact at all.
    assert totals == {"contacts": 2, "longest": (ON - datetime.date(2021, 3, 1)).days}

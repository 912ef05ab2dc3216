"""The participant page is a fixed number of queries, however many enrolments the person has.

Every section (consent, progression, plan, contacts, ...) reads its rows for all the person's
enrolments at once, and none asks again which enrolments the user may change: the page reads
that once with the enrolments (``with_may_change``) and hands it to them all.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.participants import actions

pytestmark = pytest.mark.django_db

ROLES = ["admin", "coord_kba", "leader"]
# Session, user, roles; the person; the audit entry (its transaction, the chain's head and the
# INSERT; on PostgreSQL the chain's lock too); whether the user may change the person; the
# enrolments with their coordinator history and their exits' other outcomes; each section's rows
# (the transfer section: its transfers and the organisations to offer; the time reports: their
# months with their hours; the adaptations section: one; Min sida: its links and the open requests
# to withdraw a consent); the session saved.
QUERIES = {"sqlite": 44, "postgresql": 45}


def _queries(client, person):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("participants:detail", args=[person.pk]))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _end_and_enrol_again(world, person, enrollment, end):
    """End ``enrollment`` on ``end`` and enrol the person again the next day."""
    actions.register_exit(None, enrollment, version=enrollment.version, end_date=end, exit_reason="arbete")
    return actions.enroll_participant(
        None,
        person,
        project=world.projects["helhetslyftet"],
        organization=world.orgs["kungsbacka"],
        start_date=end + datetime.timedelta(days=1),
        referrer="af",
        coordinator=world.users["coord_kba"],
    )


@pytest.mark.parametrize("role", ROLES)
def test_the_participant_page_is_a_fixed_number_of_queries(world, login_as, role):
    anna = world.persons["anna"]
    client = login_as(world.users[role])
    # One ended and one active enrolment: every section has rows to read.
    current = _end_and_enrol_again(world, anna, world.enrollments["anna"], datetime.date(2023, 6, 30))
    client.get(reverse("participants:detail", args=[anna.pk]))  # the session settles
    two = _queries(client, anna)
    for end in (datetime.date(2023, 12, 31), datetime.date(2024, 6, 30)):
        current.refresh_from_db()
        current = _end_and_enrol_again(world, anna, current, end)
    assert anna.enrollments.count() == 4
    assert _queries(client, anna) == two == QUERIES[connection.vendor]

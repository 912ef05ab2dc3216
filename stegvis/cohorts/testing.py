"""Test helpers of the cohorts app, used by its own tests and the URL walk."""

import datetime

from stegvis.cohorts import actions
from stegvis.participants.actions import enroll_participant, register_person

START = datetime.date(2023, 3, 6)


def kba_cohort(world, members=("anna", "bo"), sessions=2):
    """A Kungsbacka group in Helhetslyftet with anna (Kungsbacka) and bo (Mölndal), weekly sessions."""
    cohort = actions.create_cohort(
        None,
        project=world.projects["helhetslyftet"],
        organization=world.orgs["kungsbacka"],
        name="Startgrupp vår",
        start_date=START,
        end_date=START + datetime.timedelta(weeks=12),
        place="Träffpunkten",
        leaders=[world.users["coord_kba"]],
    )
    for name in members:
        actions.add_member(None, cohort, enrollment=world.enrollments[name], joined_on=START)
    for week in range(sessions):
        actions.create_session(
            None,
            cohort,
            date=START + datetime.timedelta(weeks=week),
            topic=f"Träff {week + 1}",
            start_time=datetime.time(9, 30),
        )
    return cohort


def cohort_kwargs(world):
    return {"pk": kba_cohort(world).pk}


def session_kwargs(world):
    return {"pk": kba_cohort(world).sessions.first().pk}


def member_kwargs(world):
    return {"pk": kba_cohort(world).members.get(enrollment=world.enrollments["anna"]).pk}


def more_members(world, cohort, n, org="kungsbacka", first_name="Extra"):
    """``n`` new Helhetslyftet participants of ``org`` in the group from its start; their enrolments."""
    enrollments = []
    for i in range(n):
        person = register_person(
            None,
            organization=world.orgs[org],
            first_name=f"{first_name}{i}",
            last_name="Ek",
            gender="M",
            birth_year=1990,
        )
        enrollment = enroll_participant(
            None,
            person,
            project=world.projects["helhetslyftet"],
            organization=world.orgs[org],
            start_date=datetime.date(2023, 1, 2),
            referrer="af",
        )
        actions.add_member(None, cohort, enrollment=enrollment, joined_on=START)
        enrollments.append(enrollment)
    return enrollments

"""Actions of start groups: validation, access, audit and conflicts."""

import datetime

import pytest

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.cohorts import actions
from stegvis.cohorts.models import Attendance, Cohort, CohortMember
from stegvis.cohorts.testing import START, kba_cohort
from stegvis.core.errors import ActionError, ConflictError, NotAllowed

pytestmark = pytest.mark.django_db

P, A, E = "narvarande", "franvarande", "anmald_franvaro"


def _new(world, user, org="kungsbacka", **fields):
    values = {
        "name": "Min Hälsa",
        "start_date": START,
        "end_date": START + datetime.timedelta(weeks=10),
    } | fields
    return actions.create_cohort(
        world.users[user] if user else None,
        project=world.projects["helhetslyftet"],
        organization=world.orgs[org],
        **values,
    )


def test_create_is_audited_with_leaders(world):
    cohort = _new(world, "coord_kba", leaders=[world.users["coord_kba"]], place="  Träffpunkten ")
    assert cohort.place == "Träffpunkten"
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="cohorts.cohort")
    assert entry.username == "coord_kba"
    assert entry.changes["name"] == [None, "Min Hälsa"]
    assert entry.changes["leaders"] == [[], [world.users["coord_kba"].pk]]


def test_a_coordinator_cannot_start_a_group_for_another_organisation(world):
    with pytest.raises(NotAllowed):
        _new(world, "coord_mdl", org="kungsbacka")
    assert not Cohort.objects.exists()
    assert _new(world, "coord_mdl", org="molndal").organization == world.orgs["molndal"]
    assert _new(world, "leader", org="kungsbacka")


def test_bad_input_names_the_field(world):
    with pytest.raises(ActionError) as error:
        _new(world, None, org="vaxjo", name=" ", end_date=START - datetime.timedelta(days=1))
    assert set(error.value.message_dict) == {"name", "end_date", "organization"}


def test_stale_edit_is_refused(world):
    cohort = kba_cohort(world)
    stale = cohort.version
    actions.update_cohort(world.users["coord_kba"], cohort, version=stale, name="Startgrupp höst")
    again = Cohort.objects.get(pk=cohort.pk)
    with pytest.raises(ConflictError):
        actions.update_cohort(world.users["leader"], again, version=stale, name="Något annat")
    assert Cohort.objects.get(pk=cohort.pk).name == "Startgrupp höst"
    with pytest.raises(NotAllowed):
        actions.update_cohort(world.users["coord_mdl"], again, version=again.version, name="X")


def test_members_join_later_and_leave(world):
    cohort = kba_cohort(world, members=())
    anna = world.enrollments["anna"]
    with pytest.raises(ActionError) as error:
        actions.add_member(
            world.users["coord_kba"], cohort, enrollment=anna, joined_on=START - datetime.timedelta(days=1)
        )
    assert "joined_on" in error.value.message_dict
    later = START + datetime.timedelta(weeks=3)
    member = actions.add_member(world.users["coord_kba"], cohort, enrollment=anna, joined_on=later)
    assert AuditEntry.objects.filter(
        object_type="cohorts.cohortmember", person=world.persons["anna"]
    ).exists()
    with pytest.raises(ActionError) as error:
        actions.add_member(world.users["coord_kba"], cohort, enrollment=anna, joined_on=later)
    assert error.value.message_dict["enrollment"] == ["Deltagaren är redan med i gruppen."]
    with pytest.raises(NotAllowed):  # bo is Mölndal's: Kungsbacka may not even see him
        actions.add_member(
            world.users["coord_kba"], cohort, enrollment=world.enrollments["bo"], joined_on=later
        )
    with pytest.raises(ActionError):  # cia is in another project
        actions.add_member(None, cohort, enrollment=world.enrollments["cia"], joined_on=later)
    left = later + datetime.timedelta(weeks=2)
    actions.change_membership(
        world.users["coord_kba"], member, version=member.version, joined_on=later, left_on=left
    )
    assert CohortMember.objects.get(pk=member.pk).left_on == left
    with pytest.raises(ActionError) as error:
        actions.change_membership(None, member, version=member.version, joined_on=later, left_on=START)
    assert "left_on" in error.value.message_dict


def test_sessions_lie_within_the_group(world):
    cohort = kba_cohort(world, sessions=0)
    with pytest.raises(ActionError) as error:
        actions.create_session(
            None,
            cohort,
            date=START - datetime.timedelta(days=1),
            topic="",
            start_time=datetime.time(10),
            end_time=datetime.time(9),
        )
    assert set(error.value.message_dict) == {"date", "topic", "end_time"}


def test_register_attendance_writes_audits_and_detects_conflicts(world):
    cohort = kba_cohort(world)
    session = cohort.sessions.first()
    anna = cohort.members.get(enrollment=world.enrollments["anna"])
    bo = cohort.members.get(enrollment=world.enrollments["bo"])
    leader = world.users["leader"]
    assert (
        actions.register_attendance(leader, session, version=session.version, statuses={anna.pk: P, bo.pk: E})
        == 2
    )
    entries = AuditEntry.objects.filter(object_type="cohorts.attendance")
    assert {e.person_id for e in entries} == {world.persons["anna"].pk, world.persons["bo"].pk}
    stale = session.version - 1
    with pytest.raises(ConflictError):
        actions.register_attendance(leader, session, version=stale, statuses={anna.pk: A})
    assert Attendance.objects.get(member=anna).status == P
    assert (
        actions.register_attendance(leader, session, version=session.version, statuses={anna.pk: A, bo.pk: E})
        == 1
    )
    change = AuditEntry.objects.filter(object_type="cohorts.attendance", action=AuditAction.UPDATE).get()
    assert change.changes == {"status": [P, A]} and change.person == world.persons["anna"]


def test_register_attendance_refuses_what_the_user_may_not_change(world):
    cohort = kba_cohort(world)
    session = cohort.sessions.first()
    bo = cohort.members.get(enrollment=world.enrollments["bo"])
    anna = cohort.members.get(enrollment=world.enrollments["anna"])
    with pytest.raises(NotAllowed):
        actions.register_attendance(
            world.users["coord_kba"], session, version=session.version, statuses={bo.pk: P}
        )
    with pytest.raises(ActionError) as error:
        actions.register_attendance(None, session, version=session.version, statuses={anna.pk: "kanske"})
    assert "statuses" in error.value.message_dict
    actions.change_membership(None, anna, version=anna.version, joined_on=START + datetime.timedelta(days=1))
    with pytest.raises(ActionError) as error:
        actions.register_attendance(None, session, version=session.version, statuses={anna.pk: P})
    assert error.value.message_dict["statuses"] == ["En av deltagarna var inte med i gruppen den dagen."]
    assert not Attendance.objects.exists()

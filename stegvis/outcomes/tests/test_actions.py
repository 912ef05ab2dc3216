import datetime

import pytest

from stegvis.audit.models import AuditEntry
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.outcomes.actions import record_exit_follow_up, update_exit_follow_up
from stegvis.outcomes.models import ExitFollowUp
from stegvis.outcomes.testing import EXIT_DAY, anna_follow_up, end_enrollment


def _record(world, user=None, **fields):
    values = {"months": 1, "followed_up_on": datetime.date(2023, 7, 31), "situation": "arbete"}
    values.update(fields)
    return record_exit_follow_up(user, world.enrollments["anna"], **values)


def _errors(excinfo):
    return excinfo.value.message_dict


@pytest.mark.django_db
def test_records_with_audit(world):
    end_enrollment(world.enrollments["anna"])
    follow_up = _record(
        world, world.users["coord_kba"], work_extent=75, improved_situation=True, note=" ringt "
    )
    assert follow_up.recorded_by == world.users["coord_kba"]
    assert follow_up.note == "ringt"
    entry = AuditEntry.objects.get(object_type="outcomes.exitfollowup", object_id=str(follow_up.pk))
    assert entry.action == "create" and entry.person_id == world.persons["anna"].pk
    assert entry.changes["situation"] == [None, "arbete"]
    assert entry.changes["work_extent"] == [None, 75]


@pytest.mark.django_db
def test_refuses_an_enrolment_that_has_not_ended(world):
    with pytest.raises(ActionError) as excinfo:
        _record(world)
    assert "inte avslutad" in excinfo.value.messages[0]
    assert not ExitFollowUp.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields,field,words",
    [
        ({"months": 2}, "months", "1, 3 eller 6"),
        ({"followed_up_on": None}, "followed_up_on", "Ange"),
        ({"followed_up_on": EXIT_DAY - datetime.timedelta(days=1)}, "followed_up_on", "före avslutet"),
        (
            {"followed_up_on": datetime.date.today() + datetime.timedelta(days=1)},
            "followed_up_on",
            "framtiden",
        ),
        ({"months": 6, "followed_up_on": datetime.date(2023, 8, 1)}, "followed_up_on", "tidigast 2023-12-16"),
        ({"situation": "semester"}, "situation", "situation"),
        ({"situation": "studier", "work_extent": 50}, "work_extent", "bara när situationen är arbete"),
        ({"work_extent": 120}, "work_extent", "mellan 0 och 100"),
    ],
)
def test_validation_names_the_field(world, fields, field, words):
    end_enrollment(world.enrollments["anna"])
    with pytest.raises(ActionError) as excinfo:
        _record(world, **fields)
    assert words in " ".join(_errors(excinfo)[field])
    assert not ExitFollowUp.objects.exists()


@pytest.mark.django_db
def test_one_follow_up_per_point(world):
    anna_follow_up(world, months=1)
    with pytest.raises(ActionError) as excinfo:
        _record(world, months=1)
    assert "redan registrerad" in _errors(excinfo)["months"][0]
    _record(world, months=3, followed_up_on=datetime.date(2023, 9, 29), situation="studier")
    assert ExitFollowUp.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coord_mdl", "coord_spik", "evaluator", "norole"])
def test_only_users_who_may_change_the_enrolment(world, role):
    end_enrollment(world.enrollments["anna"])
    with pytest.raises(NotAllowed):
        _record(world, world.users[role])
    follow_up = anna_follow_up(world, months=3)
    with pytest.raises(NotAllowed):
        update_exit_follow_up(world.users[role], follow_up, version=follow_up.version, situation="studier")


@pytest.mark.django_db
def test_update_audits_the_change_and_refuses_a_stale_version(world):
    follow_up = anna_follow_up(world, months=1, work_extent=50)
    opened = follow_up.version
    update_exit_follow_up(world.users["leader"], follow_up, version=opened, work_extent=100)
    follow_up.refresh_from_db()
    assert follow_up.work_extent == 100 and follow_up.version == opened + 1
    entry = AuditEntry.objects.filter(object_type="outcomes.exitfollowup", action="update").get()
    assert entry.changes == {"work_extent": [50, 100]}
    stale = ExitFollowUp.objects.get(pk=follow_up.pk)
    with pytest.raises(ConflictError):
        update_exit_follow_up(
            world.users["leader"], stale, version=opened, situation="studier", work_extent=None
        )
    follow_up.refresh_from_db()
    assert follow_up.situation == "arbete"


@pytest.mark.django_db
def test_update_validates_like_record(world):
    follow_up = anna_follow_up(world, months=1)
    with pytest.raises(ActionError) as excinfo:
        update_exit_follow_up(None, follow_up, version=follow_up.version, situation="annat", work_extent=40)
    assert "work_extent" in _errors(excinfo)
    with pytest.raises(TypeError):
        update_exit_follow_up(None, follow_up, version=follow_up.version, months=3)

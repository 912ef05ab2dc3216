import datetime

import pytest

from stegvis.audit.models import AuditEntry
from stegvis.contacts import actions
from stegvis.contacts.models import Contact, MeetingActor, NetworkMeeting, SupportFollowUp
from stegvis.contacts.testing import DAY, anna_contact, anna_meeting, anna_support_period
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.outcomes.testing import end_enrollment

TODAY = datetime.date.today()


def _errors(excinfo):
    return excinfo.value.message_dict


@pytest.mark.django_db
def test_contact_defaults_to_the_coordinator_and_is_audited(world):
    contact = actions.record_contact(
        world.users["coord_kba"],
        world.enrollments["anna"],
        contact_date=DAY,
        channel="walk_and_talk",
        duration_minutes=45,
        note="  promenad  ",
        other_participants=" tolk ",
    )
    assert list(contact.staff.all()) == [world.users["coord_kba"]]
    assert (contact.note, contact.other_participants, contact.recorded_by) == (
        "promenad",
        "tolk",
        world.users["coord_kba"],
    )
    entry = AuditEntry.objects.get(object_type="contacts.contact", object_id=str(contact.pk))
    assert entry.action == "create" and entry.person_id == world.persons["anna"].pk
    assert entry.changes["channel"] == [None, "walk_and_talk"]
    assert entry.changes["staff"] == [None, str(world.users["coord_kba"].pk)]


@pytest.mark.django_db
def test_contact_validation_names_the_field(world):
    enrollment = world.enrollments["anna"]
    cases = [
        ({"contact_date": TODAY + datetime.timedelta(days=1)}, "contact_date", "framtiden"),
        (
            {"contact_date": enrollment.start_date - datetime.timedelta(days=1)},
            "contact_date",
            "före inskrivningens start",
        ),
        ({"contact_date": None}, "contact_date", "Ange datum"),
        ({"channel": "brevduva"}, "channel", "kontaktform"),
        ({"duration_minutes": 0}, "duration_minutes", "minuter"),
        ({"staff": [world.users["coord_spik"]]}, "staff", "personal"),
    ]
    for change, field, words in cases:
        values = {"contact_date": DAY, "channel": "telefon", **change}
        with pytest.raises(ActionError) as excinfo:
            actions.record_contact(None, enrollment, **values)
        assert words in _errors(excinfo)[field][0], (change, _errors(excinfo))
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_contact_after_exit_is_refused_with_a_pointer_to_follow_ups(world):
    end_enrollment(world.enrollments["anna"], day=datetime.date(2023, 6, 30))
    with pytest.raises(ActionError) as excinfo:
        anna_contact(world, day=datetime.date(2023, 7, 5))
    assert "stödperiod" in _errors(excinfo)["contact_date"][0]
    anna_contact(world, day=datetime.date(2023, 6, 30))


@pytest.mark.django_db
def test_other_organisations_coordinator_may_not_write(world):
    with pytest.raises(NotAllowed):
        actions.record_contact(
            world.users["coord_mdl"], world.enrollments["anna"], contact_date=DAY, channel="sms"
        )
    contact = anna_contact(world)
    with pytest.raises(NotAllowed):
        actions.update_contact(world.users["coord_mdl"], contact, version=contact.version, note="x")
    with pytest.raises(NotAllowed):
        actions.record_meeting(
            world.users["evaluator"], world.enrollments["anna"], meeting_date=DAY, kind="sip", actors=["af"]
        )


@pytest.mark.django_db
def test_contact_update_is_versioned_and_audited(world):
    contact = anna_contact(world)
    opened = contact.version
    actions.update_contact(
        world.users["coord_kba"],
        contact,
        version=opened,
        channel="telefon",
        staff=[world.users["coord_kba"], world.users["leader"]],
    )
    stale = Contact.objects.get(pk=contact.pk)
    with pytest.raises(ConflictError):
        actions.update_contact(world.users["leader"], stale, version=opened, note="skriver över")
    contact.refresh_from_db()
    assert (contact.channel, contact.note, contact.version) == ("telefon", "", opened + 1)
    assert set(contact.staff.all()) == {world.users["coord_kba"], world.users["leader"]}
    entry = AuditEntry.objects.filter(object_type="contacts.contact", action="update").get()
    assert entry.changes["channel"] == ["mote", "telefon"] and "staff" in entry.changes


@pytest.mark.django_db
def test_delete_contact_is_versioned_and_keeps_the_content_in_the_audit_log(world):
    contact = anna_contact(world, note="fel person")
    with pytest.raises(ConflictError):
        actions.delete_contact(world.users["coord_kba"], contact, version=contact.version + 1)
    actions.delete_contact(world.users["coord_kba"], contact, version=contact.version)
    assert not Contact.objects.exists()
    entry = AuditEntry.objects.get(object_type="contacts.contact", action="delete")
    assert entry.changes["note"] == ["fel person", None] and entry.person_id == world.persons["anna"].pk


@pytest.mark.django_db
def test_meeting_with_actors_decisions_and_next_date(world):
    meeting = anna_meeting(
        world,
        actors=["fk", "af", "socialtjanst"],
        decisions="FK gör en avstämning.\n\n  AF förlänger  \n",
        next_meeting_date=DAY + datetime.timedelta(days=42),
        actor_names="Lisa, AF",
    )
    assert meeting.decisions == ["FK gör en avstämning.", "AF förlänger"]
    assert sorted(MeetingActor.objects.values_list("actor", flat=True)) == ["af", "fk", "socialtjanst"]
    assert meeting.actor_labels() == ["Arbetsförmedlingen", "Försäkringskassan", "Socialtjänsten"]
    entry = AuditEntry.objects.get(object_type="contacts.networkmeeting")
    assert entry.changes["actors"] == [None, "af, fk, socialtjanst"]
    actions.update_meeting(None, meeting, version=meeting.version, actors=["region"])
    assert list(MeetingActor.objects.values_list("actor", flat=True)) == ["region"]
    with pytest.raises(ConflictError):
        actions.update_meeting(None, NetworkMeeting.objects.get(pk=meeting.pk), version=1, note="gammal")


@pytest.mark.django_db
def test_meeting_validation(world):
    ahead = TODAY + datetime.timedelta(days=14)
    cases = [
        ({"actors": []}, "actors", "minst en aktör"),
        ({"actors": ["kyrkan"]}, "actors", "listan"),
        ({"kind": ""}, "kind", "typ av möte"),
        ({"meeting_date": ahead, "decisions": ["Något"]}, "decisions", "har hållits"),
        ({"next_meeting_date": DAY}, "next_meeting_date", "efter det här mötet"),
        ({"meeting_date": TODAY + datetime.timedelta(days=400)}, "meeting_date", "mer än ett år"),
    ]
    for change, field, words in cases:
        values = {"meeting_date": DAY, "kind": "natverksmote", "actors": ["af"], **change}
        with pytest.raises(ActionError) as excinfo:
            actions.record_meeting(None, world.enrollments["anna"], **values)
        assert words in _errors(excinfo)[field][0], (change, _errors(excinfo))
    # A meeting booked ahead, without decisions, is fine.
    actions.record_meeting(None, world.enrollments["anna"], meeting_date=ahead, kind="sip", actors=["region"])


@pytest.mark.django_db
def test_support_period_outlives_the_exit_and_ends_only_explicitly(world):
    enrollment = world.enrollments["anna"]
    end_enrollment(enrollment, day=datetime.date(2023, 6, 30), reason="arbete")
    period = actions.start_support_period(
        world.users["coord_kba"],
        enrollment,
        kind="supported_employment",
        started_on=datetime.date(2023, 6, 26),
        place=" Förskolan Solstrålen ",
        role="Barnskötare",
    )
    assert period.place == "Förskolan Solstrålen" and period.is_open
    # Follow-ups long after the enrolment ended.
    late = actions.record_support_follow_up(
        world.users["coord_kba"],
        period,
        followed_up_on=datetime.date(2024, 2, 1),
        channel="mote",
        note="Trivs",
    )
    with pytest.raises(ActionError) as excinfo:
        actions.end_support_period(
            None, period, version=period.version, ended_on=datetime.date(2024, 1, 1), end_reason="behovs_inte"
        )
    assert "uppföljning efter" in _errors(excinfo)["ended_on"][0]
    with pytest.raises(ActionError) as excinfo:
        actions.end_support_period(
            None, period, version=period.version, ended_on=datetime.date(2024, 3, 1), end_reason=""
        )
    assert "anledning" in _errors(excinfo)["end_reason"][0]
    actions.end_support_period(
        world.users["coord_kba"],
        period,
        version=period.version,
        ended_on=datetime.date(2024, 3, 1),
        end_reason="behovs_inte",
    )
    period.refresh_from_db()
    assert (period.ended_on, period.end_reason) == (datetime.date(2024, 3, 1), "behovs_inte")
    with pytest.raises(ActionError) as excinfo:
        actions.record_support_follow_up(
            None, period, followed_up_on=datetime.date(2024, 3, 2), channel="sms"
        )
    assert "avslutad" in excinfo.value.messages[0]
    with pytest.raises(ActionError):
        actions.end_support_period(
            None, period, version=period.version, ended_on=datetime.date(2024, 3, 2), end_reason="annat"
        )
    with pytest.raises(ActionError) as excinfo:
        actions.update_support_follow_up(
            None, late, version=late.version, followed_up_on=datetime.date(2024, 4, 1)
        )
    assert "avslutades" in _errors(excinfo)["followed_up_on"][0]
    assert (
        AuditEntry.objects.filter(object_type="contacts.supportperiod", detail="stödperiod avslutad").count()
        == 1
    )


@pytest.mark.django_db
def test_support_period_validation(world):
    cases = [
        ({"place": "  "}, "place", "arbetsgivare eller skola"),
        ({"kind": "praktik"}, "kind", "typ av stöd"),
        ({"started_on": TODAY + datetime.timedelta(days=3)}, "started_on", "framtiden"),
    ]
    for change, field, words in cases:
        values = {"kind": "supported_education", "started_on": DAY, "place": "Komvux", **change}
        with pytest.raises(ActionError) as excinfo:
            actions.start_support_period(None, world.enrollments["anna"], **values)
        assert words in _errors(excinfo)[field][0], (change, _errors(excinfo))
    period = anna_support_period(world)
    actions.record_support_follow_up(
        None, period, followed_up_on=DAY + datetime.timedelta(days=10), channel="telefon"
    )
    with pytest.raises(ActionError) as excinfo:
        actions.update_support_period(
            None, period, version=period.version, started_on=DAY + datetime.timedelta(days=20)
        )
    assert "uppföljningar före" in _errors(excinfo)["started_on"][0]
    with pytest.raises(ActionError) as excinfo:
        actions.record_support_follow_up(
            None, period, followed_up_on=DAY - datetime.timedelta(days=1), channel="sms"
        )
    assert "stödperiodens start" in _errors(excinfo)["followed_up_on"][0]
    assert SupportFollowUp.objects.count() == 1

import datetime

import pytest

from stegvis.audit.models import AuditEntry
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.participants import actions
from stegvis.participants.models import Enrollment, Person


def test_personnummer_is_normalised_and_unique(world):
    anna = world.persons["anna"]
    assert anna.personnummer == "198501010204"
    assert anna.birth_date == datetime.date(1985, 1, 1)
    with pytest.raises(ActionError) as err:
        actions.register_person(
            None, organization=world.orgs["kungsbacka"], personnummer="8501010204", gender="K"
        )
    assert "personnummer" in err.value.message_dict


def test_bad_checksum_names_the_field(world):
    with pytest.raises(ActionError) as err:
        actions.register_person(
            None, organization=world.orgs["kungsbacka"], personnummer="198501010205", gender="K"
        )
    assert "kontrollsiffra" in err.value.message_dict["personnummer"][0]


def test_protected_identity_never_stores_the_number(world):
    cia = Person.objects.get(pk=world.persons["cia"].pk)
    assert cia.personnummer is None
    assert cia.birth_date == datetime.date(1970, 2, 2)
    assert cia.personnummer_display == ""
    entries = AuditEntry.objects.filter(person=cia)
    assert "197002020209" not in str(list(entries.values_list("changes", flat=True)))


def test_stale_version_is_a_conflict_and_nothing_is_written(world):
    anna = world.persons["anna"]
    actions.update_person(None, anna, version=1, phone="0701234567")
    stale = Person.objects.get(pk=anna.pk)
    with pytest.raises(ConflictError):
        actions.update_person(None, stale, version=1, phone="0709999999")
    assert Person.objects.get(pk=anna.pk).phone == "0701234567"


def test_exit_and_reenrolment_counts_one_person(world):
    e = world.enrollments["anna"]
    actions.register_exit(
        None, e, version=e.version, end_date=datetime.date(2023, 12, 31), exit_reason="arbete"
    )
    again = actions.enroll_participant(
        None,
        world.persons["anna"],
        project=world.projects["helhetslyftet"],
        organization=world.orgs["kungsbacka"],
        start_date=datetime.date(2024, 3, 1),
    )
    assert Enrollment.objects.filter(person=world.persons["anna"]).count() == 2
    assert again.pk != e.pk


def test_overlapping_enrolment_is_refused(world):
    with pytest.raises(ActionError) as err:
        actions.enroll_participant(
            None,
            world.persons["anna"],
            project=world.projects["helhetslyftet"],
            organization=world.orgs["kungsbacka"],
            start_date=datetime.date(2023, 5, 1),
        )
    assert "start_date" in err.value.message_dict


def test_coordinator_cannot_change_other_organisations_enrolment(world):
    e = world.enrollments["bo"]
    with pytest.raises(NotAllowed):
        actions.register_exit(
            world.users["coord_kba"],
            e,
            version=e.version,
            end_date=datetime.date(2023, 6, 1),
            exit_reason="flytt",
        )


def test_merge_moves_enrolments_and_is_audited(world):
    dup = actions.register_person(
        None, organization=world.orgs["kungsbacka"], gender="K", birth_year=1985, phone="0700"
    )
    actions.enroll_participant(
        None,
        dup,
        project=world.projects["spik"],
        organization=world.orgs["vaxjo"],
        start_date=datetime.date(2021, 5, 1),
    )
    actions.merge_persons(world.users["admin"], world.persons["anna"], duplicate=dup)
    dup.refresh_from_db()
    assert dup.merged_into_id == world.persons["anna"].pk
    assert Enrollment.objects.filter(person=world.persons["anna"]).count() == 2
    assert AuditEntry.objects.filter(action="merge", person=world.persons["anna"]).exists()

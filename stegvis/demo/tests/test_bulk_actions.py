"""The bulk actions (stegvis.participants.bulk_actions) check what the ordinary actions check."""

import datetime

import pytest

from stegvis.audit.models import AuditEntry
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.participants.actions import need_group_named
from stegvis.participants.bulk_actions import bulk_register_and_enroll
from stegvis.participants.models import CoordinatorAssignment, Enrollment, ParticipantRef, Person


def row(world, number="", ref="", exit=None, changes=(), **enrolment):
    data = {
        "project": world.projects["helhetslyftet"],
        "organization": world.orgs["kungsbacka"],
        "coordinator": world.users["coord_kba"],
        "start_date": datetime.date(2023, 3, 1),
        "referrer": "af",
        "coordinator_changes": list(changes),
        "exit": exit,
    }
    data.update(enrolment)
    return {
        "person": {
            "organization": world.orgs["kungsbacka"],
            "personnummer": number,
            "ref": ref,
            "first_name": "Test",
            "last_name": "Testsson",
            "gender": "K",
            "birth_year": 1980,
        },
        "enrollments": [data],
    }


def counts():
    return (
        Person.objects.count(),
        Enrollment.objects.count(),
        ParticipantRef.objects.count(),
        CoordinatorAssignment.objects.count(),
        AuditEntry.objects.count(),
    )


def test_writes_persons_enrolments_history_and_audit(world):
    group = need_group_named(world.projects["helhetslyftet"], "utbildningsplikt")
    before = counts()
    exit = {
        "end_date": datetime.date(2023, 9, 1),
        "exit_reason": "arbete",
        "income_source_exit": "lon",
        "occupation_exit": "arbete",
        "work_extent_exit": 100,
    }
    result = bulk_register_and_enroll(
        None,
        [
            row(
                world,
                "19900101-0017",
                ref="KBA-900",
                need_group=group,
                exit=exit,
                changes=[(datetime.date(2023, 5, 1), world.users["leader"])],
            ),
            row(world, "", ref="KBA-901"),
        ],
    )
    assert (result.persons, result.enrollments, result.exits, result.coordinator_changes) == (2, 2, 1, 1)
    after = counts()
    assert after[0] - before[0] == 2 and after[1] - before[1] == 2 and after[2] - before[2] == 2
    assert after[3] - before[3] == 3  # two first coordinators and one change
    assert after[4] - before[4] == result.audit_entries == 6
    person = Person.objects.get(personnummer="199001010017")
    enrollment = person.enrollments.get()
    assert enrollment.coordinator == world.users["leader"]
    assert enrollment.exit_reason == "arbete" and enrollment.version == 3 and enrollment.need_group == group
    history = list(enrollment.coordinator_history.values_list("coordinator__username", "from_date"))
    assert history == [("coord_kba", datetime.date(2023, 3, 1)), ("leader", datetime.date(2023, 5, 1))]


def test_protected_identity_keeps_no_number(world):
    data = row(world, "19900101-0017")
    data["person"]["protected_identity"] = True
    bulk_register_and_enroll(None, [data])
    person = Person.objects.get(last_name="Testsson")
    assert person.personnummer is None and person.birth_date == datetime.date(1990, 1, 1)


@pytest.mark.parametrize(
    "change, field",
    [
        (
            lambda w, r: r["person"].update(personnummer="19850101-0204"),
            "personnummer",
        ),  # Anna has it already
        (lambda w, r: r["person"].update(personnummer="19850101-0205"), "personnummer"),  # checksum
        (lambda w, r: r["person"].update(ref="KBA-1"), "ref"),  # Anna's reference
        (lambda w, r: r["person"].update(gender="Q"), "gender"),
        (lambda w, r: r["enrollments"][0].update(start_date=datetime.date(2020, 1, 1)), "start_date"),
        (lambda w, r: r["enrollments"][0].update(organization=w.orgs["af"]), "organization"),
        (lambda w, r: r["enrollments"][0].update(coordinator=w.users["coord_mdl"]), "coordinator"),
        (
            lambda w, r: r["enrollments"][0].update(
                exit={"end_date": datetime.date(2023, 9, 1), "exit_reason": "okand"}
            ),
            "exit_reason",
        ),
        (
            lambda w, r: r["enrollments"][0].update(
                exit={"end_date": datetime.date(2099, 1, 1), "exit_reason": "arbete"}
            ),
            "end_date",
        ),
        (
            lambda w, r: r["enrollments"][0].update(need_group=need_group_named(w.projects["spik"], "x")),
            "need_group",
        ),
    ],
)
def test_a_bad_row_writes_nothing_and_names_row_and_field(world, change, field):
    good, bad = row(world, "19900101-0017"), row(world)
    change(world, bad)
    before = counts()
    with pytest.raises(ActionError) as err:
        bulk_register_and_enroll(None, [good, bad], first_row_number=10)
    assert field in err.value.message_dict
    assert err.value.message_dict[field][0].startswith("Rad 11:")
    assert counts() == before


def test_duplicates_inside_the_batch_are_refused(world):
    with pytest.raises(ActionError) as err:
        bulk_register_and_enroll(None, [row(world, "19900101-0017"), row(world, "199001010017")])
    assert "Rad 2:" in err.value.message_dict["personnummer"][0]


def test_overlapping_enrolments_of_one_person_are_refused(world):
    data = row(world)
    data["enrollments"].append(dict(data["enrollments"][0], start_date=datetime.date(2023, 4, 1)))
    with pytest.raises(ActionError) as err:
        bulk_register_and_enroll(None, [data])
    assert "start_date" in err.value.message_dict


def test_access_is_checked(world):
    with pytest.raises(NotAllowed):
        bulk_register_and_enroll(world.users["evaluator"], [row(world)])
    with pytest.raises(NotAllowed):
        bulk_register_and_enroll(world.users["coord_mdl"], [row(world)])
    result = bulk_register_and_enroll(world.users["coord_kba"], [row(world)])
    assert result.persons == 1
    entry = AuditEntry.objects.filter(object_type="participants.person").order_by("-pk").first()
    assert entry.username == "coord_kba"

"""The actions: validation with messages at the fields, access, audit entries and stale edits."""

import datetime

import pytest

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.interventions import actions
from stegvis.interventions.models import Category, Kind, Outcome
from stegvis.interventions.testing import anna_placement, anna_praktik, catalogue_entry

D = datetime.date


def _fields(error):
    return set(error.value.message_dict)


@pytest.mark.django_db
def test_catalogue_entries_are_changed_by_leaders_not_coordinators(world):
    project = world.projects["helhetslyftet"]
    entry = actions.create_intervention(
        world.users["leader"],
        project,
        name="Min Hälsa",
        category=Category.HALSA,
        kind=Kind.KURS,
        provider_name="Vårdcentralen",
    )
    assert entry.provider == "Vårdcentralen"
    with pytest.raises(NotAllowed):
        actions.create_intervention(
            world.users["coord_kba"],
            project,
            name="SFI",
            category=Category.KOMPETENSHOJANDE,
            kind=Kind.SFI,
            provider_name="Vux",
        )
    with pytest.raises(ActionError) as error:
        actions.create_intervention(
            world.users["leader"],
            project,
            name="min hälsa",
            category="",
            kind="x",
            organization=world.orgs["vaxjo"],
        )
    assert _fields(error) == {"category", "kind", "provider_name", "organization"}
    with pytest.raises(ActionError) as error:
        actions.create_intervention(
            world.users["leader"],
            project,
            name="MIN Hälsa",
            category=Category.HALSA,
            kind=Kind.KURS,
            provider_name="X",
        )
    assert "redan en insats som heter" in str(error.value.message_dict["name"])
    actions.update_intervention(world.users["leader"], entry, version=1, active=False)
    with pytest.raises(ConflictError):
        actions.update_intervention(world.users["admin"], entry, version=1, name="Min Hälsa 2")
    assert (
        AuditEntry.objects.filter(object_type="interventions.intervention", action=AuditAction.UPDATE).count()
        == 1
    )


@pytest.mark.django_db
def test_participant_intervention_dates_must_be_within_reason(world):
    enrollment = world.enrollments["anna"]  # started 2023-01-10
    entry = catalogue_entry(world)
    coordinator = world.users["coord_kba"]
    with pytest.raises(ActionError) as error:
        actions.add_participant_intervention(
            coordinator, enrollment, intervention=entry, start_date=D(2023, 1, 9)
        )
    assert "före inskrivningens start (2023-01-10)" in str(error.value.message_dict["start_date"])
    with pytest.raises(ActionError) as error:
        actions.add_participant_intervention(
            coordinator, enrollment, intervention=entry, start_date=D(2023, 3, 1), end_date=D(2023, 2, 28)
        )
    assert _fields(error) == {"end_date"}
    far = datetime.date.today() + datetime.timedelta(days=400)
    with pytest.raises(ActionError) as error:
        actions.add_participant_intervention(coordinator, enrollment, intervention=entry, start_date=far)
    assert _fields(error) == {"start_date"}
    with pytest.raises(ActionError) as error:
        actions.add_participant_intervention(coordinator, enrollment, intervention=None, start_date=None)
    assert _fields(error) == {"intervention", "start_date"}
    participation = actions.add_participant_intervention(
        coordinator, enrollment, intervention=entry, start_date=D(2023, 3, 1), note="  Förskola  "
    )
    assert participation.note == "Förskola" and participation.end_date is None
    entry_log = AuditEntry.objects.get(object_type="interventions.participantintervention")
    assert entry_log.person == enrollment.person and entry_log.changes["start_date"] == [None, "2023-03-01"]


@pytest.mark.django_db
def test_only_the_enrolments_project_catalogue_and_active_entries(world):
    enrollment = world.enrollments["anna"]
    spik_entry = catalogue_entry(world, project="spik")
    molndal_only = catalogue_entry(
        world, name="Mölndals kurs", kind=Kind.KURS, organization=world.orgs["molndal"]
    )
    retired = catalogue_entry(world, name="Gammal kurs", kind=Kind.KURS, active=False)
    for entry, message in [
        (spik_entry, "finns inte i katalogen"),
        (molndal_only, "finns inte i katalogen"),
        (retired, "används inte längre"),
    ]:
        with pytest.raises(ActionError) as error:
            actions.add_participant_intervention(
                None, enrollment, intervention=entry, start_date=D(2023, 3, 1)
            )
        assert message in str(error.value.message_dict["intervention"])
    assert set(actions.available_interventions(world.enrollments["bo"])) == {molndal_only, retired}


@pytest.mark.django_db
def test_other_organisations_coordinator_may_not_change(world):
    participation = anna_praktik(world)
    with pytest.raises(NotAllowed):
        actions.update_participant_intervention(
            world.users["coord_mdl"], participation, version=1, end_date=D(2023, 5, 1)
        )
    with pytest.raises(NotAllowed):
        actions.add_participant_intervention(
            world.users["coord_mdl"],
            world.enrollments["anna"],
            intervention=participation.intervention,
            start_date=D(2023, 3, 1),
        )


@pytest.mark.django_db
def test_ending_an_intervention_is_versioned_and_audited(world):
    participation = anna_praktik(world)
    actions.update_participant_intervention(
        world.users["coord_kba"], participation, version=1, end_date=D(2023, 5, 31)
    )
    assert participation.version == 2
    with pytest.raises(ConflictError):
        actions.update_participant_intervention(
            world.users["leader"], participation, version=1, note="Gammal"
        )
    participation.refresh_from_db()
    assert participation.note == "" and participation.end_date == D(2023, 5, 31)
    update = AuditEntry.objects.get(
        object_type="interventions.participantintervention", action=AuditAction.UPDATE
    )
    assert update.changes == {"end_date": [None, "2023-05-31"]} and update.user == world.users["coord_kba"]


@pytest.mark.django_db
def test_placements_only_for_praktik_and_arbetstraning(world):
    course = catalogue_entry(world, name="Svensk arbetskultur", kind=Kind.KURS)
    participation = actions.add_participant_intervention(
        None, world.enrollments["anna"], intervention=course, start_date=D(2023, 3, 1)
    )
    with pytest.raises(ActionError, match="bara för praktik och arbetsträning"):
        actions.add_placement(None, participation, workplace_name="Lagret", workplace_type="lager")
    placement = anna_placement(world)
    assert placement.outcome == Outcome.PAGAR
    with pytest.raises(ActionError, match="redan en arbetsplats"):
        actions.add_placement(None, placement.participation, workplace_name="X", workplace_type="lager")
    with pytest.raises(ActionError) as error:
        actions.update_placement(
            None,
            placement,
            version=1,
            workplace_name="",
            workplace_type="slott",
            supervisor_email="inte-en-adress",
            outcome="kanske",
        )
    assert _fields(error) == {"workplace_name", "workplace_type", "supervisor_email", "outcome"}
    placement.refresh_from_db()  # nothing was written
    actions.update_placement(world.users["coord_kba"], placement, version=1, outcome=Outcome.ANSTALLNING_HAR)
    with pytest.raises(ConflictError):
        actions.update_placement(
            world.users["coord_kba"], placement, version=1, outcome=Outcome.INGEN_ANSTALLNING
        )
    # A catalogue entry with placements cannot stop being praktik, nor can a participation move to a course.
    with pytest.raises(ActionError) as error:
        actions.update_intervention(None, placement.participation.intervention, version=1, kind=Kind.KURS)
    assert _fields(error) == {"kind"}
    with pytest.raises(ActionError) as error:
        actions.update_participant_intervention(None, placement.participation, version=1, intervention=course)
    assert _fields(error) == {"intervention"}


@pytest.mark.django_db
def test_placement_follow_ups(world):
    placement = anna_placement(world)
    today = datetime.date.today()
    with pytest.raises(ActionError) as error:
        actions.add_placement_follow_up(None, placement, date=today + datetime.timedelta(days=1), note=" ")
    assert _fields(error) == {"date", "note"}
    with pytest.raises(ActionError, match="före praktikens start"):
        actions.add_placement_follow_up(None, placement, date=D(2023, 2, 1), note="Tidigt")
    with pytest.raises(NotAllowed):
        actions.add_placement_follow_up(world.users["coord_spik"], placement, date=D(2023, 4, 1), note="Nej")
    actions.add_placement_follow_up(world.users["coord_kba"], placement, date=D(2023, 4, 1), note="Går bra")
    actions.add_placement_follow_up(
        world.users["coord_kba"], placement, date=D(2023, 5, 1), note="Anställning?"
    )
    assert [f.note for f in placement.follow_ups.all()] == ["Går bra", "Anställning?"]
    assert (
        AuditEntry.objects.filter(
            object_type="interventions.placementfollowup", person=world.persons["anna"]
        ).count()
        == 2
    )

import datetime

import pytest

from stegvis.audit.models import AuditEntry
from stegvis.casework.actions import (
    create_goal,
    create_step,
    mark_step_done_by_participant,
    save_mapping_entry,
    save_project_areas,
    update_goal,
    update_step,
)
from stegvis.casework.areas import areas_by_project, project_areas
from stegvis.casework.models import LifeArea, MappingEntry, PlanGoal, PlanStep, ProjectCasework
from stegvis.casework.testing import anna_entry, anna_goal, anna_step
from stegvis.core.errors import ActionError, ConflictError, NotAllowed

DEFAULT_CODES = [
    "halsa",
    "sprak",
    "utbildning_arbete",
    "boende",
    "ekonomi",
    "familj",
    "natverk",
    "digital",
    "ovrigt",
]


def _area(code):
    return LifeArea.objects.get(code=code)


@pytest.mark.django_db
def test_the_default_areas_come_from_the_migration_in_order():
    assert list(LifeArea.objects.values_list("code", flat=True)) == DEFAULT_CODES
    assert _area("ekonomi").name == "Ekonomi och skulder"


@pytest.mark.django_db
def test_mapping_entry_is_recorded_then_corrected_with_audit(world):
    coord = world.users["coord_kba"]
    entry = save_mapping_entry(
        coord,
        world.enrollments["anna"],
        area=_area("sprak"),
        own_words=" Jag läser SFI B. ",
        recorded_on=datetime.date(2023, 2, 1),
    )
    assert entry.own_words == "Jag läser SFI B." and entry.recorded_by == coord and entry.version == 1
    created = AuditEntry.objects.get(object_type="casework.mappingentry", action="create")
    assert created.person_id == world.persons["anna"].pk and created.changes["own_words"] == [
        None,
        "Jag läser SFI B.",
    ]
    save_mapping_entry(
        world.users["leader"],
        world.enrollments["anna"],
        area=_area("sprak"),
        own_words="Jag läser SFI C.",
        strengths="Gör läxorna",
        recorded_on=datetime.date(2023, 3, 1),
        version=1,
    )
    entry.refresh_from_db()
    assert (entry.version, entry.strengths, entry.recorded_by) == (2, "Gör läxorna", world.users["leader"])
    updated = AuditEntry.objects.get(object_type="casework.mappingentry", action="update")
    assert updated.changes["own_words"] == ["Jag läser SFI B.", "Jag läser SFI C."]
    assert "obstacles" not in updated.changes


@pytest.mark.django_db
def test_mapping_entry_conflicts(world):
    entry = anna_entry(world)
    with pytest.raises(ConflictError):  # opened before the first save: no version
        anna_entry(world, own_words="Annat")
    anna_entry(world, own_words="Ny text", version=entry.version)
    with pytest.raises(ConflictError):  # stale version
        anna_entry(world, own_words="Gammal", version=entry.version)
    with pytest.raises(ConflictError):  # a version for an area that was never mapped
        anna_entry(world, area="boende", version=3)
    assert MappingEntry.objects.get(area__code="halsa").own_words == "Ny text"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields,field,words",
    [
        ({"own_words": "", "strengths": "", "obstacles": " "}, "own_words", "minst ett"),
        ({"recorded_on": None}, "recorded_on", "Datum"),
        ({"recorded_on": datetime.date.today() + datetime.timedelta(days=1)}, "recorded_on", "framtiden"),
        ({"strengths": "x" * 4001}, "strengths", "högst 4000"),
    ],
)
def test_mapping_entry_validation_names_the_field(world, fields, field, words):
    with pytest.raises(ActionError) as excinfo:
        anna_entry(world, **fields)
    assert words in " ".join(excinfo.value.message_dict[field])
    assert not MappingEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coord_mdl", "coord_spik", "evaluator", "norole"])
def test_only_those_who_may_change_the_enrolment_write_casework(world, role):
    user = world.users[role]
    with pytest.raises(NotAllowed):
        save_mapping_entry(
            user,
            world.enrollments["anna"],
            area=_area("halsa"),
            own_words="x",
            recorded_on=datetime.date(2023, 2, 1),
        )
    goal = anna_goal(world)
    with pytest.raises(NotAllowed):
        create_goal(user, world.enrollments["anna"], horizon="kort", direction="arbete", text="x")
    with pytest.raises(NotAllowed):
        update_goal(user, goal, version=goal.version, text="x")
    step = anna_step(world, goal)
    with pytest.raises(NotAllowed):
        create_step(user, goal, what="x", owner="deltagare")
    with pytest.raises(NotAllowed):
        update_step(user, step, version=step.version, status="klar")


@pytest.mark.django_db
def test_project_areas_choice_limits_new_entries_and_keeps_old_ones(world):
    project = world.projects["helhetslyftet"]
    anna_entry(world, area="ekonomi")
    assert [a.code for a in project_areas(project)] == DEFAULT_CODES
    with pytest.raises(NotAllowed):
        save_project_areas(world.users["coord_kba"], project, areas=[_area("halsa")])
    with pytest.raises(ActionError) as excinfo:
        save_project_areas(world.users["leader"], project, areas=[])
    assert "minst ett" in excinfo.value.message_dict["areas"][0]
    settings = save_project_areas(world.users["leader"], project, areas=[_area("sprak"), _area("halsa")])
    assert [a.code for a in project_areas(project)] == ["halsa", "sprak"]
    assert AuditEntry.objects.get(object_type="casework.projectcasework").changes == {
        "areas": [None, "halsa, sprak"]
    }
    with pytest.raises(ConflictError):
        save_project_areas(world.users["leader"], project, areas=[_area("boende")])  # no version: stale
    save_project_areas(world.users["leader"], project, areas=[_area("boende")], version=settings.version)
    assert ProjectCasework.objects.get().version == 2
    with pytest.raises(ActionError) as excinfo:
        anna_entry(world, area="halsa")
    assert "används inte" in excinfo.value.messages[0]
    anna_entry(
        world, area="ekonomi", own_words="Rättat", version=1
    )  # recorded before the choice: still correctable
    spik = world.projects["spik"]
    by_project = areas_by_project([project.pk, spik.pk])
    assert [a.code for a in by_project[project.pk]] == ["boende"] and len(by_project[spik.pk]) == 9


@pytest.mark.django_db
def test_goal_and_step_lifecycle_with_audit_and_conflict(world):
    coord = world.users["coord_kba"]
    goal = create_goal(
        coord, world.enrollments["anna"], horizon="kort", direction="annat", text=" Må bättre "
    )
    assert goal.text == "Må bättre" and goal.status == "pagar" and goal.created_by == coord
    step = create_step(
        coord,
        goal,
        what="Samtal om sjukpenning",
        owner="annan",
        owner_name="Försäkringskassan",
        due_date=datetime.date(2023, 3, 1),
    )
    update_step(coord, step, version=step.version, status="klar")
    update_goal(coord, goal, version=goal.version, status="uppnatt")
    assert PlanStep.objects.get().status == "klar" and PlanGoal.objects.get().status == "uppnatt"
    entries = AuditEntry.objects.filter(person=world.persons["anna"], object_type__startswith="casework.plan")
    assert sorted(entries.values_list("object_type", "action")) == [
        ("casework.plangoal", "create"),
        ("casework.plangoal", "update"),
        ("casework.planstep", "create"),
        ("casework.planstep", "update"),
    ]
    assert entries.get(object_type="casework.planstep", action="update").changes == {
        "status": ["planerad", "klar"]
    }
    stale = PlanStep.objects.get()
    stale.version = 1
    with pytest.raises(ConflictError):
        update_step(coord, stale, version=1, status="installd")
    assert PlanStep.objects.get().status == "klar"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields,field,words",
    [
        ({"what": ""}, "what", "Vad"),
        ({"owner": "chefen"}, "owner", "Vem"),
        ({"owner": "annan", "owner_name": ""}, "owner_name", "Vilken aktör"),
        ({"status": "kanske"}, "status", "Status"),
    ],
)
def test_step_validation_names_the_field(world, fields, field, words):
    goal = anna_goal(world)
    with pytest.raises(ActionError) as excinfo:
        anna_step(world, goal, **fields)
    assert words in " ".join(excinfo.value.message_dict[field])
    assert not PlanStep.objects.exists()


@pytest.mark.django_db
def test_goal_validation_collects_every_error(world):
    with pytest.raises(ActionError) as excinfo:
        create_goal(None, world.enrollments["anna"], horizon="", direction="semester", text=" ", order=5000)
    assert set(excinfo.value.message_dict) == {"horizon", "direction", "text", "order"}
    with pytest.raises(TypeError):
        update_goal(None, anna_goal(world), version=1, enrollment=world.enrollments["bo"])


@pytest.mark.django_db
def test_a_named_actor_is_dropped_when_the_owner_is_not_another_actor(world):
    step = anna_step(world, owner="deltagare", owner_name="Arbetsförmedlingen")
    assert step.owner_name == ""


# --- The participant marks their own step done (Min sida) ----------------------------------------


def test_the_participant_marks_their_own_open_step_done(world):
    step = anna_step(world, owner="deltagare")
    mark_step_done_by_participant(step, version=step.version)
    step.refresh_from_db()
    assert step.status == "klar" and step.done_by_participant_at is not None and step.version == 2
    entry = AuditEntry.objects.filter(object_type="casework.planstep").latest("pk")
    assert entry.user is None and entry.person == world.persons["anna"]
    assert entry.detail == "Markerat klart av deltagaren på Min sida"


@pytest.mark.parametrize("fields", [{"owner": "koordinator"}, {"owner": "deltagare", "status": "klar"}])
def test_only_the_participants_own_open_steps(world, fields):
    step = anna_step(world, **fields)
    with pytest.raises(ActionError):
        mark_step_done_by_participant(step, version=step.version)
    step.refresh_from_db()
    assert step.done_by_participant_at is None


def test_a_stale_version_is_a_conflict(world):
    step = anna_step(world, owner="deltagare")
    with pytest.raises(ConflictError):
        mark_step_done_by_participant(step, version=step.version + 1)
    assert PlanStep.objects.get(pk=step.pk).status == "planerad"


def test_staff_reopening_the_step_clears_the_participants_mark(world):
    step = anna_step(world, owner="deltagare")
    mark_step_done_by_participant(step, version=step.version)
    step.refresh_from_db()
    update_step(world.users["coord_kba"], step, version=step.version, what="Söka fem jobb")
    assert PlanStep.objects.get(pk=step.pk).done_by_participant_at is not None  # still done
    step.refresh_from_db()
    update_step(world.users["coord_kba"], step, version=step.version, status="pagar")
    assert PlanStep.objects.get(pk=step.pk).done_by_participant_at is None

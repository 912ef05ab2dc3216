"""Goal and plan actions: validation with Swedish messages per field, audit, conflicts, access."""

import datetime
from decimal import Decimal

import pytest

from stegvis.audit.models import AuditEntry
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.goals import actions
from stegvis.goals.models import Goal

D = datetime.date


def computed(**fields):
    values = {
        "level": "deltagare",
        "kind": "computed",
        "title": "25 % går vidare till arbete eller studier",
        "indicator": "work_or_studies",
        "target": "25",
    }
    values.update(fields)
    return values


def errors_of(excinfo):
    return excinfo.value.message_dict


def test_create_goal_stores_normalised_values_and_audits(world):
    project = world.projects["helhetslyftet"]
    goal = actions.create_goal(
        world.users["leader"],
        project,
        **computed(indicator="language_step", parameters={"framework": "sfi", "months": "6"}, target="80,5"),
    )
    goal.refresh_from_db()
    assert goal.target == Decimal("80.50") and goal.parameters == {"framework": "sfi"}
    assert goal.status == "" and goal.version == 1
    entry = AuditEntry.objects.get(object_type="goals.goal", object_id=str(goal.pk))
    assert entry.action == "create" and entry.username == "leader"
    assert entry.changes["title"] == [None, "25 % går vidare till arbete eller studier"]


@pytest.mark.parametrize(
    "fields,field,text",
    [
        ({"target": "120"}, "target", "Målvärdet måste vara ett tal mellan 0 och 100"),
        ({"target": "-1"}, "target", "mellan 0 och 100"),
        ({"target": "mycket"}, "target", "mellan 0 och 100"),
        ({"target": ""}, "target", "Målvärde: ange målet i procent"),
        ({"indicator": ""}, "indicator", "Indikator: välj"),
        ({"indicator": "finns-inte"}, "indicator", "Indikator: välj"),
        ({"indicator": "language_step"}, "framework", "Språkskala: måste anges"),
        (
            {"indicator": "language_step", "parameters": {"framework": "tyska"}},
            "framework",
            "Språkskala: välj ett av",
        ),
        ({"indicator": "survey_agreement"}, "statement", "Enkätpåstående (kod): måste anges"),
        ({"indicator": "gender_balance", "target": "40"}, "target_max", "ange också den övre gränsen"),
        (
            {"indicator": "gender_balance", "target": "60", "target_max": "40"},
            "target_max",
            "större än den nedre gränsen (60 %)",
        ),
        (
            {"indicator": "gender_balance", "target": "40", "target_max": "40"},
            "target_max",
            "större än den nedre",
        ),
        ({"target_max": "60"}, "target_max", "inte ett intervall"),
        ({"title": "  "}, "title", "Mål: fältet måste fyllas i"),
        ({"title": "x" * 301}, "title", "högst 300 tecken"),
        ({"level": "styrgrupp"}, "level", "Nivå: välj"),
        ({"kind": "annat"}, "kind", "Typ av mål: välj"),
        ({"order": "-3"}, "order", "Ordning: ange ett heltal"),
    ],
)
def test_goal_validation_names_the_field(world, fields, field, text):
    with pytest.raises(ActionError) as excinfo:
        actions.create_goal(None, world.projects["helhetslyftet"], **computed(**fields))
    assert field in errors_of(excinfo), errors_of(excinfo)
    assert text in " ".join(errors_of(excinfo)[field])
    assert not Goal.objects.exists()


def test_every_error_is_reported_at_once(world):
    with pytest.raises(ActionError) as excinfo:
        actions.create_goal(
            None, world.projects["helhetslyftet"], **computed(title="", target="200", level="")
        )
    assert {"title", "target", "level"} <= set(errors_of(excinfo))


def test_qualitative_goal_drops_indicator_fields_and_defaults_status(world):
    goal = actions.create_goal(
        None,
        world.projects["helhetslyftet"],
        level="organisation",
        kind="qualitative",
        title="Samverkan är etablerad",
        indicator="work_or_studies",
        target="25",
    )
    assert (goal.indicator, goal.target, goal.status) == ("", None, "ej_paborjat")
    with pytest.raises(ActionError) as excinfo:
        actions.create_goal(
            None,
            world.projects["helhetslyftet"],
            level="organisation",
            kind="qualitative",
            title="X",
            status="klart",
        )
    assert "Status: välj" in errors_of(excinfo)["status"][0]


def test_update_goal_audits_changes_and_refuses_a_stale_version(world):
    goal = actions.create_goal(None, world.projects["helhetslyftet"], **computed())
    actions.update_goal(world.users["admin"], goal, version=1, target="30", archived=True)
    goal.refresh_from_db()
    assert (goal.target, goal.archived, goal.version) == (Decimal("30.00"), True, 2)
    entry = AuditEntry.objects.filter(object_type="goals.goal", action="update").get()
    assert entry.changes == {"target": ["25.00", "30.00"], "archived": [False, True]}
    with pytest.raises(ConflictError):
        actions.update_goal(world.users["admin"], Goal.objects.get(pk=goal.pk), version=1, target="40")
    goal.refresh_from_db()
    assert goal.target == Decimal("30.00") and goal.version == 2


def test_update_without_changes_writes_no_audit_entry(world):
    goal = actions.create_goal(None, world.projects["helhetslyftet"], **computed())
    actions.update_goal(None, goal, version=1)
    assert not AuditEntry.objects.filter(object_type="goals.goal", action="update").exists()


@pytest.mark.parametrize("role", ["coord_kba", "coord_mdl", "evaluator", "coord_spik", "norole"])
def test_only_leaders_and_admins_change_goals(world, role):
    project = world.projects["helhetslyftet"]
    with pytest.raises(NotAllowed):
        actions.create_goal(world.users[role], project, **computed())
    goal = actions.create_goal(world.users["leader"], project, **computed())
    with pytest.raises(NotAllowed):
        actions.update_goal(world.users[role], goal, version=goal.version, title="Nytt")
    with pytest.raises(NotAllowed):
        actions.create_step(world.users[role], project, what="Startgrupp", start_date=D(2023, 1, 1))


def test_leader_of_another_project_may_not(world):
    with pytest.raises(NotAllowed):
        actions.create_goal(world.users["leader"], world.projects["spik"], **computed())


def test_create_and_update_step(world):
    project = world.projects["helhetslyftet"]
    step = actions.create_step(
        world.users["leader"],
        project,
        what=" Rekrytering av koordinatorer ",
        who="Projektledare",
        start_date="2022-09-01",
        end_date=D(2022, 10, 31),
    )
    assert (step.what, step.status, step.start_date) == (
        "Rekrytering av koordinatorer",
        "planerad",
        D(2022, 9, 1),
    )
    actions.update_step(
        world.users["leader"], step, version=1, status="klar", note="Två koordinatorer anställda."
    )
    step.refresh_from_db()
    assert (step.status, step.version) == ("klar", 2)
    assert AuditEntry.objects.filter(object_type="goals.implementationstep").count() == 2
    with pytest.raises(ConflictError):
        actions.update_step(world.users["leader"], step, version=1, status="pagar")


@pytest.mark.parametrize(
    "fields,field,text",
    [
        ({"what": ""}, "what", "Vad: fältet måste fyllas i"),
        ({"start_date": None, "end_date": None}, "start_date", "ange när aktiviteten görs"),
        (
            {"start_date": "2023-05-01", "end_date": "2023-04-30"},
            "end_date",
            "före startdatumet (2023-05-01)",
        ),
        ({"start_date": "1 maj"}, "start_date", "Från: ange ett datum"),
        ({"status": "kanske"}, "status", "Status: välj"),
        ({"who": "x" * 301}, "who", "Vem: högst 300 tecken"),
    ],
)
def test_step_validation_names_the_field(world, fields, field, text):
    values = {"what": "Halvtidsutvärdering", "start_date": "2023-05-01"}
    values.update(fields)
    with pytest.raises(ActionError) as excinfo:
        actions.create_step(None, world.projects["helhetslyftet"], **values)
    assert text in " ".join(errors_of(excinfo)[field])

"""Export tables of goals and plan, and the demo goals and plans."""

import datetime
from types import SimpleNamespace

from stegvis.goals import actions
from stegvis.goals.demo import demo_data as demo_goals_and_plans
from stegvis.goals.models import Goal, ImplementationStep
from stegvis.goals.tables import goal_tables, plan_tables
from stegvis.reports.project_report import build_report
from stegvis.reports.tables import report_tables

D = datetime.date


def test_goal_and_plan_tables_render_the_report(world):
    project = world.projects["helhetslyftet"]
    actions.create_goal(
        None,
        project,
        level="deltagare",
        kind="computed",
        title="80 % har förbättrat sin svenska",
        indicator="language_step",
        parameters={"framework": "sfi"},
        target=80,
    )
    actions.create_goal(
        None,
        project,
        level="deltagare",
        kind="computed",
        title="Jämn könsfördelning",
        indicator="gender_balance",
        target=40,
        target_max=60,
    )
    actions.create_goal(
        None,
        project,
        level="organisation",
        kind="qualitative",
        title="Samverkan",
        status="pagar",
        evidence="Avtal med AF.",
    )
    actions.create_step(
        None,
        project,
        what="Startgrupp",
        who="Koordinatorer",
        start_date=D(2023, 3, 1),
        end_date=D(2023, 3, 31),
        status="klar",
    )
    report = build_report(project, on=D(2024, 1, 31))
    [goals] = goal_tables(report)
    assert goals.columns[:6] == ["Nivå", "Mål", "Indikator", "Målvärde (lägst)", "Målvärde (högst)", "Utfall"]
    assert goals.percent_columns == {3, 4, 5}
    assert goals.rows[0] == [
        "Deltagarnivå",
        "80 % har förbättrat sin svenska",
        "Andel som gått upp ett steg i SFI eller GERS (SFI)",
        0.8,
        None,
        None,
        0,
        0,
        "Underlag saknas",
        "",
        "",
    ]
    assert goals.rows[1][3:9] == [0.4, 0.6, 0.5, 1, 2, "Uppnått"]
    assert goals.rows[2] == [
        "Organisationsnivå",
        "Samverkan",
        "Kvalitativt mål",
        None,
        None,
        None,
        None,
        None,
        "På god väg",
        "Pågår",
        "Avtal med AF.",
    ]
    [plan] = plan_tables(report)
    assert plan.rows == [
        ["Startgrupp", "", "Koordinatorer", "mars 2023", "2023-03-01", "2023-03-31", "Klar", ""]
    ]
    keys = [t.key for t in report_tables(report)]
    assert "goals" in keys and "plan" in keys
    assert goal_tables({}) == [] and plan_tables({}) == []


def test_demo_goals_and_plans_are_valid_and_follow_the_demo_date(world):
    dataset = SimpleNamespace(projects=["helhetslyftet", "spik", "finns-inte"], as_of=D(2025, 12, 31), seed=1)
    import random

    demo_goals_and_plans(dataset, random.Random(1))
    for code in ("helhetslyftet", "spik"):
        project = world.projects[code]
        goals = Goal.objects.filter(project=project)
        assert {g.level for g in goals} == {"deltagare", "organisation", "ledning_personal"}
        assert goals.filter(kind="computed", indicator="gender_balance", target=40, target_max=60).exists()
        steps = ImplementationStep.objects.filter(project=project).order_by("order")
        assert 6 <= steps.count() <= 10
        assert steps.first().what == "Rekrytering av koordinatorer" and steps.last().what == "Slutrapport"
        assert all(
            project.start_date
            <= s.start_date
            <= s.end_date
            <= project.end_date.replace(day=28) + datetime.timedelta(days=4)
            for s in steps
        )
        # Both projects ended before the demo date: every step is over and every goal judged.
        assert set(steps.values_list("status", flat=True)) <= {"klar", "forsenad"}
        assert set(goals.filter(kind="qualitative").values_list("status", flat=True)) <= {
            "uppnatt",
            "ej_uppnatt",
        }
        # Every demo goal and step passes the actions' own validation.
        for goal in goals:
            actions.update_goal(None, goal, version=goal.version)
        for step in steps:
            actions.update_step(None, step, version=step.version)
    helhetslyftet = {g.title for g in Goal.objects.filter(project=world.projects["helhetslyftet"])}
    assert "25 % går vidare till arbete eller studier" in helhetslyftet
    assert "80 % av språkdeltagarna har förbättrat sin svenska (ett steg i SFI)" in helhetslyftet
    assert "Personalen har fått utbildning i BIP-metoden" in helhetslyftet


def test_demo_plan_of_a_running_project_has_planned_and_ongoing_steps(world):
    import random

    dataset = SimpleNamespace(projects=["helhetslyftet"], as_of=D(2023, 9, 15), seed=1)
    demo_goals_and_plans(dataset, random.Random(2))
    statuses = set(ImplementationStep.objects.values_list("status", flat=True))
    assert {"pagar", "planerad"} <= statuses
    # A year into the project: nothing judged as not met, some goals still under way.
    qualitative = set(Goal.objects.filter(kind="qualitative").values_list("status", flat=True))
    assert "pagar" in qualitative and qualitative <= {"pagar", "uppnatt"}

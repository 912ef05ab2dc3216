"""The goals page, the implementation plan and their forms: content, access, errors, query counts."""

import datetime
import json

import pytest
from django.urls import reverse

from stegvis.goals import actions
from stegvis.goals.models import Goal, ImplementationStep
from stegvis.reports.tests.helpers import enrol, person

D = datetime.date


@pytest.fixture
def project(world):
    return world.projects["helhetslyftet"]


def goals_url(project):
    return reverse("goals:goals", kwargs={"code": project.code})


def plan_url(project):
    return reverse("goals:plan", kwargs={"code": project.code})


def computed_goal(project, title, indicator, **fields):
    return actions.create_goal(
        None, project, level="deltagare", kind="computed", title=title, indicator=indicator, **fields
    )


def add_goals(project, n):
    for i in range(n):
        computed_goal(project, f"Mål {i}", "work_or_studies", target=25)
        actions.create_goal(
            None,
            project,
            level="organisation",
            kind="qualitative",
            title=f"Samverkan {i}",
            status="uppnatt",
            evidence=f"Avtal {i} undertecknat.",
        )


def test_goals_page_shows_levels_targets_values_and_status_text(world, project, login_as):
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
        level="deltagare",
        kind="computed",
        title="25 % till arbete",
        indicator="work_or_studies",
        target=25,
    )
    actions.create_goal(
        None,
        project,
        level="ledning_personal",
        kind="qualitative",
        title="Personalen har fått utbildning i BIP-metoden",
        status="uppnatt",
        evidence="Alla koordinatorer utbildade.",
    )
    response = login_as(world.users["leader"]).get(goals_url(project))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Deltagarnivå",
        "Organisationsnivå",
        "Ledning och personal",
        "Inga mål på den här nivån.",
        "40–60 %",
        "Könsfördelning (andel kvinnor)",
        "Alla koordinatorer utbildade.",
    ):
        assert text in html
    # anna (K) and bo (M): 50 % women, inside the range → met, shown as text with the bar.
    assert "50 %" in html and "(1 av 2)" in html
    assert "✓</span> Uppnått" in html
    assert 'role="img" aria-label="Utfall 50 %, målvärde 40–60 %"' in html
    assert 'class="goal-bar__fill goal-bar__fill--met" x="0" y="18%" width="50.0%"' in html
    # No exits yet: the work-or-studies goal has no data, said in words.
    assert "?</span> Underlag saknas" in html
    # Evaluators read only: no links to change anything; their figures are small numbers, hidden.
    html = login_as(world.users["evaluator"]).get(goals_url(project)).content.decode()
    assert "Underlag saknas" in html and "(1 av 2)" not in html
    assert reverse("goals:goal_create", kwargs={"code": project.code}) not in html
    assert "Ändra" not in html


def test_goals_page_takes_a_report_date(world, project, login_as):
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
    client = login_as(world.users["leader"])
    # On 2023-01-31 only anna (K) had started: 100 % women, 40 points outside → not met.
    html = client.get(goals_url(project), {"on": "2023-01-31"}).content.decode()
    assert "Per 2023-01-31" in html and "100 %" in html and "✗</span> Ej uppnått" in html
    response = client.get(goals_url(project), {"on": "inte-ett-datum"})
    assert response.status_code == 200
    assert "Per datum: Ange ett giltigt datum" in response.content.decode()


def test_leader_sees_change_links_and_archived_goals(world, project, login_as):
    add_goals(project, 1)
    actions.create_goal(
        None, project, level="deltagare", kind="qualitative", title="Gammalt mål", archived=True
    )
    html = login_as(world.users["leader"]).get(goals_url(project)).content.decode()
    assert reverse("goals:goal_create", kwargs={"code": project.code}) + "?niva=organisation" in html
    assert "Arkiverat mål (1)" in html and "Gammalt mål" in html
    goal = Goal.objects.get(title="Mål 0")
    assert reverse("goals:goal_edit", kwargs={"code": project.code, "pk": goal.pk}) in html


def test_goals_page_query_count_does_not_grow_with_goals(
    world, project, login_as, django_assert_max_num_queries
):
    client = login_as(world.users["leader"])
    add_goals(project, 1)
    client.get(goals_url(project))  # warm caches (content types, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(goals_url(project))
    add_goals(project, 10)
    for n in range(5):
        enrol(world, project, person(world), D(2023, 3, 1 + n), end=D(2023, 6, 1), reason="arbete")
    with django_assert_max_num_queries(len(few)):
        response = client.get(goals_url(project))
    assert response.content.decode().count('class="panel goal"') == 22


def test_plan_page_lists_steps_and_query_count_is_constant(
    world, project, login_as, django_assert_max_num_queries
):
    actions.create_step(
        None,
        project,
        what="Rekrytering av koordinatorer",
        how="Annonsering",
        who="Projektledare",
        start_date=D(2022, 9, 1),
        end_date=D(2022, 10, 31),
        status="klar",
    )
    actions.create_step(
        None,
        project,
        what="Halvtidsutvärdering",
        who="Extern utvärderare",
        start_date=D(2023, 1, 5),
        end_date=D(2023, 2, 20),
        status="pagar",
        note="Intervjuer bokade.",
    )
    client = login_as(world.users["coord_mdl"])
    response = client.get(plan_url(project))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Rekrytering av koordinatorer",
        "september 2022 – oktober 2022",
        "2023-01-05 – 2023-02-20",
        "Klar",
        "Pågår",
        "Intervjuer bokade.",
        "Slutdatum passerat",
        "Skriv ut",
    ):
        assert text in html
    assert reverse("goals:step_create", kwargs={"code": project.code}) not in html
    with django_assert_max_num_queries(8) as few:
        client.get(plan_url(project))
    for n in range(10):
        actions.create_step(None, project, what=f"Steg {n}", start_date=D(2023, 3, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(plan_url(project))


def test_leader_creates_and_edits_a_goal(world, project, login_as):
    client = login_as(world.users["leader"])
    url = reverse("goals:goal_create", kwargs={"code": project.code})
    assert client.get(url + "?niva=organisation").status_code == 200
    response = client.post(
        url,
        {
            "level": "deltagare",
            "kind": "computed",
            "title": "80 % har förbättrat sin svenska",
            "indicator": "language_step",
            "framework": "sfi",
            "target": "80",
            "order": "5",
        },
    )
    goal = Goal.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/mal/#goal-{goal.pk}")
    assert goal.parameters == {"framework": "sfi"} and goal.order == 5
    edit = reverse("goals:goal_edit", kwargs={"code": project.code, "pk": goal.pk})
    page = client.get(edit).content.decode()
    assert 'value="80"' in page and 'name="version"' in page
    response = client.post(
        edit,
        {
            "level": "deltagare",
            "kind": "computed",
            "title": "85 % har förbättrat sin svenska",
            "indicator": "language_step",
            "framework": "cefr",
            "target": "85",
            "version": "1",
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.parameters, goal.version) == (
        "85 % har förbättrat sin svenska",
        {"framework": "cefr"},
        2,
    )


def test_bad_goal_input_is_shown_at_the_fields(world, project, login_as):
    client = login_as(world.users["leader"])
    url = reverse("goals:goal_create", kwargs={"code": project.code})
    response = client.post(
        url,
        {
            "level": "deltagare",
            "kind": "computed",
            "title": "Jämn könsfördelning",
            "indicator": "gender_balance",
            "target": "60",
            "target_max": "40",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Uppgifterna kunde inte sparas" in html
    assert "Övre gräns: måste vara större än den nedre gränsen (60 %)." in html
    assert 'value="Jämn könsfördelning"' in html  # the input is kept
    response = client.post(
        url, {"level": "", "kind": "computed", "title": "", "indicator": "language_step", "target": "150"}
    )
    html = response.content.decode()
    for text in ("Nivå: fältet måste fyllas i.", "Mål: fältet måste fyllas i."):
        assert text in html
    assert not Goal.objects.exists()


def test_stale_goal_edit_gets_the_conflict_message(world, project, login_as):
    goal = actions.create_goal(None, project, level="organisation", kind="qualitative", title="Samverkan")
    actions.update_goal(None, goal, version=1, status="pagar")
    client = login_as(world.users["leader"])
    edit = reverse("goals:goal_edit", kwargs={"code": project.code, "pk": goal.pk})
    response = client.post(
        edit,
        {
            "level": "organisation",
            "kind": "qualitative",
            "title": "Samverkan etablerad",
            "status": "uppnatt",
            "version": "1",
        },
    )
    assert response.status_code == 200
    assert "Någon annan har ändrat uppgifterna" in response.content.decode()
    goal.refresh_from_db()
    assert (goal.title, goal.status) == ("Samverkan", "pagar")


def test_leader_creates_and_edits_a_step_with_months(world, project, login_as):
    client = login_as(world.users["leader"])
    url = reverse("goals:step_create", kwargs={"code": project.code})
    response = client.post(
        url,
        {
            "what": "Första startgruppen",
            "who": "Koordinatorer",
            "start_date": "2023-03",
            "end_date": "2023-04",
            "status": "planerad",
        },
    )
    step = ImplementationStep.objects.get()
    assert response.status_code == 302
    assert (step.start_date, step.end_date) == (D(2023, 3, 1), D(2023, 4, 30))
    edit = reverse("goals:step_edit", kwargs={"code": project.code, "pk": step.pk})
    response = client.post(
        edit, {"what": "Första startgruppen", "start_date": "2023-13", "status": "pagar", "version": "1"}
    )
    assert response.status_code == 200
    assert "Från: skriv ett datum som ÅÅÅÅ-MM-DD eller en månad som ÅÅÅÅ-MM" in response.content.decode()
    response = client.post(
        edit,
        {
            "what": "Första startgruppen",
            "start_date": "2023-03-01",
            "end_date": "2023-02",
            "status": "pagar",
            "version": "1",
        },
    )
    assert "Till: slutdatumet kan inte vara före startdatumet (2023-03-01)." in response.content.decode()
    response = client.post(
        edit, {"what": "Första startgruppen", "start_date": "2023-03", "status": "klar", "version": "1"}
    )
    step.refresh_from_db()
    assert response.status_code == 302 and step.status == "klar" and step.end_date is None


@pytest.mark.parametrize("role,status", [("coord_kba", 403), ("evaluator", 403), ("coord_spik", 404)])
def test_who_may_not_change_gets_403_or_404(world, project, login_as, role, status):
    goal = actions.create_goal(None, project, level="organisation", kind="qualitative", title="Samverkan")
    step = actions.create_step(None, project, what="Slutrapport", end_date=D(2025, 6, 30))
    client = login_as(world.users[role])
    for url in (
        reverse("goals:goal_create", kwargs={"code": project.code}),
        reverse("goals:goal_edit", kwargs={"code": project.code, "pk": goal.pk}),
        reverse("goals:step_edit", kwargs={"code": project.code, "pk": step.pk}),
    ):
        assert client.post(url, {"title": "x", "what": "x"}).status_code == status
    goal.refresh_from_db()
    assert goal.title == "Samverkan" and goal.version == 1


def test_goal_of_another_project_is_404(world, login_as):
    spik_goal = actions.create_goal(
        None, world.projects["spik"], level="organisation", kind="qualitative", title="X"
    )
    client = login_as(world.users["leader"])
    url = reverse("goals:goal_edit", kwargs={"code": "helhetslyftet", "pk": spik_goal.pk})
    assert client.get(url).status_code == 404


def test_report_json_contains_goals_and_plan(world, project, login_as):
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
    actions.create_step(
        None,
        project,
        what="Slutrapport",
        who="Projektledare",
        start_date=D(2025, 6, 1),
        end_date=D(2025, 6, 30),
    )
    response = login_as(world.users["leader"]).get(
        reverse("reports:project_report_json", kwargs={"code": project.code})
    )
    report = json.loads(response.content)
    [goal] = report["goals"]
    assert goal | {"id": None} == {
        "id": None,
        "level": "deltagare",
        "title": "Jämn könsfördelning",
        "description": "",
        "kind": "computed",
        "order": 0,
        "indicator": "gender_balance",
        "parameters": {},
        "target": 0.4,
        "target_max": 0.6,
        "value": 0.5,
        "numerator": 1,
        "denominator": 2,
        "status": "met",
    }
    assert report["plan"] == [
        {
            "id": report["plan"][0]["id"],
            "what": "Slutrapport",
            "how": "",
            "who": "Projektledare",
            "start": "2025-06-01",
            "end": "2025-06-30",
            "status": "planerad",
            "note": "",
            "order": 0,
        }
    ]


def test_project_menu_links_goals_and_plan(world, project, login_as):
    html = (
        login_as(world.users["evaluator"])
        .get(reverse("reports:project_report", kwargs={"code": project.code}))
        .content.decode()
    )
    assert f'href="{goals_url(project)}"' in html and f'href="{plan_url(project)}"' in html
    html = login_as(world.users["evaluator"]).get(goals_url(project)).content.decode()
    assert f'<a href="{goals_url(project)}" aria-current="page">Mål</a>' in html


def test_shares_are_shown_as_swedish_percentages_without_float_noise():
    from stegvis.goals.views import _percent

    assert [_percent(s) for s in (0.4286, 0.25, 0.3333, 1.0, 0)] == ["42,9", "25", "33,3", "100", "0"]


def test_goals_page_computes_what_its_goals_read_and_judges_them_as_the_whole_report(
    world, project, login_as
):
    """The page builds the report with ``goals`` and the sections its indicators read, no more."""
    from stegvis.goals.indicators import indicators
    from stegvis.goals.views import _sections_for_goals
    from stegvis.reports.project_report import build_report

    client = login_as(world.users["leader"])
    enrol(world, project, person(world), D(2023, 3, 1), end=D(2023, 6, 1), reason="arbete")
    assert _sections_for_goals(project) == {"goals"}
    from stegvis.surveys.figures import statement_labels

    statement = next(iter(statement_labels()))
    parameters = {
        "language_step": {"framework": "sfi"},
        "work_or_studies_after_exit": {"months": "3"},
        "survey_agreement": {"statement": statement},
    }
    for i, indicator in enumerate(indicators()):
        computed_goal(
            project,
            f"Mål {i}",
            indicator.code,
            parameters=parameters.get(indicator.code, {}),
            target=25 if not indicator.range_target else 40,
            **({"target_max": 60} if indicator.range_target else {}),
        )
    assert _sections_for_goals(project) == {"goals", "progression", "language", "after_exit", "surveys"}
    page = client.get(goals_url(project)).context["report"]
    whole = build_report(project)
    assert {"what_works", "esf", "consent"}.isdisjoint(page)
    assert page["goals"] == whole["goals"]

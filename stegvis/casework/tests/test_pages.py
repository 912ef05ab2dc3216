import datetime

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.casework.models import MappingEntry, PlanGoal, PlanStep, ProjectCasework
from stegvis.casework.testing import anna_entry, anna_goal, anna_step
from stegvis.participants.models import Enrollment

TODAY = datetime.date.today()


def _anna(world):
    return world.enrollments["anna"]


@pytest.mark.django_db
def test_mapping_page_shows_areas_and_audits_the_read(world, login_as):
    anna_entry(world, area="boende", own_words="Vi bor trångt.")
    client = login_as(world.users["coord_kba"])
    response = client.get(reverse("casework:mapping", args=[_anna(world).pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vi bor trångt." in html and "1 av 9 områden kartlagda" in html
    assert reverse("casework:mapping_entry", args=[_anna(world).pk, "sprak"]) in html
    assert (
        AuditEntry.objects.filter(action="view", person=world.persons["anna"], detail="kartläggning").count()
        == 1
    )
    assert (
        login_as(world.users["coord_mdl"])
        .get(reverse("casework:mapping", args=[_anna(world).pk]))
        .status_code
        == 404
    )
    assert (
        login_as(world.users["evaluator"])
        .get(reverse("casework:mapping", args=[_anna(world).pk]))
        .status_code
        == 403
    )


@pytest.mark.django_db
def test_mapping_entry_form_records_shows_errors_and_conflicts(world, login_as):
    client = login_as(world.users["coord_kba"])
    url = reverse("casework:mapping_entry", args=[_anna(world).pk, "ekonomi"])
    page = client.get(url)
    assert page.status_code == 200 and "Kartläggning: Ekonomi och skulder" in page.content.decode()
    bad = client.post(url, {"recorded_on": TODAY.isoformat()})
    assert bad.status_code == 200 and "minst ett av fälten" in bad.content.decode()
    assert not MappingEntry.objects.exists()
    done = client.post(url, {"own_words": "Skulder hos Kronofogden", "recorded_on": TODAY.isoformat()})
    assert done.status_code == 302 and done["Location"].endswith("#omrade-ekonomi")
    entry = MappingEntry.objects.get()
    form = client.get(url).context["form"]
    assert form.initial["version"] == entry.version == 1
    data = {"own_words": "Rättad", "recorded_on": TODAY.isoformat(), "version": "1"}
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "own_words": "Min gamla text"})
    assert stale.status_code == 200
    html = stale.content.decode()
    assert "Någon annan har ändrat" in html and "Min gamla text" in html  # the user's input is kept
    assert MappingEntry.objects.get().own_words == "Rättad"
    assert (
        client.get(reverse("casework:mapping_entry", args=[_anna(world).pk, "finns-inte"])).status_code == 404
    )


@pytest.mark.django_db
def test_an_area_the_project_does_not_use_cannot_be_opened_empty(world, login_as):
    from stegvis.casework.actions import save_project_areas
    from stegvis.casework.models import LifeArea

    save_project_areas(None, world.projects["helhetslyftet"], areas=LifeArea.objects.filter(code="halsa"))
    client = login_as(world.users["coord_kba"])
    assert client.get(reverse("casework:mapping_entry", args=[_anna(world).pk, "sprak"])).status_code == 404
    html = client.get(reverse("casework:mapping", args=[_anna(world).pk])).content.decode()
    assert "0 av 1 områden kartlagda" in html and "Språk" not in html


@pytest.mark.django_db
def test_goal_and_step_forms_write_through_actions(world, login_as):
    client = login_as(world.users["coord_kba"])
    url = reverse("casework:goal_create", args=[_anna(world).pk])
    bad = client.post(
        url, {"text": "", "horizon": "kort", "direction": "arbete", "status": "pagar", "order": 0}
    )
    assert bad.status_code == 200 and not PlanGoal.objects.exists()
    done = client.post(
        url,
        {"text": "Börja praktik", "horizon": "kort", "direction": "arbete", "status": "pagar", "order": 0},
    )
    assert done.status_code == 302 and done["Location"] == reverse("casework:plan", args=[_anna(world).pk])
    goal = PlanGoal.objects.get()
    step_url = reverse("casework:step_create", args=[goal.pk])
    missing_actor = client.post(
        step_url, {"what": "Möte", "owner": "annan", "owner_name": "", "status": "planerad"}
    )
    assert missing_actor.status_code == 200
    assert "Vilken aktör" in missing_actor.context["form"].errors["owner_name"][0]
    assert (
        client.post(
            step_url,
            {
                "what": "Möte på AF",
                "owner": "annan",
                "owner_name": "Arbetsförmedlingen",
                "due_date": "2023-03-01",
                "status": "planerad",
            },
        ).status_code
        == 302
    )
    step = PlanStep.objects.get()
    edit = reverse("casework:step_edit", args=[step.pk])
    data = {
        "what": "Möte på AF",
        "owner": "annan",
        "owner_name": "Arbetsförmedlingen",
        "due_date": "2023-03-01",
        "status": "klar",
        "version": step.version,
    }
    assert client.post(edit, data).status_code == 302
    stale = client.post(edit, {**data, "status": "installd"})
    assert stale.status_code == 200 and "Någon annan har ändrat" in stale.content.decode()
    assert PlanStep.objects.get().status == "klar"
    goal_edit = reverse("casework:goal_edit", args=[goal.pk])
    assert (
        client.post(
            goal_edit,
            {
                "text": "Börja praktik",
                "horizon": "kort",
                "direction": "arbete",
                "status": "uppnatt",
                "order": 0,
                "version": 1,
            },
        ).status_code
        == 302
    )
    assert PlanGoal.objects.get().status == "uppnatt"
    mdl = login_as(world.users["coord_mdl"])
    assert mdl.get(edit).status_code == 404 and mdl.get(goal_edit).status_code == 404


@pytest.mark.django_db
def test_plan_page_marks_overdue_and_due_steps_in_words(world, login_as):
    goal = anna_goal(world)
    anna_step(world, goal, what="Boka läkartid", due_date=TODAY - datetime.timedelta(days=3), status="pagar")
    anna_step(world, goal, what="Gå Min Hälsa", due_date=TODAY + datetime.timedelta(days=5))
    anna_step(
        world, goal, what="Klart sedan länge", due_date=TODAY - datetime.timedelta(days=30), status="klar"
    )
    client = login_as(world.users["leader"])
    html = client.get(reverse("casework:plan", args=[_anna(world).pk])).content.decode()
    assert html.count("Försenat") == 1 and html.count("◷ </span>Snart") == 1
    assert "Mål på lång sikt" in html and "data-print-page" in html
    assert AuditEntry.objects.filter(action="view", detail="plan", person=world.persons["anna"]).exists()


@pytest.mark.django_db
def test_din_plan_is_plain_and_has_no_personnummer(world, login_as):
    goal = anna_goal(world, text="Jobba i en förskola")
    anna_step(
        world,
        goal,
        what="Praktik på förskolan Solrosen",
        owner="deltagare",
        due_date=datetime.date(2030, 3, 12),
    )
    anna_step(
        world, goal, what="Prata med Arbetsförmedlingen", owner="annan", owner_name="Arbetsförmedlingen"
    )
    anna_step(world, goal, what="Inställt möte", status="installd")
    anna_goal(world, text="Ett avbrutet mål", status="avbrutet")
    html = (
        login_as(world.users["coord_kba"])
        .get(reverse("casework:participant_plan", args=[_anna(world).pk]))
        .content.decode()
    )
    assert "Din plan, Anna" in html and "Du gör det." in html and "Arbetsförmedlingen gör det." in html
    assert "Det ska vara klart 12 mars 2030." in html
    assert "Inställt möte" not in html and "Ett avbrutet mål" not in html
    person = world.persons["anna"]
    for secret in (person.personnummer, person.personnummer_display, "19850101", "850101"):
        assert secret not in html
    assert AuditEntry.objects.filter(action="view", detail="Din plan").exists()


@pytest.mark.django_db
def test_project_areas_page(world, login_as):
    url = reverse("casework:project_areas", args=["helhetslyftet"])
    client = login_as(world.users["leader"])
    page = client.get(url)
    assert page.status_code == 200 and "använder alla områden" in page.content.decode()
    none = client.post(url, {"areas": []})
    assert none.status_code == 200 and "minst ett område" in none.content.decode()
    ids = [a.pk for a in page.context["form"].fields["areas"].queryset[:3]]
    assert client.post(url, {"areas": ids}).status_code == 302
    settings = ProjectCasework.objects.get()
    assert sorted(settings.areas.values_list("pk", flat=True)) == sorted(ids)
    stale = client.post(url, {"areas": ids[:1]})  # a form opened before the first save
    assert stale.status_code == 200 and "Någon annan har ändrat" in stale.content.decode()
    assert login_as(world.users["coord_kba"]).get(url).status_code == 403


@pytest.mark.django_db
def test_participant_section_shows_mapping_status_and_plan(world, login_as):
    anna_entry(world, area="halsa")
    goal = anna_goal(world, text="Jobb inom förskolan")
    step = anna_step(
        world, goal, what="Boka läkartid", due_date=TODAY - datetime.timedelta(days=1), status="pagar"
    )
    client = login_as(world.users["coord_kba"])
    html = client.get(reverse("participants:detail", args=[world.persons["anna"].pk])).content.decode()
    assert 'id="kartlaggning-plan"' in html and "1 av 9 områden kartlagda" in html
    assert "Jobb inom förskolan" in html and "Boka läkartid" in html and "1 försenat steg" in html
    assert reverse("casework:step_edit", args=[step.pk]) in html
    assert reverse("casework:goal_create", args=[_anna(world).pk]) in html
    # The project leader sees the section; a coordinator of another organisation does not see anna at all.
    assert (
        "Boka läkartid"
        in login_as(world.users["leader"])
        .get(reverse("participants:detail", args=[world.persons["anna"].pk]))
        .content.decode()
    )


def _casework_for_bo(world, n):
    """``n`` goals with two steps each and ``n`` mapped areas on bo's enrolment."""
    from stegvis.casework.actions import create_goal, create_step, save_mapping_entry
    from stegvis.casework.models import LifeArea

    unmapped = LifeArea.objects.exclude(
        pk__in=MappingEntry.objects.filter(mapping__enrollment=world.enrollments["bo"]).values("area_id")
    )
    for i, area in enumerate(unmapped[:n]):
        save_mapping_entry(None, world.enrollments["bo"], area=area, own_words=f"Text {i}", recorded_on=TODAY)
    for i in range(n):
        goal = create_goal(
            None,
            world.enrollments["bo"],
            horizon="kort" if i % 2 else "lang",
            direction="arbete",
            text=f"Mål {i}",
        )
        for j in range(2):
            create_step(None, goal, what=f"Steg {i}.{j}", owner="deltagare", due_date=TODAY)


@pytest.mark.django_db
def test_participant_section_query_count_does_not_grow(world, django_assert_num_queries):
    from stegvis.casework.participant import section_context

    user, person = world.users["leader"], world.persons["bo"]
    _casework_for_bo(world, 1)
    section_context(
        user, person, Enrollment.objects.filter(person=person)
    )  # the user's roles, read once per request
    with django_assert_num_queries(7) as few:
        # enrolments, areas, chosen areas, entries, goals, steps, which may change
        section_context(user, person, Enrollment.objects.filter(person=person).select_related("project"))
    _casework_for_bo(world, 6)
    with django_assert_num_queries(len(few.captured_queries)):
        context = section_context(
            user, person, Enrollment.objects.filter(person=person).select_related("project")
        )
    row = context["casework_rows"][0]
    assert row["filled"] == 7 and sum(len(goals) for _h, _l, goals in row["horizons"]) == 7


@pytest.mark.django_db
def test_plan_page_query_count_does_not_grow(world, login_as, django_assert_max_num_queries):
    client = login_as(world.users["leader"])
    url = reverse("casework:plan", args=[world.enrollments["bo"].pk])
    _casework_for_bo(world, 1)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    _casework_for_bo(world, 5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
    url = reverse("casework:mapping", args=[world.enrollments["bo"].pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    _casework_for_bo(world, 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)

import datetime
import re

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.participants import actions as participant_actions
from stegvis.progression.measuring.testing import anna_measurement, default_card
from stegvis.progression.models import (
    Answer,
    Instrument,
    LanguageLevel,
    Measurement,
    ProjectProgressionSettings,
)

D = datetime.date


def create_url(world):
    return reverse("progression:measurement_create", args=[world.enrollments["anna"].pk])


def post_data(**extra):
    data = {
        "save": "1",
        "instrument": default_card().pk,
        "respondent": "deltagare",
        "date": "2023-01-20",
        "source": "paper",
    }
    data.update(extra)
    return data


# --- Registering answers -------------------------------------------------------------------------


def test_form_shows_every_item_with_scale_and_meaning(world, login_as):
    response = login_as(world.users["coord_kba"]).get(create_url(world))
    assert response.status_code == 200
    html = response.content.decode()
    card = default_card()
    items = list(card.items.all())
    assert html.count('class="scale"') == len(items) == 10
    first = items[0]
    assert first.text in html and first.low_label in html and first.high_label in html
    assert 'name="q_q1" value="10"' in html and 'value="vet-inte"' in html
    assert first.staff_text not in html


def test_staff_perspective_shows_staff_texts(world, login_as):
    response = login_as(world.users["coord_kba"]).get(create_url(world) + "?respondent=handlaggare")
    first = default_card().items.first()
    assert first.staff_text in response.content.decode()


def test_saving_records_answers_through_the_action(world, login_as):
    client = login_as(world.users["coord_kba"])
    response = client.post(create_url(world), post_data(q_q1="3", q_q2="vet-inte", q_q3="10"))
    assert response.status_code == 302
    m = Measurement.objects.get()
    assert (m.date, m.source, m.respondent, m.registered_by) == (
        D(2023, 1, 20),
        "paper",
        "deltagare",
        world.users["coord_kba"],
    )
    values = dict(Answer.objects.filter(measurement=m).values_list("item__code", "value"))
    assert values["q1"] == 3 and values["q2"] is None and values["q3"] == 10 and values["q4"] is None
    assert AuditEntry.objects.filter(object_type="progression.measurement", action="create").exists()


def test_action_errors_are_shown_at_the_item(world, login_as):
    card = default_card()
    Instrument.objects.filter(pk=card.pk).update(allow_dont_know=False)
    client = login_as(world.users["coord_kba"])
    answers = {f"q_q{n}": "5" for n in range(1, 11)}
    answers.pop("q_q4")
    response = client.post(create_url(world), post_data(**answers))
    assert response.status_code == 200
    assert not Measurement.objects.exists()
    errors = response.context["form"].errors
    assert "q_q4" in errors and "Svar saknas." in errors["q_q4"][0]
    assert 'id="q_q4-error"' in response.content.decode()


def test_bad_input_never_gives_a_500(world, login_as):
    client = login_as(world.users["coord_kba"])
    for data in [
        post_data(q_q1="11"),
        post_data(q_q1="x"),
        post_data(date="igår"),
        post_data(date="2022-01-01", q_q1="4"),
        post_data(instrument="999999", q_q1="4"),
        post_data(respondent="nagon", q_q1="4"),
        post_data(),
    ]:
        response = client.post(create_url(world), data)
        assert response.status_code == 200, data
    assert not Measurement.objects.exists()
    response = client.post(create_url(world), post_data(date="2022-01-01", q_q1="4"))
    assert "date" in response.context["form"].errors


def test_same_day_twice_is_refused_at_the_date(world, login_as):
    anna_measurement(world)
    response = login_as(world.users["coord_kba"]).post(create_url(world), post_data(q_q1="4"))
    assert response.status_code == 200
    assert "date" in response.context["form"].errors


def test_other_organisation_and_evaluator_cannot_register(world, login_as, client):
    assert login_as(world.users["coord_mdl"]).post(create_url(world), post_data(q_q1="4")).status_code == 404
    client.logout()
    assert login_as(world.users["evaluator"]).post(create_url(world), post_data(q_q1="4")).status_code == 403
    assert not Measurement.objects.exists()


# --- Editing ---------------------------------------------------------------------------------------


def test_edit_changes_answers_and_a_stale_version_is_a_conflict(world, login_as):
    m = anna_measurement(world)
    url = reverse("progression:measurement_edit", args=[m.pk])
    client = login_as(world.users["coord_kba"])
    page = client.get(url)
    assert page.status_code == 200
    assert re.search(r'name="q_q1" value="4"[^>]*checked', page.content.decode())
    assert re.search(r'name="q_q3" value="vet-inte"[^>]*checked', page.content.decode())
    data = {"save": "1", "date": "2023-01-21", "version": m.version, "q_q1": "7", "q_q2": "6"}
    assert client.post(url, data).status_code == 302
    m.refresh_from_db()
    assert m.date == D(2023, 1, 21) and m.version == 2
    assert Answer.objects.get(measurement=m, item__code="q1").value == 7
    stale = client.post(url, {**data, "q_q1": "2"})
    assert stale.status_code == 200
    assert "Någon annan har ändrat" in stale.content.decode()
    assert Answer.objects.get(measurement=m, item__code="q1").value == 7


def test_measurement_list_query_count_does_not_grow(world, login_as, django_assert_max_num_queries):
    client = login_as(world.users["coord_kba"])
    url = reverse("progression:measurement_list", args=[world.enrollments["anna"].pk])
    anna_measurement(world)
    with django_assert_max_num_queries(40) as before:
        client.get(url)
    for day in (D(2023, 4, 10), D(2023, 7, 10), D(2023, 10, 10)):
        anna_measurement(world, day=day)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert len(response.context["measurements"]) == 4


def test_edit_of_another_organisations_measurement_is_404(world, login_as):
    m = anna_measurement(world)
    assert (
        login_as(world.users["coord_mdl"])
        .get(reverse("progression:measurement_edit", args=[m.pk]))
        .status_code
        == 404
    )


def test_measurement_list_shows_answers_and_is_audited(world, login_as):
    anna_measurement(world)
    response = login_as(world.users["coord_kba"]).get(
        reverse("progression:measurement_list", args=[world.enrollments["anna"].pk])
    )
    assert response.status_code == 200
    assert "5,0" in response.content.decode() or "5.0" in response.content.decode()  # mean of 4 and 6
    assert AuditEntry.objects.filter(action="view", person=world.persons["anna"]).exists()


# --- The participant page -------------------------------------------------------------------------


def test_participant_page_shows_measurements_due_badge_and_levels(
    world, login_as, django_assert_max_num_queries
):
    anna_measurement(world)
    participant_actions.enroll_participant(
        None,
        world.persons["anna"],
        project=world.projects["spik"],
        organization=world.orgs["vaxjo"],
        start_date=D(2022, 6, 1),
    )
    LanguageLevel.objects.create(person=world.persons["anna"], date=D(2023, 2, 1), framework="sfi", level="B")
    client = login_as(world.users["coord_kba"])
    url = reverse("participants:detail", args=[world.persons["anna"].pk])
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "2023-01-20" in html and "Försenad" in html
    assert reverse("progression:measurement_create", args=[world.enrollments["anna"].pk]) in html
    assert "SPiK" not in html  # the SPiK enrolment is not Kungsbacka's to see
    assert reverse("progression:language_level_create", args=[world.persons["anna"].pk]) in html
    assert ">B<" in html
    rows = response.context["measuring_rows"]
    assert len(rows) == 1 and rows[0]["can_register"] and len(rows[0]["measurements"]) == 1
    # More measurements do not mean more queries.
    with django_assert_max_num_queries(60) as first:
        client.get(url)
    for day in (D(2023, 4, 10), D(2023, 7, 10), D(2023, 10, 10)):
        anna_measurement(world, day=day)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)


def test_leader_sees_section_but_evaluator_never_reaches_the_page(world, login_as):
    response = login_as(world.users["leader"]).get(
        reverse("participants:detail", args=[world.persons["anna"].pk])
    )
    assert response.status_code == 200 and "Registrera mätning" in response.content.decode()


# --- Language levels ------------------------------------------------------------------------------


def test_register_language_level(world, login_as):
    url = reverse("progression:language_level_create", args=[world.persons["anna"].pk])
    client = login_as(world.users["coord_kba"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"framework": "cefr", "level": "A2", "date": "2023-03-01"})
    assert response.status_code == 302
    assert LanguageLevel.objects.get().level == "A2"
    bad = client.post(url, {"framework": "sfi", "level": "A2", "date": "2023-03-01"})
    assert bad.status_code == 200 and "level" in bad.context["form"].errors
    clash = client.post(url, {"framework": "cefr", "level": "B1", "date": "2023-03-01"})
    assert clash.status_code == 200 and "date" in clash.context["form"].errors
    assert (
        login_as(world.users["coord_mdl"])
        .post(url, {"framework": "sfi", "level": "A", "date": "2023-03-01"})
        .status_code
        == 404
    )


# --- Project settings -----------------------------------------------------------------------------


def settings_url(world):
    return reverse("progression:measuring_settings", args=[world.projects["helhetslyftet"].code])


def test_leader_saves_the_plan_and_threshold_with_conflict_detection(world, login_as):
    client = login_as(world.users["leader"])
    page = client.get(settings_url(world))
    assert page.status_code == 200
    initial = page.context["form"].initial
    data = {
        "primary_instrument_code": "progressionskort",
        "interval_months": "6",
        "progression_threshold": "0.5",
        "version": "",
        "token": initial["token"],
    }
    assert client.post(settings_url(world), data).status_code == 302
    plan = ProjectProgressionSettings.objects.get(project=world.projects["helhetslyftet"])
    assert plan.interval_months == 6 and plan.version == 1
    world.projects["helhetslyftet"].refresh_from_db()
    assert str(world.projects["helhetslyftet"].progression_threshold) == "0.50"
    # The same (now stale) form again: a conflict, nothing written.
    stale = client.post(settings_url(world), {**data, "interval_months": "4"})
    assert stale.status_code == 200 and "Någon annan har ändrat" in stale.content.decode()
    assert ProjectProgressionSettings.objects.get().interval_months == 6
    # A fresh form saves.
    page = client.get(settings_url(world))
    fresh = {
        **data,
        "interval_months": "4",
        "version": page.context["form"].initial["version"],
        "token": page.context["form"].initial["token"],
    }
    assert client.post(settings_url(world), fresh).status_code == 302
    assert ProjectProgressionSettings.objects.get().interval_months == 4
    assert AuditEntry.objects.filter(object_type="progression.projectprogressionsettings").count() == 2


def test_settings_errors_are_shown_at_the_field(world, login_as):
    client = login_as(world.users["leader"])
    token = client.get(settings_url(world)).context["form"].initial["token"]
    response = client.post(
        settings_url(world),
        {
            "primary_instrument_code": "finns-inte",
            "interval_months": "0",
            "progression_threshold": "-1",
            "token": token,
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {
        "primary_instrument_code",
        "interval_months",
        "progression_threshold",
    }
    assert not ProjectProgressionSettings.objects.exists()


@pytest.mark.parametrize(
    "role,status", [("coord_kba", 403), ("evaluator", 403), ("coord_spik", 404), ("admin", 200)]
)
def test_settings_access(world, login_as, role, status):
    assert login_as(world.users[role]).get(settings_url(world)).status_code == status


# --- Due lists ------------------------------------------------------------------------------------


def make_caseload(world, n):
    project, org = world.projects["helhetslyftet"], world.orgs["kungsbacka"]
    for i in range(n):
        person = participant_actions.register_person(
            None, organization=org, first_name=f"Person{i}", last_name="Due", gender="K", birth_year=1980
        )
        participant_actions.enroll_participant(
            None,
            person,
            project=project,
            organization=org,
            start_date=D(2023, 1, 1),
            coordinator=world.users["coord_kba"],
        )


def test_start_page_lists_the_coordinators_due_enrolments(world, login_as, django_assert_max_num_queries):
    client = login_as(world.users["coord_kba"])
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert "Mätning försenad" in html and "Anna Andersson" in html  # the caseload's badge
    assert "Bo Berg" not in html
    with django_assert_max_num_queries(100) as before:
        client.get(reverse("home"))
    make_caseload(world, 6)
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(reverse("home"))
    assert sum(row.measurement_now for row in response.context["coordinator"]["rows"]) == 7


def test_due_list_page_is_filtered_by_access_and_project(world, login_as, django_assert_max_num_queries):
    url = reverse("progression:due_list")
    response = login_as(world.users["coord_kba"]).get(url)
    names = [r.person.display_name for r in response.context["rows"]]
    assert names == ["Anna Andersson"]
    client = login_as(world.users["admin"])
    all_names = {r.person.display_name for r in client.get(url).context["rows"]}
    assert {"Anna Andersson", "Bo Berg"} <= all_names
    # cia's SPiK enrolment: protected identity, still on the due list for those who may see it.
    assert "Cia Ceder" in all_names
    spik = world.projects["spik"].pk
    filtered = client.get(url, {"project": spik}).context["rows"]
    assert [r.project_id for r in filtered] == [spik]
    assert reverse("progression:measuring_settings", args=["spik"]) in client.get(url).content.decode()
    with django_assert_max_num_queries(30) as before:
        client.get(url)
    make_caseload(world, 5)
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert len(client.get(url).context["rows"]) == 8


def test_measured_enrolment_leaves_the_due_list(world, login_as):
    from stegvis.organizations.actions import save_project
    from stegvis.progression.actions import record_measurement

    today = datetime.date.today()
    org = world.orgs["kungsbacka"]
    project, _c, _ch = save_project(
        None,
        code="pagaende",
        name="Pågående",
        owner=org,
        start_date=today - datetime.timedelta(days=400),
        new=True,
    )
    e = participant_actions.enroll_participant(
        None,
        world.persons["anna"],
        project=project,
        organization=org,
        start_date=today - datetime.timedelta(days=5),
    )
    client = login_as(world.users["admin"])
    url = reverse("progression:due_list")
    rows = client.get(url, {"project": project.pk}).context["rows"]
    assert [r.pk for r in rows] == [e.pk] and rows[0].is_baseline_due and not rows[0].overdue
    record_measurement(None, e, default_card(), respondent="deltagare", date=today, answers={"q1": 5})
    assert client.get(url, {"project": project.pk}).context["rows"] == []

import datetime

import pytest
from django.urls import reverse

from stegvis.outcomes.models import ExitFollowUp
from stegvis.outcomes.schedule import add_months, point_date
from stegvis.outcomes.testing import anna_follow_up, end_enrollment
from stegvis.participants import actions as participant_actions
from stegvis.testing import audit_write_queries

TODAY = datetime.date.today()


def _exit_due_at_one_month(enrollment, days_late=3):
    """End ``enrollment`` so that its +1 follow-up was due ``days_late`` days ago."""
    end_enrollment(enrollment, day=add_months(TODAY - datetime.timedelta(days=days_late), -1))


def _many_exits(world, n):
    org, project = world.orgs["kungsbacka"], world.projects["helhetslyftet"]
    for i in range(n):
        person = participant_actions.register_person(
            None,
            organization=org,
            first_name=f"P{i}",
            last_name="Test",
            gender="K" if i % 2 else "M",
            birth_year=1980 + i % 20,
        )
        enrollment = participant_actions.enroll_participant(
            None,
            person,
            project=project,
            organization=org,
            start_date=datetime.date(2023, 1, 1),
            coordinator=world.users["coord_kba"],
        )
        _exit_due_at_one_month(enrollment, days_late=i % 30)


@pytest.mark.django_db
def test_due_list_shows_only_enrolments_the_user_may_see(world, login_as):
    _exit_due_at_one_month(world.enrollments["anna"])
    _exit_due_at_one_month(world.enrollments["bo"], days_late=20)
    for role, visible in [
        ("coord_kba", ["Andersson"]),
        ("coord_mdl", ["Berg"]),
        ("leader", ["Andersson", "Berg"]),
        ("coord_spik", []),
    ]:
        response = login_as(world.users[role]).get(reverse("outcomes:due_list"))
        assert response.status_code == 200
        html = response.content.decode()
        for name in ("Andersson", "Berg"):
            assert (name in html) == (name in visible), (role, name)
    response = login_as(world.users["evaluator"]).get(reverse("outcomes:due_list"))
    assert response.status_code == 403


@pytest.mark.django_db
def test_due_list_filters_marks_overdue_and_links_to_the_form(world, login_as):
    _exit_due_at_one_month(world.enrollments["anna"], days_late=3)
    _exit_due_at_one_month(world.enrollments["bo"], days_late=20)
    client = login_as(world.users["leader"])
    html = client.get(reverse("outcomes:due_list")).content.decode()
    create = reverse("outcomes:create", args=[world.enrollments["anna"].pk]) + "?manader=1"
    assert create in html and "försenad" in html and "att göra" in html
    html = client.get(reverse("outcomes:due_list"), {"status": "forsenad"}).content.decode()
    assert "Berg" in html and "Andersson" not in html
    html = client.get(reverse("outcomes:due_list"), {"point": "3"}).content.decode()
    assert "Andersson" not in html and "Berg" not in html
    html = client.get(reverse("outcomes:due_list"), {"project": world.projects["spik"].pk}).content.decode()
    assert (
        "Andersson" in html
    )  # spik is not a project the leader sees: the choice is refused, list unfiltered
    anna_follow_up(world, months=1, followed_up_on=TODAY)
    html = client.get(reverse("outcomes:due_list")).content.decode()
    assert "Andersson" not in html and "Berg" in html


@pytest.mark.django_db
def test_due_list_sorts_and_paginates(world, login_as):
    _many_exits(world, 30)
    client = login_as(world.users["leader"])
    response = client.get(reverse("outcomes:due_list"), {"sort": "-due_on"})
    rows = list(response.context["table"].page.object_list)
    assert len(rows) == 25 and response.context["total"] == 30
    days = [r.record.due_on for r in rows]
    assert days == sorted(days, reverse=True)
    assert client.get(reverse("outcomes:due_list"), {"page": 2}).status_code == 200


@pytest.mark.django_db
def test_due_list_query_count_does_not_grow(world, login_as, django_assert_max_num_queries):
    client = login_as(world.users["leader"])
    _many_exits(world, 3)
    client.get(reverse("outcomes:due_list"))
    with django_assert_max_num_queries(10 + audit_write_queries()) as few:
        client.get(reverse("outcomes:due_list"))
    _many_exits(world, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("outcomes:due_list"))
    assert response.context["total"] == 30


@pytest.mark.django_db
def test_create_form_records_and_shows_errors_at_the_field(world, login_as):
    enrollment = world.enrollments["anna"]
    end_enrollment(enrollment)
    client = login_as(world.users["coord_kba"])
    url = reverse("outcomes:create", args=[enrollment.pk]) + "?manader=3"
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"].initial["months"] == 3
    bad = client.post(
        url, {"months": 3, "followed_up_on": "2023-07-01", "situation": "studier", "work_extent": "50"}
    )
    assert bad.status_code == 200
    errors = bad.context["form"].errors
    assert "tidigast" in errors["followed_up_on"][0] and "arbete" in errors["work_extent"][0]
    assert not ExitFollowUp.objects.exists()
    done = client.post(
        url, {"months": 3, "followed_up_on": "2023-09-30", "situation": "studier", "improved_situation": "ja"}
    )
    assert done.status_code == 302
    follow_up = ExitFollowUp.objects.get()
    assert (follow_up.months, follow_up.situation, follow_up.improved_situation) == (3, "studier", True)
    # Asking for a recorded point opens it for editing instead.
    again = client.get(url)
    assert again.status_code == 302 and again["Location"] == reverse("outcomes:edit", args=[follow_up.pk])


@pytest.mark.django_db
def test_create_page_for_an_active_enrolment_explains_instead_of_a_form(world, login_as):
    response = login_as(world.users["coord_kba"]).get(
        reverse("outcomes:create", args=[world.enrollments["anna"].pk])
    )
    assert response.status_code == 200
    assert "inte avslutad" in response.content.decode()


@pytest.mark.django_db
def test_edit_form_shows_a_conflict_on_a_stale_version(world, login_as):
    follow_up = anna_follow_up(world, months=1)
    client = login_as(world.users["coord_kba"])
    url = reverse("outcomes:edit", args=[follow_up.pk])
    assert client.get(url).status_code == 200
    data = {
        "followed_up_on": "2023-07-31",
        "situation": "arbete",
        "work_extent": "80",
        "version": follow_up.version,
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "work_extent": "60"})
    assert stale.status_code == 200
    assert "Någon annan har ändrat" in stale.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.work_extent == 80 and follow_up.months == 1
    assert login_as(world.users["coord_mdl"]).get(url).status_code == 404


@pytest.mark.django_db
def test_participant_section_shows_points_with_links_for_those_who_may_change(
    world, login_as, django_assert_max_num_queries
):
    enrollment = world.enrollments["anna"]
    end_enrollment(enrollment, reason="arbete")
    anna_follow_up(world, months=1, situation="studier")
    client = login_as(world.users["coord_kba"])
    html = client.get(reverse("participants:detail", args=[world.persons["anna"].pk])).content.decode()
    assert 'id="efter-avslut"' in html and "Efter avslut" in html
    assert "Studier" in html and "Arbete" in html  # the +1 situation and the exit reason
    follow_up = ExitFollowUp.objects.get()
    assert reverse("outcomes:edit", args=[follow_up.pk]) in html
    assert reverse("outcomes:create", args=[enrollment.pk]) + "?manader=3" in html
    assert point_date(enrollment.end_date, 6).isoformat() in html
    # The section costs a fixed number of queries.
    from stegvis.outcomes.participant import section_context
    from stegvis.participants.models import Enrollment

    with django_assert_max_num_queries(4):  # the enrolments, the user's roles, follow-ups, which may change
        section_context(
            world.users["coord_kba"],
            world.persons["anna"],
            Enrollment.objects.filter(person=world.persons["anna"]),
        )


@pytest.mark.django_db
def test_participant_section_is_absent_without_an_ended_enrolment(world, login_as):
    html = (
        login_as(world.users["coord_kba"])
        .get(reverse("participants:detail", args=[world.persons["anna"].pk]))
        .content.decode()
    )
    assert 'id="efter-avslut"' not in html

"""The worklist page: whose enrolments, filters, links, audit, and a query count that does not grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.casework.actions import create_goal, create_step
from stegvis.interventions.actions import add_participant_intervention, add_placement
from stegvis.interventions.testing import catalogue_entry
from stegvis.outcomes.testing import end_enrollment
from stegvis.participants import actions as participant_actions
from stegvis.participants.models import Enrollment

URL = reverse("worklist:index")
TODAY = datetime.date.today()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def add_caseload(world, n, coordinator="coord_kba"):
    """``n`` more participants of Kungsbacka with something in every section of the worklist.

    Each has an overdue plan step and an ongoing praktik without follow-up; every other one has
    left 25 days ago (so the follow-up one month after the exit is due) instead of being active.
    """
    entry = catalogue_entry(world, name=f"Praktik {n}")
    for i in range(n):
        person = participant_actions.register_person(
            None,
            organization=world.orgs["kungsbacka"],
            first_name=f"Deltagare{i}",
            last_name="Test",
            gender="K",
            birth_year=1980 + i % 20,
        )
        enrollment = participant_actions.enroll_participant(
            None,
            person,
            project=world.projects["helhetslyftet"],
            organization=world.orgs["kungsbacka"],
            start_date=datetime.date(2025, 1, 2),
            referrer="af",
            coordinator=world.users[coordinator],
        )
        goal = create_goal(None, enrollment, horizon="kort", direction="arbete", text="Praktik inom vården")
        create_step(None, goal, what="Ringa handledaren", owner="koordinator", due_date=days_ago(3))
        participation = add_participant_intervention(
            None, enrollment, intervention=entry, start_date=days_ago(90)
        )
        add_placement(
            None, participation, workplace_name=f"Äldreboendet Linden {i}", workplace_type="aldreomsorg"
        )
        if i % 2:
            enrollment.refresh_from_db()
            end_enrollment(enrollment, day=days_ago(25), reason="arbete")


def _count_queries(client, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries), response


@pytest.mark.django_db
def test_own_enrolments_by_default_and_all_on_request(world, login_as):
    add_caseload(world, 2, coordinator="coord_mdl")  # Mölndal's, in Helhetslyftet
    client = login_as(world.users["coord_kba"])
    html = client.get(URL).content.decode()
    assert "Anna Andersson" in html and "Deltagare0" not in html and "Bo Berg" not in html
    client = login_as(world.users["leader"])
    html = client.get(URL).content.decode()
    assert "Anna Andersson" not in html  # the leader coordinates nobody
    assert "Inget att göra just nu." in html
    html = client.get(URL, {"scope": "alla"}).content.decode()
    assert "Anna Andersson" in html and "Bo Berg" in html and "Deltagare0" in html
    assert "Koordinator" in html


@pytest.mark.django_db
def test_widening_never_shows_what_the_user_may_not_see(world, login_as):
    client = login_as(world.users["coord_mdl"])
    html = client.get(URL, {"scope": "alla"}).content.decode()
    assert "Bo Berg" in html and "Anna Andersson" not in html and "Cia" not in html
    # A project outside the user's own is no valid choice: the error is shown, nothing leaks.
    response = client.get(URL, {"scope": "alla", "project": world.projects["spik"].pk})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert "Cia" not in response.content.decode()


@pytest.mark.django_db
def test_project_filter(world, login_as):
    client = login_as(world.users["admin"])
    html = client.get(URL, {"scope": "alla", "project": world.projects["spik"].pk}).content.decode()
    assert "Ceder" in html or "Cia" in html
    assert "Anna Andersson" not in html and "Bo Berg" not in html


@pytest.mark.django_db
def test_weeks_filter_and_clear_error(world, login_as):
    from stegvis.contacts.testing import anna_contact

    anna_contact(world, day=days_ago(10))
    client = login_as(world.users["coord_kba"])
    html = client.get(URL).content.decode()
    assert '<li id="antal-no_contact">Ingen kontakt: <strong>0</strong></li>' in html
    html = client.get(URL, {"weeks": "1"}).content.decode()
    assert '<li id="antal-no_contact">Ingen kontakt: <strong>1</strong></li>' in html
    assert "Ingen kontakt på 1 vecka" in html
    response = client.get(URL, {"weeks": "noll"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ange antal veckor som ett heltal." in html
    assert "ingen kontakt på 3 veckor" in html  # the default is used meanwhile


@pytest.mark.django_db
def test_sections_link_to_forms_or_the_participant_page(world, login_as):
    add_caseload(world, 2)
    client = login_as(world.users["coord_kba"])
    html = client.get(URL).content.decode()
    anna = world.enrollments["anna"]
    assert reverse("contacts:log", args=[anna.pk]) + "#ny-kontakt" in html
    assert reverse("participants:detail", args=[world.persons["anna"].pk]) in html
    assert reverse("progression:measurement_create", args=[anna.pk]) in html
    assert "Registrera uppföljning" in html and "Ändra steget" in html
    assert "?manader=1" in html  # the follow-up after exit of the one who left 25 days ago
    for label in (
        "Ingen kontakt på 3 veckor",
        "Planerat steg",
        "Mätning",
        "Uppföljning av praktik eller arbetsträning",
        "Uppföljning efter avslut",
    ):
        assert label in html


@pytest.mark.django_db
def test_empty_list_says_so(world, login_as):
    client = login_as(world.users["leader"])
    html = client.get(URL).content.decode()
    assert "Inget att göra just nu." in html and "0 personer att ta hand om" in html


@pytest.mark.django_db
def test_opening_is_audited_once_for_the_list_and_once_per_person(world, login_as):
    add_caseload(world, 2)
    client = login_as(world.users["coord_kba"])
    before = AuditEntry.objects.count()
    client.get(URL)
    entries = AuditEntry.objects.order_by("pk")[before:]
    lists = [e for e in entries if e.object_type == "worklist"]
    assert len(lists) == 1 and lists[0].action == AuditAction.SEARCH and "mina" in lists[0].detail
    persons = sorted(e.person_id for e in entries if e.object_type == "participants.person")
    newcomers = Enrollment.objects.filter(person__first_name__startswith="Deltagare").values_list(
        "person_id", flat=True
    )
    expected = sorted([world.persons["anna"].pk, *newcomers])
    assert persons == expected
    assert all(e.user == world.users["coord_kba"] for e in entries)


@pytest.mark.django_db
def test_evaluator_and_anonymous_get_no_worklist(world, login_as, client):
    assert client.get(URL).status_code == 302
    assert login_as(world.users["evaluator"]).get(URL).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("user, params", [("coord_kba", {}), ("leader", {"scope": "alla"})])
def test_query_count_does_not_grow_with_the_data(world, login_as, user, params):
    client = login_as(world.users[user])
    small, _response = _count_queries(client, params)
    add_caseload(world, 12)
    large, response = _count_queries(client, params)
    html = response.content.decode()
    assert "Äldreboendet Linden 11" in html and "Ringa handledaren" in html
    assert large == small, f"{small} queries with the small world, {large} with the large one"

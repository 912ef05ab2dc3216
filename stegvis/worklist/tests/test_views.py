"""The worklist page: whose enrolments, filters, links, audit, and a query count that does not grow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.casework.actions import create_goal, create_step
from stegvis.casework.models import PlanStep
from stegvis.interventions.actions import add_participant_intervention, add_placement
from stegvis.interventions.testing import catalogue_entry
from stegvis.outcomes.testing import end_enrollment
from stegvis.participants import actions as participant_actions
from stegvis.participants.models import Enrollment
from stegvis.worklist.models import ItemDecision

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
    from stegvis.worklist import actions

    for enrollment in Enrollment.objects.filter(person__first_name__in=["Deltagare1", "Deltagare2"]):
        actions.decide(
            None,
            enrollment,
            kind="no_contact",
            ref_date=enrollment.start_date,
            decision="avfardad",
            reason="Test",
        )
    large, response = _count_queries(client, params)
    html = response.content.decode()
    assert "Äldreboendet Linden 11" in html and "Ringa handledaren" in html
    assert large == small, f"{small} queries with the small world, {large} with the large one"


# --- By person, and decisions ---------------------------------------------------------------------

DECIDE = reverse("worklist:decide")
DECISIONS = reverse("worklist:decisions")


def _worklist(client, params=None):
    response = client.get(URL, params or {})
    assert response.status_code == 200
    return response.context["worklist"]


@pytest.mark.django_db
def test_one_card_per_person_with_their_items_most_overdue_first(world, login_as):
    add_caseload(world, 4)
    client = login_as(world.users["coord_kba"])
    worklist = _worklist(client)
    names = [p.enrollment.person.display_name for p in worklist.persons]
    assert len(names) == len(set(names)) == worklist.person_count == 5  # Anna and four newcomers
    # Anna has waited since 2023 for a contact and a measurement: the most overdue, so first.
    assert names[0] == "Anna Andersson"
    firsts = [p.first_due for p in worklist.persons]
    assert firsts == sorted(firsts)
    newcomer = next(p for p in worklist.persons if p.enrollment.person.first_name == "Deltagare0")
    assert {item.kind for item in newcomer.items} >= {"steps", "placements"}
    assert all(a.due <= b.due for a, b in zip(newcomer.items, newcomer.items[1:], strict=False))
    html = client.get(URL).content.decode()
    assert html.count('class="panel worklist-person"') == 5
    assert "försenad 3 dagar" in html  # the step due three days ago


@pytest.mark.django_db
def test_kind_filter_keeps_the_other_filters(world, login_as):
    add_caseload(world, 2)
    client = login_as(world.users["leader"])
    worklist = _worklist(client, {"scope": "alla", "kinds": ["steps", "follow_ups"]})
    assert set(worklist.counts) == {"steps", "follow_ups"}
    assert {item.kind for p in worklist.persons for item in p.items} == {"steps", "follow_ups"}
    html = client.get(URL, {"scope": "alla", "kinds": ["steps"]}).content.decode()
    assert 'name="query" value="scope=alla&amp;kinds=steps"' in html
    response = client.get(URL, {"kinds": ["nonsense"]})
    assert (
        response.status_code == 200 and "Visa bara: välj bland slagen i listan." in response.content.decode()
    )


def _post_decision(client, item, query="", **fields):
    data = {
        "enrollment": item.enrollment.pk,
        "kind": item.kind,
        "object_id": item.object_id or "",
        "variant": item.variant,
        "ref_date": item.ref_date.isoformat(),
        "query": query,
    }
    data.update(fields)
    return client.post(DECIDE, data)


def _item(worklist, kind, first_name="Deltagare0"):
    return next(
        item
        for p in worklist.persons
        if p.enrollment.person.first_name == first_name
        for item in p.items
        if item.kind == kind
    )


@pytest.mark.django_db
def test_dismiss_snooze_and_done_from_the_list(world, login_as):
    add_caseload(world, 1)
    client = login_as(world.users["coord_kba"])
    worklist = _worklist(client, {"weeks": "4"})
    placement = _item(worklist, "placements")
    response = _post_decision(
        client, placement, query="weeks=4", decision="avfardad", reason="Platsen är avslutad muntligt."
    )
    assert response.status_code == 302 and response["Location"] == URL + "?weeks=4"
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Punkten för Deltagare0 Test är avfärdad."]
    after = _worklist(client, {"weeks": "4"})
    assert after.counts["placements"] == worklist.counts["placements"] - 1
    snoozed = _item(after, "measurements", "Anna")
    until = (TODAY + datetime.timedelta(days=7)).isoformat()
    response = _post_decision(client, snoozed, decision="pausad", snoozed_until=until)
    assert response.status_code == 302
    anna = next(p for p in _worklist(client).persons if p.enrollment.person.first_name == "Anna")
    assert "measurements" not in {item.kind for item in anna.items}
    step = _item(_worklist(client), "steps")
    assert _post_decision(client, step, decision="klar").status_code == 302
    assert not any(item.kind == "steps" for p in _worklist(client).persons for item in p.items)
    assert ItemDecision.objects.count() == 3
    assert PlanStep.objects.get(pk=step.object_id).status == "klar"  # the plan agrees
    html = client.get(DECISIONS).content.decode()
    assert (
        "Planerat steg: Ringa handledaren" in html
        and "Praktik eller arbetsträning: Äldreboendet Linden 0" in html
    )


@pytest.mark.django_db
def test_wrong_input_shows_the_decision_again_with_a_message_at_the_field(world, login_as):
    client = login_as(world.users["coord_kba"])
    item = _item(_worklist(client), "no_contact", "Anna")
    response = _post_decision(client, item, query="weeks=2", decision="avfardad", reason="")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Skäl: skriv varför punkten avfärdas." in html and "Anna Andersson" in html
    assert 'href="/arbetslista/?weeks=2"' in html  # back to the same filters
    response = _post_decision(client, item, decision="pausad", snoozed_until=days_ago(1).isoformat())
    assert "Pausa till: välj en dag efter i dag." in response.content.decode()
    response = _post_decision(client, item, decision="pausad", snoozed_until="i morgon")
    assert "Ange datumet som ÅÅÅÅ-MM-DD." in response.content.decode()
    response = _post_decision(client, item)
    assert "Välj klar, pausa eller avfärda." in response.content.decode()
    assert not ItemDecision.objects.exists()


@pytest.mark.django_db
def test_deciding_needs_the_right_to_change_the_enrolment(world, login_as, client):
    anna = world.enrollments["anna"].pk
    data = {"enrollment": anna, "kind": "no_contact", "ref_date": "2023-01-10", "decision": "klar"}
    assert login_as(world.users["coord_mdl"]).post(DECIDE, data).status_code == 404
    assert login_as(world.users["evaluator"]).post(DECIDE, data).status_code == 403
    assert login_as(world.users["coord_kba"]).get(DECIDE).status_code == 405
    assert (
        login_as(world.users["coord_kba"]).post(DECIDE, {**data, "enrollment": "9" * 30}).status_code == 404
    )
    response = login_as(world.users["coord_kba"]).post(
        DECIDE, {**data, "kind": "steps", "object_id": "9" * 30}
    )
    assert response.status_code == 200 and "Objekt" in response.content.decode()
    assert not ItemDecision.objects.exists()
    assert login_as(world.users["coord_kba"]).post(DECIDE, data).status_code == 302


@pytest.mark.django_db
def test_the_decisions_page_lists_and_undoes(world, login_as):
    from stegvis.worklist import actions

    item = actions.decide(
        world.users["coord_kba"],
        world.enrollments["anna"],
        kind="no_contact",
        ref_date=world.enrollments["anna"].start_date,
        decision="avfardad",
        reason="Har flyttat.",
    )
    client = login_as(world.users["coord_kba"])
    assert not any(i.kind == "no_contact" for p in _worklist(client).persons for i in p.items)
    html = client.get(DECISIONS).content.decode()
    assert "Har flyttat." in html and "Anna Andersson" in html and "Ångra" in html
    # Mölndal's coordinator neither sees it nor may undo it.
    other = login_as(world.users["coord_mdl"])
    assert "Har flyttat." not in other.get(DECISIONS).content.decode()
    assert other.post(reverse("worklist:undo", args=[item.pk])).status_code == 404
    client = login_as(world.users["coord_kba"])
    response = client.post(reverse("worklist:undo", args=[item.pk]))
    assert response.status_code == 302 and response["Location"] == DECISIONS
    assert any(i.kind == "no_contact" for p in _worklist(client).persons for i in p.items)
    assert "Inga beslut gäller just nu." in client.get(DECISIONS).content.decode()
    response = client.post(reverse("worklist:undo", args=[item.pk]), follow=True)
    assert "Beslutet är redan ångrat." in response.content.decode()


@pytest.mark.django_db
def test_the_decisions_page_is_audited(world, login_as):
    from stegvis.worklist import actions

    actions.decide(
        None,
        world.enrollments["anna"],
        kind="no_contact",
        ref_date=datetime.date(2023, 1, 10),
        decision="klar",
    )
    client = login_as(world.users["coord_kba"])
    before = AuditEntry.objects.count()
    client.get(DECISIONS)
    entries = list(AuditEntry.objects.order_by("pk")[before:])
    assert [e.person_id for e in entries if e.person_id] == [world.persons["anna"].pk]
    assert any(e.object_type == "worklist" and e.action == AuditAction.SEARCH for e in entries)


@pytest.mark.django_db
@pytest.mark.parametrize("kinds, queries", [(None, 11), (("measurements",), 2), (("steps",), 3)])
def test_the_worklist_is_a_fixed_number_of_queries(world, django_assert_num_queries, kinds, queries):
    """Per kind a count and its first items (two queries; measurements: the due list and its
    decisions), and one query for how many persons have anything (not needed for measurements
    alone, whose persons are in the list already): 4 × 2 + 2 + 1 = 11 with every kind."""
    from stegvis.worklist import rules

    add_caseload(world, 6)
    user = world.users["leader"]
    enrollments = Enrollment.objects.restrict(user, "view")
    rules.build(user, enrollments, TODAY, 3)  # the user's roles are looked up once per request
    with django_assert_num_queries(queries):
        worklist = rules.build(user, enrollments, TODAY, 3, kinds or rules.SECTIONS)
    assert worklist.persons


@pytest.mark.django_db
def test_the_decisions_page_query_count_does_not_grow(world, login_as):
    from stegvis.worklist import actions

    def dismiss_all():
        for enrollment in Enrollment.objects.filter(coordinator=world.users["coord_kba"]):
            if not enrollment.worklist_decisions.exists():
                actions.decide(
                    None, enrollment, kind="no_contact", ref_date=enrollment.start_date, decision="klar"
                )

    client = login_as(world.users["coord_kba"])
    dismiss_all()
    with CaptureQueriesContext(connection) as small:
        assert client.get(DECISIONS).status_code == 200
    add_caseload(world, 8)
    dismiss_all()
    with CaptureQueriesContext(connection) as large:
        html = client.get(DECISIONS).content.decode()
    assert html.count(">Ångra<span") == 9  # Anna and eight newcomers
    assert len(large.captured_queries) == len(small.captured_queries)

"""Pages of start groups: who sees which members, query counts, audit and the attendance form."""

import datetime

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.cohorts import actions
from stegvis.cohorts.models import Attendance, CohortSession
from stegvis.cohorts.testing import START, kba_cohort, more_members

pytestmark = pytest.mark.django_db


def _more_members(world, cohort, n, org="kungsbacka"):
    more_members(world, cohort, n, org)


def _more_sessions(cohort, n, offset=10):
    for week in range(n):
        actions.create_session(
            None, cohort, date=START + datetime.timedelta(days=offset + week), topic="Extra"
        )


def test_a_partner_coordinator_sees_own_members_by_name_and_others_as_a_count(world, login_as):
    cohort = kba_cohort(world)
    html = (
        login_as(world.users["coord_mdl"]).get(reverse("cohorts:detail", args=[cohort.pk])).content.decode()
    )
    assert "Berg" in html  # bo, Mölndal's own
    assert "Andersson" not in html and "Anna" not in html
    assert "1 medlem till som du inte har behörighet att se" in html and "Kungsbacka kommun 1" in html
    assert reverse("cohorts:attendance", args=[cohort.sessions.first().pk]) not in html  # may not change
    html = (
        login_as(world.users["coord_kba"]).get(reverse("cohorts:detail", args=[cohort.pk])).content.decode()
    )
    assert "Andersson" in html and "Berg" not in html and "Mölndals stad 1" in html


def test_detail_read_is_audited_per_person_shown(world, login_as):
    cohort = kba_cohort(world)
    login_as(world.users["leader"]).get(reverse("cohorts:detail", args=[cohort.pk]))
    reads = AuditEntry.objects.filter(action=AuditAction.VIEW, user=world.users["leader"])
    assert {e.person_id for e in reads} == {world.persons["anna"].pk, world.persons["bo"].pk}


def test_evaluator_gets_403_on_every_personal_page(world, login_as):
    cohort = kba_cohort(world)
    client = login_as(world.users["evaluator"])
    for url in (
        reverse("cohorts:list"),
        reverse("cohorts:detail", args=[cohort.pk]),
        reverse("cohorts:attendance", args=[cohort.sessions.first().pk]),
    ):
        assert client.get(url).status_code == 403


def test_list_query_count_does_not_grow(world, login_as, django_assert_max_num_queries):
    client = login_as(world.users["coord_mdl"])
    kba_cohort(world)
    client.get(reverse("cohorts:list"))
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("cohorts:list"))
    for _i in range(4):
        _more_members(world, kba_cohort(world), 3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("cohorts:list"))
    rows = list(response.context["cohorts"])
    assert len(rows) == 5
    assert {(c.members_total, c.members_visible) for c in rows} == {(2, 1), (5, 1)}


def test_detail_query_count_does_not_grow(world, login_as, django_assert_max_num_queries):
    client = login_as(world.users["leader"])
    cohort = kba_cohort(world)
    url = reverse("cohorts:detail", args=[cohort.pk])
    client.get(url)
    with django_assert_max_num_queries(16) as few:
        client.get(url)
    _more_members(world, cohort, 5)
    _more_members(world, cohort, 3, org="molndal")
    _more_sessions(cohort, 6)
    for session in CohortSession.objects.filter(cohort=cohort):
        actions.register_attendance(
            None,
            session,
            version=session.version,
            statuses={m.pk: "narvarande" for m in cohort.members.all()},
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["matrix"]) == 10 and len(response.context["sessions"]) == 8
    assert all(s.seen_share == 1 for s in response.context["sessions"])


def test_attendance_page_saves_in_one_action_and_shows_conflicts(world, login_as):
    cohort = kba_cohort(world)
    session = cohort.sessions.first()
    anna = cohort.members.get(enrollment=world.enrollments["anna"])
    client = login_as(world.users["coord_kba"])
    url = reverse("cohorts:attendance", args=[session.pk])
    page = client.get(url)
    assert [r["member"].pk for r in page.context["rows"]] == [anna.pk]  # bo is Mölndal's
    assert page.context["hidden_total"] == 1
    response = client.post(url, {"version": session.version, f"status-{anna.pk}": "anmald_franvaro"})
    assert response.status_code == 302
    assert Attendance.objects.get().status == "anmald_franvaro"
    stale = client.post(url, {"version": session.version, f"status-{anna.pk}": "narvarande"})
    assert stale.status_code == 200
    assert "Någon annan har ändrat uppgifterna" in stale.content.decode()
    assert stale.context["rows"][0]["status"] == "narvarande"  # the user's choice is kept
    assert Attendance.objects.get().status == "anmald_franvaro"


@pytest.mark.parametrize("version", ["abc", "1.5", str(2**63), "-1", "\x00"])
def test_attendance_page_names_a_broken_version_instead_of_failing(world, login_as, version):
    cohort = kba_cohort(world)
    session = cohort.sessions.first()
    anna = cohort.members.get(enrollment=world.enrollments["anna"])
    client = login_as(world.users["coord_kba"])
    url = reverse("cohorts:attendance", args=[session.pk])
    response = client.post(url, {"version": version, f"status-{anna.pk}": "narvarande"})
    assert response.status_code == 200
    assert "Formulärets versionsnummer (version) är ogiltigt." in response.content.decode()
    assert not Attendance.objects.exists()


def test_forms_create_a_group_and_a_session(world, login_as):
    client = login_as(world.users["coord_kba"])
    response = client.post(
        reverse("cohorts:create", args=["helhetslyftet"]),
        {
            "name": "Svensk arbetskultur",
            "organization": world.orgs["kungsbacka"].pk,
            "start_date": "2023-04-03",
            "end_date": "2023-03-01",
            "leaders": [world.users["coord_kba"].pk],
        },
    )
    assert response.status_code == 200
    assert "Slutdatum kan inte vara före startdatum." in response.content.decode()
    form_orgs = list(response.context["form"].fields["organization"].queryset)
    assert form_orgs == [world.orgs["kungsbacka"]]
    response = client.post(
        reverse("cohorts:create", args=["helhetslyftet"]),
        {
            "name": "Svensk arbetskultur",
            "organization": world.orgs["kungsbacka"].pk,
            "start_date": "2023-04-03",
        },
    )
    cohort = world.projects["helhetslyftet"].cohorts.get()
    assert response.url == reverse("cohorts:detail", args=[cohort.pk])
    response = client.post(
        reverse("cohorts:session_create", args=[cohort.pk]),
        {"date": "2023-04-03", "start_time": "09:30", "topic": "Introduktion"},
    )
    session = cohort.sessions.get()
    assert response.url == reverse("cohorts:attendance", args=[session.pk])
    response = client.post(
        reverse("cohorts:member_add", args=[cohort.pk]),
        {"enrollment": world.enrollments["bo"].pk, "joined_on": "2023-04-03"},
    )
    assert response.status_code == 200 and "enrollment" in response.context["form"].errors


def test_participant_section_shows_groups_and_share(world, login_as, django_assert_max_num_queries):
    cohort = kba_cohort(world)
    anna = cohort.members.get(enrollment=world.enrollments["anna"])
    first, second = cohort.sessions.order_by("date")
    actions.register_attendance(None, first, version=first.version, statuses={anna.pk: "narvarande"})
    actions.register_attendance(None, second, version=second.version, statuses={anna.pk: "franvarande"})
    html = (
        login_as(world.users["coord_kba"])
        .get(reverse("participants:detail", args=[world.persons["anna"].pk]))
        .content.decode()
    )
    assert 'id="startgrupper"' in html and "Startgrupp vår" in html and "50 %" in html
    from stegvis.cohorts.participant import section_context
    from stegvis.participants.models import Enrollment

    _more_sessions(cohort, 3)
    enrollments = list(Enrollment.objects.filter(person=world.persons["anna"]))
    with django_assert_max_num_queries(2):  # the user's roles, the memberships with their counts
        context = section_context(world.users["coord_kba"], world.persons["anna"], enrollments)
    assert [m.share for m in context["cohort_memberships"]] == [0.5]

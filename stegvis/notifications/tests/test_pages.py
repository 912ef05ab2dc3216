"""The message log, the reminder choice and the worker page: who sees what, audit, query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.notifications import heartbeat, schedule, tasks
from stegvis.notifications.models import (
    Channel,
    MessageLog,
    PeriodicRun,
    ReminderPreference,
    RunStatus,
    Status,
    WorkerHeartbeat,
)

pytestmark = pytest.mark.django_db

LOG = reverse("notifications:log")
PREFS = reverse("notifications:preferences")
WORKER = reverse("notifications:worker")


def log_row(**fields):
    defaults = {
        "channel": Channel.SMS,
        "kind": "selfassessment_link",
        "address": "+4670*****67",
        "text": "Hej",
        "status": Status.SENT,
    }
    return MessageLog.objects.create(**{**defaults, **fields})


@pytest.fixture
def messages(world):
    return {
        "anna": log_row(person=world.persons["anna"]),
        "bo": log_row(person=world.persons["bo"], status=Status.FAILED, error="refused"),
        "cia": log_row(person=world.persons["cia"], channel=Channel.EMAIL, kind="survey_link"),
        "to_kba": log_row(
            recipient=world.users["coord_kba"],
            channel=Channel.EMAIL,
            kind="reminder",
            subject="Stegvis: att göra",
        ),
        "to_leader": log_row(recipient=world.users["leader"], channel=Channel.EMAIL, kind="reminder"),
        "nobody": log_row(kind="intake"),
    }


def shown(response):
    return {row.record.pk for row in response.context["table"].page.object_list}


@pytest.mark.parametrize(
    "role,expected",
    [
        ("admin", {"anna", "bo", "cia", "to_kba", "to_leader", "nobody"}),
        ("leader", {"anna", "bo", "to_leader"}),
        ("coord_kba", {"anna", "to_kba"}),
        ("coord_mdl", {"bo"}),
        ("coord_spik", {"cia"}),
    ],
)
def test_each_role_sees_its_own_rows(world, messages, login_as, role, expected):
    response = login_as(world.users[role]).get(LOG)
    assert response.status_code == 200
    assert shown(response) == {messages[name].pk for name in expected}


def test_filters(world, messages, login_as):
    client = login_as(world.users["admin"])
    assert shown(client.get(LOG, {"status": "failed"})) == {messages["bo"].pk}
    assert shown(client.get(LOG, {"channel": "email", "kind": "reminder"})) == {
        messages["to_kba"].pk,
        messages["to_leader"].pk,
    }
    today = datetime.date.today()
    assert len(shown(client.get(LOG, {"date_from": today, "date_to": today}))) == 6
    assert shown(client.get(LOG, {"date_to": today - datetime.timedelta(days=1)})) == set()


def test_bad_dates_get_a_message_not_an_error(world, messages, login_as):
    response = login_as(world.users["admin"]).get(LOG, {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert response.status_code == 200
    assert "Slutdatumet kan inte vara före startdatumet." in response.content.decode()
    response = login_as(world.users["admin"]).get(LOG, {"date_from": "igår"})
    assert response.status_code == 200 and "giltigt datum" in response.content.decode()


def test_the_page_never_shows_a_full_address_and_shows_names_to_those_allowed(world, messages, login_as):
    body = login_as(world.users["coord_kba"]).get(LOG).content.decode()
    assert "+4670*****67" in body and "Anna Andersson" in body and "Bo Berg" not in body


def test_reading_the_log_is_audited(world, messages, login_as):
    login_as(world.users["leader"]).get(LOG, {"status": "sent"})
    page = AuditEntry.objects.get(object_type="notifications.messagelog")
    assert page.user == world.users["leader"] and "status=sent" in page.detail
    read = AuditEntry.objects.filter(
        object_type="participants.person", user=world.users["leader"], action="view"
    )
    assert set(read.values_list("person_id", flat=True)) == {world.persons["anna"].pk}


def test_the_log_page_takes_a_fixed_number_of_queries(world, login_as, django_assert_max_num_queries):
    client = login_as(world.users["leader"])
    for _ in range(3):
        log_row(person=world.persons["anna"])
    with CaptureQueriesContext(connection) as few:
        client.get(LOG)
    for _ in range(40):
        log_row(person=world.persons["bo"])
        log_row(recipient=world.users["leader"], kind="reminder")
    with CaptureQueriesContext(connection) as many:
        response = client.get(LOG)
    assert len(shown(response)) == 50 and response.context["total"] == 83
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(14):
        client.get(LOG, {"page": 2})


def test_preferences_page_saves_the_choice_and_audits_it(world, login_as):
    client = login_as(world.users["coord_kba"])
    response = client.get(PREFS)
    assert response.status_code == 200 and 'value="daily"' in response.content.decode()
    response = client.post(PREFS, {"frequency": "weekly"})
    assert response.status_code == 302
    assert ReminderPreference.objects.get(user=world.users["coord_kba"]).frequency == "weekly"
    entry = AuditEntry.objects.get(object_type="notifications.reminderpreference")
    assert entry.changes == {"frequency": [None, "weekly"]}
    client.post(PREFS, {"frequency": "off"})
    assert ReminderPreference.objects.get(user=world.users["coord_kba"]).frequency == "off"


def test_preferences_page_rejects_a_made_up_choice(world, login_as):
    response = login_as(world.users["coord_kba"]).post(PREFS, {"frequency": "hourly"})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not ReminderPreference.objects.exists()


def test_preferences_page_warns_without_an_email_address(world, login_as):
    body = login_as(world.users["coord_kba"]).get(PREFS).content.decode()
    assert "saknar e-postadress" in body


def noop(now):
    return {"done": 1}


def test_worker_page_shows_jobs_and_runs_one_now(world, login_as, jobs):
    job = jobs("test.morning", noop, at=datetime.time(7), description="Testjobb")
    jobs("test.never", noop)
    tasks.ensure_scheduled(job)
    client = login_as(world.users["admin"])
    response = client.get(WORKER)
    body = response.content.decode()
    assert response.status_code == 200
    assert "test.morning" in body and "Testjobb" in body and "inte schemalagt" in body
    response = client.post(WORKER, {"job": "test.morning"}, follow=True)
    assert "körs så snart arbetaren är ledig" in response.content.decode()
    assert schedule.open_runs("test.morning").count() == 1
    entry = AuditEntry.objects.get(object_type="notifications.jobstate")
    assert entry.object_id == "test.morning" and entry.user == world.users["admin"]


def test_worker_page_refuses_unknown_jobs_and_other_roles(world, login_as, jobs):
    response = login_as(world.users["admin"]).post(WORKER, {"job": "no.such"}, follow=True)
    assert "Det finns inget jobb med det namnet." in response.content.decode()
    assert login_as(world.users["leader"]).post(WORKER, {"job": "no.such"}).status_code == 403


def test_worker_page_says_when_no_worker_is_running(world, login_as, jobs):
    from django.utils import timezone

    job = jobs("test.late", noop)
    client = login_as(world.users["admin"])
    assert "Ingen arbetare är igång" in client.get(WORKER).content.decode()
    heartbeat.beat("web1:4242:abcdef")
    body = client.get(WORKER).content.decode()
    assert "Ingen arbetare" not in body and "verkar inte" not in body
    assert "web1" in body and "4242" in body and "igång" in body
    tasks.ensure_scheduled(job, now=timezone.now() - datetime.timedelta(hours=1))
    assert "Arbetaren verkar inte vara igång" in client.get(WORKER).content.decode()
    PeriodicRun.objects.all().delete()
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - datetime.timedelta(hours=1))
    assert "Arbetaren har inte hörts av" in client.get(WORKER).content.decode()


def test_worker_page_lists_failed_runs(world, login_as, jobs):
    from django.utils import timezone

    PeriodicRun.objects.create(
        job="test.broken",
        due_at=timezone.now(),
        status=RunStatus.FAILED,
        finished_at=timezone.now(),
        error="RuntimeError: the gateway is down",
    )
    body = login_as(world.users["admin"]).get(WORKER).content.decode()
    assert "test.broken" in body and "the gateway is down" in body


def test_worker_page_query_count(world, login_as, jobs, django_assert_max_num_queries):
    for n in range(6):
        tasks.ensure_scheduled(jobs(f"test.job{n}", noop))
        heartbeat.beat(f"host{n}:{n}:abcdef")
    client = login_as(world.users["admin"])
    with django_assert_max_num_queries(12):
        client.get(WORKER)


def test_every_text():
    from stegvis.notifications.views import every_text

    assert every_text(datetime.timedelta(days=1)) == "varje dag"
    assert every_text(datetime.timedelta(days=7)) == "var 7:e dag"
    assert every_text(datetime.timedelta(hours=6)) == "var 6:e timme"
    assert every_text(datetime.timedelta(minutes=15)) == "var 15:e minut"

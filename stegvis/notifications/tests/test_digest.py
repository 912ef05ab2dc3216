"""The reminder e-mail: counts and links, no names, once a day, the user's choice respected."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stegvis.audit.models import AuditEntry
from stegvis.notifications import digest, reminders
from stegvis.notifications.actions import set_reminder_frequency
from stegvis.notifications.models import Frequency, MessageLog, ReminderDigest

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=datetime.UTC)
TUESDAY = MONDAY + datetime.timedelta(days=1)


@pytest.fixture
def sources(monkeypatch):
    """Two fake sources: three things for coord_kba, one for the leader, nothing for anyone else."""
    registry = reminders._sources.empty()
    monkeypatch.setattr(reminders, "_sources", registry)
    per_user = {"coord_kba": 3, "leader": 1}
    reminders.register_reminder_source(
        "test.measurements",
        label="Mätningar att göra",
        count=lambda user, today: per_user.get(user.username, 0),
        url_name="progression:due_list",
        order=1,
    )
    reminders.register_reminder_source("test.none", label="Ingenting", count=lambda user, today: 0, order=2)
    return registry


@pytest.fixture
def own_sources(monkeypatch):
    """Only the sources this app registers (other apps add theirs in the running project)."""
    from stegvis.notifications.sources import register_sources

    monkeypatch.setattr(reminders, "_sources", reminders._sources.empty())
    register_sources()


@pytest.fixture
def emails(world):
    for name in ("admin", "leader", "coord_kba", "coord_mdl", "coord_spik", "evaluator", "norole"):
        user = world.users[name]
        user.email = f"{name}@example.org"
        user.save()
    return world


def test_one_digest_per_user_with_something_due(emails, sources, settings):
    settings.STEGVIS_BASE_URL = "https://stegvis.example.se/"
    summary = digest.send_digests(MONDAY)
    assert summary["sent"] == 2 and summary["failed"] == 0
    assert summary["nothing_due"] == 3  # admin, coord_mdl, coord_spik; evaluator and norole are not asked
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"coord_kba@example.org", "leader@example.org"}
    body = by_address["coord_kba@example.org"].body
    assert "- Mätningar att göra: 3" in body
    assert "https://stegvis.example.se/progression/att-mata/" in body
    assert "https://stegvis.example.se/meddelanden/paminnelser/" in body
    assert "Ingenting" not in body
    assert ReminderDigest.objects.get(user=emails.users["coord_kba"]).counts == {"test.measurements": 3}
    assert MessageLog.objects.filter(kind="reminder", recipient=emails.users["coord_kba"]).count() == 1
    assert AuditEntry.objects.filter(object_type="notifications.reminderdigest").exists()


def test_the_digest_names_no_participant(emails, own_sources):
    """With the real sources: anna is due for things, and her name never appears."""
    today = datetime.date.today()
    due = digest.due_counts(emails.users["coord_kba"], today)
    subject, text = digest.message(emails.users["coord_kba"], due, today)
    for person in emails.persons.values():
        assert person.first_name not in text and person.last_name not in text
        assert person.first_name not in subject


def selects(captured):
    """Queries other than the savepoints around each source."""
    return len([q for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))])


def test_real_sources_count_with_fixed_queries(emails, own_sources):
    user = emails.users["coord_kba"]
    today = datetime.date(2023, 6, 1)
    with CaptureQueriesContext(connection) as few:
        digest.due_counts(user, today)
    for n in range(5):
        from stegvis.participants.actions import enroll_participant, register_person

        person = register_person(
            None,
            organization=emails.orgs["kungsbacka"],
            first_name=f"P{n}",
            last_name="Q",
            gender="K",
            birth_year=1990,
        )
        enroll_participant(
            None,
            person,
            project=emails.projects["helhetslyftet"],
            organization=emails.orgs["kungsbacka"],
            start_date=datetime.date(2023, 1, 2),
            referrer="af",
            coordinator=user,
        )
    user = type(user).objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as more:
        counts = dict((s.name, n) for s, n in digest.due_counts(user, today))
    # The user's roles, one per source, and the worklist decisions in effect for the measurements
    # (their schedule is worked out in Python, so the decided ones are left out after one query).
    assert selects(more) == selects(few) <= 5
    assert counts.get("progression.measurements_due", 0) >= 1


def test_twice_the_same_day_sends_once(emails, sources):
    digest.send_digests(MONDAY)
    second = digest.send_digests(MONDAY + datetime.timedelta(hours=2))
    assert second["sent"] == 0 and second["already_sent"] == 2
    assert len(mail.outbox) == 2
    digest.send_digests(TUESDAY)
    assert len(mail.outbox) == 4


def test_opt_out_and_weekly(emails, sources):
    set_reminder_frequency(emails.users["coord_kba"], frequency=Frequency.OFF)
    set_reminder_frequency(emails.users["leader"], frequency=Frequency.WEEKLY)
    digest.send_digests(TUESDAY)
    assert mail.outbox == []
    digest.send_digests(MONDAY)
    assert [m.to[0] for m in mail.outbox] == ["leader@example.org"]
    assert "varje måndag" in mail.outbox[0].body


def test_no_email_address_no_digest(world, sources):
    assert digest.send_digests(MONDAY)["sent"] == 0
    assert mail.outbox == []


def test_a_failed_send_is_tried_again_by_the_next_run(emails, sources, settings):
    settings.EMAIL_BACKEND = "stegvis.notifications.tests.test_messagelog.BrokenMail"
    assert digest.send_digests(MONDAY)["failed"] == 2
    assert not ReminderDigest.objects.exists()
    assert MessageLog.objects.filter(status="failed").count() == 2
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert digest.send_digests(MONDAY)["sent"] == 2


def test_inactive_users_get_nothing(emails, sources):
    user = emails.users["coord_kba"]
    user.is_active = False
    user.save()
    digest.send_digests(MONDAY)
    assert [m.to[0] for m in mail.outbox] == ["leader@example.org"]


def test_a_broken_source_does_not_stop_the_others(emails, sources):
    def broken(user, today):
        raise ValueError("bug")

    reminders.register_reminder_source("test.broken", label="Trasig", count=broken, order=0)
    summary = digest.send_digests(MONDAY)
    assert summary["sent"] == 2 and summary["failed_sources"] == ["test.broken"]
    assert "Trasig" not in mail.outbox[0].body

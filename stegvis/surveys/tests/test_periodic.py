"""The daily job ``surveys.send_due``: automatic links at exit and a while after, sent once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from stegvis.audit.models import AuditEntry
from stegvis.notifications.periodic import periodic_job
from stegvis.surveys import actions
from stegvis.surveys.models import Occasion, SurveyLink
from stegvis.surveys.testing import end_enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings, tmp_path):
    settings.STEGVIS_SMS_BACKEND = "file"
    settings.VAR_DIR = tmp_path
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STEGVIS_BASE_URL = "https://stegvis.example.se"
    return tmp_path / "outbox" / "sms.log"


def _configure(world, **values):
    project = world.projects["helhetslyftet"]
    defaults = {"exit_survey": None, "mode": "anonymous", "send_at_exit": False, "later_days": None}
    actions.save_project_settings(None, project, version=0, **(defaults | values))


def _contacts(world):
    anna, bo = world.persons["anna"], world.persons["bo"]
    anna.phone, anna.language = "070-123 45 67", "ar"
    anna.save(update_fields=["phone", "language"])
    bo.email = "bo@example.se"
    bo.save(update_fields=["email"])


def test_sends_at_exit_by_sms_or_email_once(world, outbox):
    _configure(world, send_at_exit=True)
    _contacts(world)
    now = timezone.now()
    today = timezone.localdate(now)
    end_enrollment(world.enrollments["anna"], day=today - datetime.timedelta(days=1))
    end_enrollment(world.enrollments["bo"], day=today)
    job = periodic_job("surveys.send_due")

    assert job.func(now) == {"sent": 2, "failed": 0, "no_contact": 0}
    sms = outbox.read_text(encoding="utf-8")
    assert "+46701234567" in sms and "https://stegvis.example.se/e/" in sms
    assert "مرحبًا" in sms  # in anna's language
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["bo@example.se"] and "/e/" in mail.outbox[0].body
    links = SurveyLink.objects.order_by("enrollment_id")
    assert [(link.occasion, link.channel, link.created_by) for link in links] == [
        ("exit", "sms", None),
        ("exit", "email", None),
    ]
    # The raw token is only in the message: the stored hash is not in it.
    assert links[0].token_hash not in sms
    assert AuditEntry.objects.filter(object_type="surveys.surveylink", action="export").count() == 2

    # Idempotent: a second run the same day (a restarted worker) sends nothing more.
    assert job.func(now) == {"sent": 0, "failed": 0, "no_contact": 0}
    assert len(mail.outbox) == 1 and SurveyLink.objects.count() == 2


def test_later_send_and_old_exits_and_missing_contacts(world, outbox):
    _configure(world, later_days=30)
    _contacts(world)
    now = timezone.now()
    today = timezone.localdate(now)
    end_enrollment(world.enrollments["anna"], day=today - datetime.timedelta(days=31))
    end_enrollment(world.enrollments["bo"], day=today - datetime.timedelta(days=200))  # long past
    summary = actions.send_due(now)
    assert summary == {"sent": 1, "failed": 0, "no_contact": 0}
    assert SurveyLink.objects.get().occasion == Occasion.LATER

    world.persons["bo"].email = ""
    world.persons["bo"].save(update_fields=["email"])
    end_enrollment(world.enrollments["cia"], day=today - datetime.timedelta(days=30))  # SPiK: not configured
    # Run as on the day bo's later date came: bo has no phone and no e-mail any more.
    assert actions.send_due(now - datetime.timedelta(days=170)) == {"sent": 0, "failed": 0, "no_contact": 1}


def test_projects_without_automatic_sending_get_nothing(world, outbox):
    _contacts(world)
    end_enrollment(world.enrollments["anna"], day=timezone.localdate())
    assert actions.send_due(timezone.now()) == {"sent": 0, "failed": 0, "no_contact": 0}


def test_a_failed_send_leaves_no_link_so_the_next_run_retries(world, outbox, settings):
    settings.STEGVIS_SMS_BACKEND = "stegvis.surveys.tests.test_periodic.BrokenGateway"
    _configure(world, send_at_exit=True)
    _contacts(world)
    end_enrollment(world.enrollments["anna"], day=timezone.localdate())
    assert actions.send_due(timezone.now())["failed"] == 1
    assert not SurveyLink.objects.filter(enrollment=world.enrollments["anna"]).exists()


class BrokenGateway:
    def send(self, to, text):
        from stegvis.core.messaging import SendError

        raise SendError("gateway down")

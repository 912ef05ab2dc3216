"""The message log, written from the message_sent signal: masking, redaction, failures."""

import pytest
from django.core import mail

from stegvis.core import messaging
from stegvis.notifications.messagelog import mask_address, redact
from stegvis.notifications.models import MessageLog, Status

pytestmark = pytest.mark.django_db


def test_mask_address():
    assert mask_address("+46701234567") == "+4670*****67"
    assert mask_address("anna.andersson@example.se") == "a***@example.se"
    assert mask_address("1234") == "**34"
    assert mask_address("") == ""


def test_redact_removes_tokens_and_queries_but_keeps_the_rest():
    text = "Hej! Svara här: https://stegvis.example.se/s/AbCdEfGhIjKlMnOpQrStUvWx12/. Tack"
    assert redact(text) == "Hej! Svara här: https://stegvis.example.se/s/[dold]/. Tack"
    assert redact("http://x.se/a/?token=abc#frag") == "http://x.se/a/?[dold]"
    assert redact("Se http://x.se/progression/att-mata/") == "Se http://x.se/progression/att-mata/"


def test_sms_to_a_participant_is_logged_masked_and_redacted(world, settings, tmp_path):
    settings.STEGVIS_SMS_BACKEND = "file"
    settings.VAR_DIR = tmp_path
    anna = world.persons["anna"]
    raw = "Zx9_Qw8-Er7Ty6Ui5Op4As3Df2"
    messaging.send_sms(
        "070-123 45 67", f"Länken: http://testserver/s/{raw}/", kind="selfassessment_link", person=anna
    )
    row = MessageLog.objects.get()
    assert (row.channel, row.kind, row.person, row.recipient, row.status) == (
        "sms",
        "selfassessment_link",
        anna,
        None,
        Status.SENT,
    )
    assert row.address == "+4670*****67"
    assert raw not in row.text and "[dold]" in row.text
    assert "1234567" not in row.address


def test_email_to_staff_is_logged(world):
    user = world.users["coord_kba"]
    messaging.send_email("coord@example.org", "Stegvis: att göra", "Text", kind="reminder", recipient=user)
    assert len(mail.outbox) == 1
    row = MessageLog.objects.get()
    assert (row.channel, row.recipient, row.person, row.address, row.subject) == (
        "email",
        user,
        None,
        "c***@example.org",
        "Stegvis: att göra",
    )


class Refusing(messaging.SmsBackend):
    def send(self, to, text):
        raise messaging.SendError(f"number {to} refused")


def test_a_failed_send_is_logged_with_the_error_and_no_clear_address(world, settings):
    settings.STEGVIS_SMS_BACKEND = "stegvis.notifications.tests.test_messagelog.Refusing"
    with pytest.raises(messaging.SendError):
        messaging.send_sms("0701234567", "Hej", kind="survey_link", person=world.persons["bo"])
    row = MessageLog.objects.get()
    assert row.status == Status.FAILED
    assert row.error == "number +4670*****67 refused"


def test_a_failing_mail_server_is_logged(world, settings):
    settings.EMAIL_BACKEND = "stegvis.notifications.tests.test_messagelog.BrokenMail"
    with pytest.raises(messaging.SendError):
        messaging.send_email(
            "anna@example.se", "Ämne", "Text", kind="survey_link", person=world.persons["anna"]
        )
    row = MessageLog.objects.get()
    assert row.status == Status.FAILED and row.channel == "email" and "connection refused" in row.error


class BrokenMail:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("connection refused")


def test_deleting_a_person_deletes_their_messages(world, settings, tmp_path):
    settings.STEGVIS_SMS_BACKEND = "file"
    settings.VAR_DIR = tmp_path
    from stegvis.participants.actions import register_person

    person = register_person(
        None,
        organization=world.orgs["molndal"],
        first_name="Dan",
        last_name="Dal",
        gender="M",
        birth_year=1991,
    )
    messaging.send_sms("0701234567", "Hej", kind="x", person=person)
    person.delete()
    assert not MessageLog.objects.exists()

"""The pluggable senders of stegvis.core.messaging, as the self-assessment links use them."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured

from stegvis.core import messaging

SENT = []


class RecordingGateway(messaging.SmsBackend):
    """Stands in for a real SMS gateway named by dotted path in the settings."""

    def send(self, to, text):
        SENT.append((to, text))


@pytest.mark.parametrize(
    "given,expected",
    [
        ("070-123 45 67", "+46701234567"),
        ("0046 70 123 45 67", "+46701234567"),
        ("+46 (0)70", "+46070"),
        ("", ""),
    ],
)
def test_phone_numbers_are_normalised(given, expected):
    assert messaging.normalize_phone(given) == expected


def test_is_phone_number():
    assert messaging.is_phone_number("070-1234567")
    assert not messaging.is_phone_number("")
    assert not messaging.is_phone_number("ring mig")


def test_console_backend_prints(capsys, settings):
    settings.STEGVIS_SMS_BACKEND = "console"
    messaging.send_sms("0701234567", "Hej")
    out = capsys.readouterr().out
    assert "+46701234567" in out and "Hej" in out


def test_console_backend_writes_to_a_given_stream():
    stream = io.StringIO()
    messaging.ConsoleSmsBackend(stream).send("+46701234567", "Hej")
    assert "Hej" in stream.getvalue()


def test_file_backend_appends(settings, tmp_path):
    settings.STEGVIS_SMS_BACKEND = "file"
    settings.VAR_DIR = tmp_path
    messaging.send_sms("0701234567", "Ett")
    messaging.send_sms("0701234568", "Två")
    lines = (tmp_path / "outbox" / "sms.log").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    assert lines[0].split("\t")[1:] == ["+46701234567", "Ett"]


def test_a_gateway_class_is_named_by_dotted_path(settings):
    settings.STEGVIS_SMS_BACKEND = f"{__name__}.RecordingGateway"
    SENT.clear()
    messaging.send_sms("0701234567", "Hej")
    assert SENT == [("+46701234567", "Hej")]


def test_unknown_backend_is_a_configuration_error(settings):
    settings.STEGVIS_SMS_BACKEND = "stegvis.nowhere.Gateway"
    with pytest.raises(ImproperlyConfigured):
        messaging.send_sms("0701234567", "Hej")


def test_email_goes_through_django_mail():
    messaging.send_email("anna@example.se", "Ämne", "Text")
    assert mail.outbox[0].to == ["anna@example.se"] and mail.outbox[0].subject == "Ämne"

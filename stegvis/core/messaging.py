"""Messages to participants (SMS and e-mail) through pluggable senders.

Self-assessment links use it today; reminders and surveys can reuse it. Views and actions call
:func:`send_sms` / :func:`send_email` and never talk to a gateway directly, so a municipality
can plug in its own SMS gateway by naming a class in ``settings.STEGVIS_SMS_BACKEND`` without
touching the callers. E-mail goes through Django's mail framework (``EMAIL_BACKEND``).

Backends for SMS:

- ``"console"``: prints the message (development);
- ``"file"``: appends the message to ``VAR_DIR/outbox/sms.log`` (development, demos, tests);
- a dotted path to a class with ``send(to, text)``: a real gateway.

Callers audit what they send: a message carries personal data out of the system. Every send,
handed over or failed, is also announced with the :data:`message_sent` signal, which the
notifications app turns into the message log; this module never imports that app.
"""

import datetime
import re
import smtplib
import sys
import threading
from pathlib import Path
from typing import Any, TextIO, cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.dispatch import Signal
from django.utils.module_loading import import_string

# Sent after every attempt, with keyword arguments:
#   channel ("sms" or "email"), to, subject ("" for SMS), text, kind (what the message is for,
#   e.g. "selfassessment_link", "survey_link", "reminder"), person (the participant or None),
#   recipient (the staff user or None), ok (handed over) and error (the reason, or "").
# ``text`` may hold a one-time link: a receiver must not keep it in clear.
message_sent = Signal()


class SendError(Exception):
    """A message could not be handed over (gateway down, refused number ...); callers tell the user."""


class SmsBackend:
    """What an SMS gateway must offer. ``to`` is a number in international form (+46...).

    A gateway raises :class:`SendError` when it cannot take the message.
    """

    def send(self, to: str, text: str) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(SmsBackend):
    """Print messages, so a developer sees them without a gateway."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream

    def send(self, to: str, text: str) -> None:
        stream = self.stream or sys.stdout
        stream.write(f"SMS to {to}:\n{text}\n{'-' * 40}\n")
        stream.flush()


class FileSmsBackend(SmsBackend):
    """Append messages to a file in the var folder, so demos and tests can read what was sent."""

    _lock = threading.Lock()

    def __init__(self, directory: Path | None = None) -> None:
        self.directory: Path = directory or settings.VAR_DIR / "outbox"

    @property
    def path(self) -> Path:
        return self.directory / "sms.log"

    def send(self, to: str, text: str) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        with self._lock, open(self.path, "a", encoding="utf-8") as handle:
            handle.write(f"{stamp}\t{to}\t{text}\n")


_NAMED: dict[str, type[SmsBackend]] = {"console": ConsoleSmsBackend, "file": FileSmsBackend}


def sms_backend() -> SmsBackend:
    """The configured SMS backend (a fresh instance, so settings changes apply at once)."""
    name = getattr(settings, "STEGVIS_SMS_BACKEND", "console")
    backend_class = _NAMED.get(name)
    if backend_class is None:
        try:
            backend_class = cast(type[SmsBackend], import_string(name))
        except ImportError as exc:
            raise ImproperlyConfigured(f"STEGVIS_SMS_BACKEND {name!r} cannot be imported") from exc
    return backend_class()


def normalize_phone(number: str | None) -> str:
    """A Swedish mobile number in international form (+467...), or the number cleaned of spaces.

    Gateways want one form; people write ``070-123 45 67``, ``0701234567`` or ``+46 70 ...``.
    """
    cleaned = re.sub(r"[\s\-()]", "", number or "")
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    elif cleaned.startswith("0"):
        cleaned = "+46" + cleaned[1:]
    return cleaned


def is_phone_number(number: str | None) -> bool:
    """Whether ``number`` is a phone number a gateway can take (after :func:`normalize_phone`)."""
    return bool(re.fullmatch(r"\+\d{7,15}", normalize_phone(number)))


def _announce(
    channel: str,
    to: str,
    subject: str,
    text: str,
    *,
    kind: str,
    person: Any,
    recipient: Any,
    error: str = "",
) -> None:
    message_sent.send(
        sender=None,
        channel=channel,
        to=to,
        subject=subject,
        text=text,
        kind=kind,
        person=person,
        recipient=recipient,
        ok=not error,
        error=error,
    )


def send_sms(to: str, text: str, *, kind: str = "", person: Any = None, recipient: Any = None) -> None:
    """Hand ``text`` to the SMS backend; :class:`SendError` if it cannot be handed over."""
    number = normalize_phone(to)
    try:
        sms_backend().send(number, text)
    except (OSError, SendError) as exc:
        _announce(
            "sms", number, "", text, kind=kind, person=person, recipient=recipient, error=str(exc) or "error"
        )
        if isinstance(exc, SendError):
            raise
        raise SendError(str(exc)) from exc
    _announce("sms", number, "", text, kind=kind, person=person, recipient=recipient)


def send_email(
    to: str, subject: str, text: str, *, kind: str = "", person: Any = None, recipient: Any = None
) -> None:
    """Send through Django's mail; :class:`SendError` if the mail server does not take it."""
    try:
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    except (OSError, smtplib.SMTPException) as exc:
        _announce(
            "email",
            to,
            subject,
            text,
            kind=kind,
            person=person,
            recipient=recipient,
            error=str(exc) or "error",
        )
        raise SendError(str(exc)) from exc
    _announce("email", to, subject, text, kind=kind, person=person, recipient=recipient)

"""The message log, written from ``core.messaging.message_sent`` after every send attempt.

What is kept, and what is not:

- the address masked (``+4670*****67``, ``a***@example.se``): enough to tell two numbers apart
  when helping someone, not enough to contact them from the log;
- the subject and text with every link's token removed (any path segment that looks like a
  random token, and any query string): a one-time link in the log could be used to answer in a
  participant's name;
- who it was for (the participant or the staff member), what for (``kind``), sent or failed
  and the error.

A send made inside a transaction that is later rolled back (an action that fails after sending)
loses its log row along with the action's own audit entry: the row is written in the caller's
transaction, as everything else is. The application log (logger ``stegvis.notifications``) gets
a line for every send (failures at WARNING, so they show at the default level), with the address
masked, and that line is not rolled back.
"""

import logging
import re
from urllib.parse import urlsplit, urlunsplit

from django.db import transaction

from stegvis.notifications.models import MessageLog, Status

logger = logging.getLogger("stegvis.notifications")

REDACTED = "[dold]"
_URL = re.compile(r"https?://[^\s<>\"')]+")
_TOKEN_SEGMENT = re.compile(r"[A-Za-z0-9_\-]{16,}")


def mask_address(address):
    """The address with most of it hidden: phone numbers keep 5 + 2 characters, e-mail the first letter."""
    address = (address or "").strip()
    if "@" in address:
        local, _at, domain = address.rpartition("@")
        return f"{local[:1]}***@{domain}"
    if len(address) >= 9:
        return address[:5] + "*" * (len(address) - 7) + address[-2:]
    return "*" * max(len(address) - 2, 0) + address[-2:]


def _redact_url(match):
    url = match.group(0)
    trailing = ""
    while url and url[-1] in ".,;:!?":
        trailing, url = url[-1] + trailing, url[:-1]
    parts = urlsplit(url)
    segments = [
        REDACTED if _TOKEN_SEGMENT.fullmatch(segment) else segment for segment in parts.path.split("/")
    ]
    query = REDACTED if parts.query else ""
    return urlunsplit((parts.scheme, parts.netloc, "/".join(segments), query, "")) + trailing


def redact(text):
    """``text`` with the tokens of its links replaced by :data:`REDACTED`."""
    return _URL.sub(_redact_url, text or "")


def log_message(*, channel, to, subject, text, kind, person, recipient, ok, error, **_ignored):
    """Keep one row for one send attempt (the receiver of ``message_sent``)."""
    address = mask_address(to)
    if to and error:
        error = error.replace(to, address)  # a refusal often repeats the address
    logger.log(
        logging.INFO if ok else logging.WARNING,
        "message %s %s to %s: %s",
        channel,
        kind or "-",
        address,
        "sent" if ok else f"failed ({error})",
    )
    try:
        with transaction.atomic():  # a failing INSERT must not break the caller's transaction
            return MessageLog.objects.create(
                channel=channel,
                kind=(kind or "")[:50],
                address=address[:254],
                subject=redact(subject)[:200],
                text=redact(text),
                status=Status.SENT if ok else Status.FAILED,
                error=(error or "")[:500],
                person=person if getattr(person, "pk", None) else None,
                recipient=recipient if getattr(recipient, "pk", None) else None,
            )
    except Exception:  # the message itself went (or failed) already; never turn that into a 500
        logger.exception("could not write the message log row")
        return None


def on_message_sent(sender, **kwargs):
    log_message(**kwargs)

"""Optional error reporting to Sentry (or a compatible service) that never sends personal data.

Switched on by ``STEGVIS_SENTRY_DSN`` (``settings.py`` calls :func:`init_error_reporting`); without
it nothing is loaded and nothing leaves the server. What is sent is a stack trace and its
surroundings, so the SDK is told to leave out what carries personal data, and every event and
breadcrumb passes :func:`before_send` / :func:`before_breadcrumb` on its way out:

- no user (``send_default_pii=False``, and the ``user`` part removed), no cookies, no request body
  (``max_request_body_size="never"``, and ``data`` removed), no query string (searches carry
  names), no headers but a few harmless ones (``Referer`` carries the previous page's query), no
  local variables of stack frames (``include_local_variables=False``: a participant object would
  show its name), no log lines of the login guard (they name the user name tried);
- every other text in the event (messages, exception values, breadcrumbs, extra data, tags, the
  URL) has each personnummer or samordningsnummer replaced by :data:`REDACTED`: 10 or 12 digits,
  with or without a ``-`` or ``+`` (or a space) before the last four. Any such run of digits goes,
  whether or not its check digit is right, so a mistyped number goes too (a phone number of ten
  digits also goes; that is wanted).

Names typed into a message of Stegvis's own (an exception text that quotes a field) cannot be
recognised; the code raises errors with ids, not names.
"""

import importlib.metadata
import re
from typing import Any

PERSONAL_NUMBER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+ ]?\d{4}(?!\d)")
"""A personnummer or samordningsnummer as people write it: ``YYMMDD-NNNN``, ``YYYYMMDDNNNN``, ``YYMMDD+NNNN``."""

REDACTED = "[personnummer]"

KEPT_HEADERS = frozenset(
    {"host", "user-agent", "accept", "accept-language", "content-type", "content-length"}
)

DROPPED_LOGGERS = ("axes",)

LEFT_AS_THEY_ARE = frozenset(
    {"event_id", "trace_id", "span_id", "parent_span_id", "timestamp", "start_timestamp", "sdk", "modules"}
)
"""Parts the SDK makes itself (ids, times, versions): they hold no personal data, and must stay intact."""


def scrub_text(text: str) -> str:
    return PERSONAL_NUMBER.sub(REDACTED, text)


def scrub(value: Any) -> Any:
    """``value`` with every personnummer in every text, key and item replaced (recursively)."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {scrub(key): (item if key in LEFT_AS_THEY_ARE else scrub(item)) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub(item) for item in value)
    return value


def _request_without_personal_data(request: dict[str, Any]) -> dict[str, Any]:
    kept = {
        key: value for key, value in request.items() if key not in {"data", "cookies", "query_string", "env"}
    }
    if "url" in kept and isinstance(kept["url"], str):
        kept["url"] = kept["url"].split("?", 1)[0].split("#", 1)[0]
    headers = kept.get("headers")
    if isinstance(headers, dict):
        kept["headers"] = {name: value for name, value in headers.items() if name.lower() in KEPT_HEADERS}
    return kept


def before_send(event: Any, hint: Any) -> Any:
    """The event without user, cookies, body, query string or personnummer."""
    event = dict(event)
    event.pop("user", None)
    if isinstance(event.get("request"), dict):
        event["request"] = _request_without_personal_data(event["request"])
    return scrub(event)


def before_breadcrumb(crumb: Any, hint: Any) -> Any:
    """A breadcrumb (a log line, a query, a request made) without personnummer.

    The login guard's log lines name the user name tried, so they are left out altogether.
    """
    if str(crumb.get("category") or "").startswith(DROPPED_LOGGERS):
        return None
    return scrub(crumb)


def _release() -> str | None:
    try:
        return f"stegvis@{importlib.metadata.version('stegvis')}"
    except importlib.metadata.PackageNotFoundError:
        return None


def init_error_reporting(dsn: str, *, environment: str = "", transport: Any = None) -> None:
    """Start the Sentry SDK for Django with the options above (``transport``: for tests)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    options: dict[str, Any] = {"transport": transport} if transport is not None else {}
    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=_release(),
        integrations=[DjangoIntegration()],
        # Deprecated in sentry-sdk 2.x in favour of ``data_collection`` but honoured; the scrubbing
        # above does not depend on it.
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=before_send,
        before_send_transaction=before_send,
        before_breadcrumb=before_breadcrumb,
        **options,
    )

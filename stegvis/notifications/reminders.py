"""What staff are reminded of, registered by the apps that know what is due.

An app registers a source from its ``AppConfig.ready()``::

    register_reminder_source(
        "surveys.exit_survey", label=_("Slutenkäter att skicka"), count=exit_surveys_to_send,
        url_name="surveys:due", order=40,
    )

``count(user, today)`` returns how many things are due for ``user`` (only what the user may see,
through ``Model.objects.restrict``); it must be a fixed number of queries, whatever the size. A
reminder says how many, and links to the page; it never names a participant, so an e-mail
carries no personal data.
"""

from collections.abc import Callable
from dataclasses import dataclass

from stegvis.core.registry import Registry


@dataclass(frozen=True)
class ReminderSource:
    name: str
    label: str
    count: Callable
    url_name: str | None
    order: int


_sources: Registry[ReminderSource] = Registry("reminder source")


def register_reminder_source(name, *, label, count, url_name=None, order=100):
    """Remind staff of ``count(user, today)`` things due, linking to ``url_name`` (no arguments)."""
    _sources.register(name, ReminderSource(name, label, count, url_name, order), order=order)


def reminder_sources():
    """Every registered source, in order."""
    return list(_sources)

"""The person's consent to the voluntary ESF+ data, as the participants app asks it.

The voluntary questions (disability, minority, foreign origin, ...) and the countries of birth
and citizenship are stored only while the person has agreed to give them. Consents live in the
consent app, which sits above this one: it registers here, from its ``ready()``, how to tell
whether an enrolment's consent is in force, how to record one given together with the answers,
and the ways a consent can be given. The actions ask through these; nothing here imports the
consent app.
"""

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from stegvis.participants.models import ESF_CONSENT_FIELDS

if TYPE_CHECKING:
    from stegvis.core.access import Actor
    from stegvis.participants.models import Enrollment

_hooks: dict[str, Any] = {}


def register(
    *,
    in_force: "Callable[[Enrollment], bool]",
    record: "Callable[[Actor, Enrollment, datetime.date, str], None]",
    methods: Callable[[], list[tuple[str, Any]]],
) -> None:
    _hooks.update(in_force=in_force, record=record, methods=methods)


def in_force(enrollment: "Enrollment") -> bool:
    """Whether the enrolment has a consent to the voluntary data in force (False before it is saved)."""
    return bool(enrollment.pk) and _hooks["in_force"](enrollment)


def record(user: "Actor", enrollment: "Enrollment", given_on: datetime.date, method: str) -> None:
    _hooks["record"](user, enrollment, given_on, method)


def methods() -> list[tuple[str, Any]]:
    """``[(code, label)]`` of the ways a consent is given (in writing, digitally, orally)."""
    return _hooks["methods"]()


def answered(values: dict[str, Any]) -> list[str]:
    """The voluntary fields given a value in ``values`` (``None`` and ``""`` are no answer)."""
    return [name for name in ESF_CONSENT_FIELDS if values.get(name) not in (None, "")]

"""What the actions of every app share when they write a row from a form's fields.

An action takes the fields as keyword arguments, puts them on the row (trimming text) and
gathers its messages per field before raising them all at once, so a form shows every problem
at its field in one round.
"""

from collections.abc import Iterable
from typing import Any

from django.db import models

from stegvis.core.errors import ActionError


def assign(obj: models.Model, fields: dict[str, Any], allowed: Iterable[str]) -> None:
    """Set ``fields`` on ``obj`` (text trimmed); a name not in ``allowed`` is a programming error."""
    allowed = set(allowed)
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"Unknown field: {name}")
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def raise_if(errors: dict[str, list[str]]) -> None:
    """Raise the gathered messages (``{field: [message]}``) as one :class:`ActionError`, if any."""
    if errors:
        raise ActionError(errors)

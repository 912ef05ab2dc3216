"""Optimistic locking: every editable record carries a ``version``; a stale save is refused.

The ``version`` field comes from :class:`stegvis.core.models.VersionedModel`, whose
``save_versioned()`` method calls the function here, so the check is written once.
"""

import re
from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.core.errors import ActionError, ConflictError

Versioned = TypeVar("Versioned", bound=Model)

# The largest version the database column holds (a PostgreSQL integer).
MAX_VERSION = 2**31 - 1


class InvalidVersion(ActionError):
    """The version sent with a form is not a version at all (the page was altered or broken)."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Formulärets versionsnummer (version) är ogiltigt. Ingenting sparades. "
                "Ladda om sidan och gör din ändring igen."
            ),
            code="invalid_version",
        )


def parse_version(value: int | str) -> int:
    """The version a form was opened with, from what the browser sent.

    Forms carry it in a hidden field, so anything but a whole number the column can hold means
    the request was not made by the page: :class:`InvalidVersion`, a clear message instead of a
    database error. Every versioned save reads it through here.
    """
    if isinstance(value, bool):
        raise InvalidVersion()
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"\s*\d{1,10}\s*", value, flags=re.ASCII):
        number = int(value)
    else:
        raise InvalidVersion()
    if not 0 <= number <= MAX_VERSION:
        raise InvalidVersion()
    return number


def save_versioned(
    instance: Versioned, expected_version: int | str | None, fields: Iterable[str]
) -> Versioned:
    """Write ``fields`` of ``instance`` only if the stored version is still ``expected_version``.

    One conditional UPDATE, so two simultaneous saves cannot both win. On success the
    instance's ``version`` is the new one; on a stale or missing version :class:`ConflictError`
    is raised and nothing is written, on one that is not a version :class:`InvalidVersion`.
    """
    if expected_version is None:  # the form had no version: it cannot match a saved one
        raise ConflictError()
    expected = parse_version(expected_version)
    values: dict[str, Any] = {name: getattr(instance, name) for name in fields}
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        values["updated_at"] = timezone.now()
        instance.updated_at = values["updated_at"]  # type: ignore[attr-defined]
    updated = (
        type(instance)
        ._base_manager.filter(pk=instance.pk, version=expected)
        .update(version=F("version") + 1, **values)
    )
    if updated != 1:
        raise ConflictError()
    instance.version = expected + 1  # type: ignore[attr-defined]
    return instance

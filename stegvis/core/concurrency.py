"""Optimistic locking: every editable record carries a ``version``; a stale save is refused.

The ``version`` field comes from :class:`stegvis.core.models.VersionedModel`, whose
``save_versioned()`` method calls the function here, so the check is written once.
"""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import F, Model
from django.utils import timezone

from stegvis.core.errors import ConflictError

Versioned = TypeVar("Versioned", bound=Model)


def save_versioned(instance: Versioned, expected_version: int | str, fields: Iterable[str]) -> Versioned:
    """Write ``fields`` of ``instance`` only if the stored version is still ``expected_version``.

    One conditional UPDATE, so two simultaneous saves cannot both win. On success the
    instance's ``version`` is the new one; on a stale version :class:`ConflictError` is raised
    and nothing is written.
    """
    values: dict[str, Any] = {name: getattr(instance, name) for name in fields}
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        values["updated_at"] = timezone.now()
        instance.updated_at = values["updated_at"]  # type: ignore[attr-defined]
    updated = (
        type(instance)
        ._base_manager.filter(pk=instance.pk, version=expected_version)
        .update(version=F("version") + 1, **values)
    )
    if updated != 1:
        raise ConflictError()
    instance.version = int(expected_version) + 1  # type: ignore[attr-defined]
    return instance

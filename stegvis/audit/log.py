"""Writing audit entries. Call these from actions and from views that show personal data."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.core.access import acting_user

if TYPE_CHECKING:
    from stegvis.core.access import Actor

#: What a value looks like in an entry's ``changes``: JSON, with objects as their primary key.
JsonValue = None | bool | int | float | str


def _json_value(value: Any) -> JsonValue:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "pk"):
        pk: JsonValue = value.pk
        return pk
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[JsonValue]]:
    """``{field: [old, new]}`` for the fields whose value changed."""
    return {
        name: [_json_value(before.get(name)), _json_value(after.get(name))]
        for name in after
        if _json_value(before.get(name)) != _json_value(after.get(name))
    }


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` on ``obj``, taken before and after a change for :func:`diff`."""
    return {name: getattr(obj, name) for name in fields}


def _person_model() -> Any:
    """The model an entry is tied to as "the person" (Django resolves it from the foreign key).

    Read from the field rather than imported, so the audit log sits below the apps that write to
    it and knows the person model only as the target of its own foreign key.
    """
    return AuditEntry._meta.get_field("person").related_model


def record(
    user: "Actor",
    action: str,
    obj: models.Model | None = None,
    *,
    person: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    detail: str = "",
    object_type: str | None = None,
    object_id: Any = None,
) -> AuditEntry:
    """Write one audit entry.

    ``obj`` gives the object type and id; ``person`` ties the entry to a participant so the log
    can be filtered by person (for a person itself, pass it as ``obj`` and it is used for both).
    """
    person_model = _person_model()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id is not None else obj.pk
        if person is None and isinstance(obj, person_model):
            person = obj
    staff = acting_user(user)
    return AuditEntry.objects.create(
        user=staff,
        username=staff.get_username() if staff else "",
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        person=person,  # type: ignore[misc]  # the person model, known here only through the field
        changes=changes or {},
        detail=detail[:500],
        ip_address=getattr(staff, "_stegvis_ip", None),
    )


def record_change(
    user: "Actor",
    action: str,
    obj: models.Model,
    fields: Iterable[str],
    *,
    before: dict[str, Any] | None = None,
    person: models.Model | None = None,
    detail: str = "",
) -> AuditEntry:
    """Write the entry of a created (no ``before``) or changed object: what ``fields`` became."""
    return record(
        user, action, obj, person=person, changes=diff(before or {}, snapshot(obj, fields)), detail=detail
    )


def record_many(user: "Actor", action: str, objects: Iterable[models.Model], *, detail: str = "") -> int:
    """One entry per object in a single INSERT, for bulk actions (imports, demo data)."""
    person_model = _person_model()
    staff = acting_user(user)
    ip_address = getattr(staff, "_stegvis_ip", None)
    entries = [
        AuditEntry(
            user=staff,
            username=staff.get_username() if staff else "",
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            person_id=obj.pk if isinstance(obj, person_model) else getattr(obj, "person_id", None),
            detail=detail[:500],
            ip_address=ip_address,
        )
        for obj in objects
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


__all__ = ["AuditAction", "diff", "record", "record_many"]

"""Writing audit entries. Call these from actions and from views that show personal data."""

from stegvis.audit.models import AuditAction, AuditEntry


def _json_value(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def diff(before: dict, after: dict) -> dict:
    """``{field: [old, new]}`` for the fields whose value changed."""
    return {
        name: [_json_value(before.get(name)), _json_value(after.get(name))]
        for name in after
        if _json_value(before.get(name)) != _json_value(after.get(name))
    }


def _person_model():
    """The model an entry is tied to as "the person" (Django resolves it from the foreign key).

    Read from the field rather than imported, so the audit log sits below the apps that write to
    it and knows the person model only as the target of its own foreign key.
    """
    return AuditEntry._meta.get_field("person").related_model


def record(user, action, obj=None, *, person=None, changes=None, detail="", object_type=None, object_id=None):
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
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditEntry.objects.create(
        user=user if authenticated else None,
        username=user.get_username() if authenticated else "",
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        person=person,
        changes=changes or {},
        detail=detail[:500],
        ip_address=getattr(user, "_stegvis_ip", None) if authenticated else None,
    )


def record_many(user, action, objects, *, detail=""):
    """One entry per object in a single INSERT, for bulk actions (imports, demo data)."""
    person_model = _person_model()
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    entries = [
        AuditEntry(
            user=user if authenticated else None,
            username=user.get_username() if authenticated else "",
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            person_id=obj.pk if isinstance(obj, person_model) else getattr(obj, "person_id", None),
            detail=detail[:500],
        )
        for obj in objects
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


__all__ = ["AuditAction", "diff", "record", "record_many"]

"""Writing audit entries. Call these from actions and from views that show personal data."""

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext as _

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
    entry = _entry(
        acting_user(user),
        action,
        object_type or "",
        detail,
        object_id="" if object_id is None else str(object_id),
        person=person,
        changes=changes or {},
    )
    entry.save()
    return entry


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


def _entry(staff: Any, action: str, object_type: str, detail: str, **fields: Any) -> AuditEntry:
    """An unsaved entry by ``staff`` (a user or None), with the address the access middleware noted."""
    return AuditEntry(
        user=staff,
        username=staff.get_username() if staff else "",
        action=action,
        object_type=object_type,
        detail=_storable(detail)[:500],
        ip_address=getattr(staff, "_stegvis_ip", None),
        **fields,
    )


def _entries(
    user: "Actor",
    action: str,
    objects: Iterable[models.Model],
    detail: str,
    changes: Sequence[dict[str, Any]] | None = None,
    person_ids: Sequence[Any] | None = None,
) -> list[AuditEntry]:
    """Unsaved entries, one per object, each tied to its person when it has one."""
    person_model = _person_model()
    staff = acting_user(user)
    entries = []
    for n, obj in enumerate(objects):
        if person_ids is not None:
            person_id = person_ids[n]
        else:
            person_id = obj.pk if isinstance(obj, person_model) else getattr(obj, "person_id", None)
        entries.append(
            _entry(
                staff,
                action,
                obj._meta.label_lower,
                detail,
                object_id=str(obj.pk),
                person_id=person_id,
                changes=changes[n] if changes is not None else {},
            )
        )
    return entries


def record_many(
    user: "Actor",
    action: str,
    objects: Iterable[models.Model],
    *,
    detail: str = "",
    changes: Sequence[dict[str, Any]] | None = None,
    person_ids: Sequence[Any] | None = None,
) -> int:
    """One entry per object in a single INSERT, for bulk actions (imports, demo data, exports).

    ``changes`` and ``person_ids``, when given, hold one item per object: the entry's change
    history as :func:`record` takes it (so a bulk write records what its action would), and the
    id of the person the entry is tied to where the object is neither a person nor has a
    ``person_id``.
    """
    entries = _entries(user, action, objects, detail, changes, person_ids)
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


#: Longest search term kept in an entry; a longer one is cut (nobody types more into a search box).
TERM_LENGTH = 200


def search_terms(params: Mapping[str, Any]) -> dict[str, list[JsonValue]]:
    """What was searched for, as an entry's ``changes``: ``{parameter: [None, value]}``.

    Kept as the change history rather than in the description so the retention job's
    :func:`~stegvis.audit.retention.redact_changes` drops the terms (which may be a name or a
    personnummer) from old entries and keeps which filters were used.
    """
    getlist = getattr(params, "getlist", None)
    terms: dict[str, list[JsonValue]] = {}
    for name in sorted(params):
        values = getlist(name) if getlist else [params[name]]
        value = ", ".join(_storable(v) for v in values if _storable(v).strip())
        if value:
            terms[_storable(name)[:64]] = [None, value[:TERM_LENGTH]]
    return terms


def _storable(value: Any) -> str:
    """``value`` as text a database can store: PostgreSQL's text and JSON refuse the NUL character.

    Search terms come straight from the address, where anyone can put one.
    """
    return str(value).replace("\x00", "")


def record_list(
    user: "Actor",
    object_type: str,
    *,
    detail: str,
    params: Mapping[str, Any],
    shown: int,
    total: int | None = None,
    persons: Iterable[models.Model] = (),
    person_detail: str = "",
) -> int:
    """Audit one view of a list or search page that shows names or personnummer.

    Writes an entry saying who searched for what (``params``, the page's filters as submitted)
    and how many rows were shown (of ``total`` found), and one entry per person shown, so each
    person's log says who saw them in a list, all in one INSERT: a list page's queries stay fixed.
    Returns how many entries were written.
    """
    counts = (
        _("%(shown)s av %(total)s rader visade") % {"shown": shown, "total": total}
        if total is not None
        else _("%(shown)s rader visade") % {"shown": shown}
    )
    summary = _entry(
        acting_user(user),
        AuditAction.SEARCH,
        object_type,
        f"{detail}: {counts}",
        changes=search_terms(params),
    )
    entries = [summary, *_entries(user, AuditAction.VIEW, persons, person_detail or detail)]
    AuditEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)


def record_table(request: Any, table: Any, object_type: str, *, detail: str, persons: bool = True) -> int:
    """:func:`record_list` for a paginated table (django-tables2) of a list page.

    The rows of the page shown, of all the filters found, and (with ``persons``) one entry per
    row: the rows are the people or their enrolments, each tied to its person.
    """
    shown = [row.record for row in table.page.object_list]
    return record_list(
        request.user,
        object_type,
        detail=detail,
        params=request.GET,
        shown=len(shown),
        total=table.paginator.count,
        persons=shown if persons else (),
    )


__all__ = ["AuditAction", "diff", "record", "record_list", "record_many", "record_table"]

"""Who read or changed a person's record, and when, as the person reads it.

From the audit log: the time, the staff member (name and user name, or "Stegvis" for the system
itself), what they did in plain words, and what it was about. Left out on purpose: the address
the staff member worked from (it is about the staff member, not the person), the old and new
values of a change (the extract's sections show what is held now) and the free-text description
(it is written for staff and may name other things). One query, whatever the length of the log.
"""

from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.participants.models import Person
from stegvis.privacy.extract.values import staff_name, text

#: What happened, as a verb the person understands.
WHAT: dict[str, Any] = {
    AuditAction.VIEW: gettext_lazy("läste"),
    AuditAction.CREATE: gettext_lazy("registrerade"),
    AuditAction.UPDATE: gettext_lazy("ändrade"),
    AuditAction.DELETE: gettext_lazy("tog bort"),
    AuditAction.MERGE: gettext_lazy("slog samman"),
    AuditAction.EXPORT: gettext_lazy("tog ut"),
    AuditAction.IMPORT: gettext_lazy("importerade"),
    AuditAction.LOGIN: gettext_lazy("loggade in"),
}


def _model(object_type: str) -> Any:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _about(object_type: str) -> str:
    """What an entry was about: "dina uppgifter" for the person record itself, else the kind of record."""
    model = _model(object_type)
    if model is Person:
        return _("dina uppgifter")
    return str(model._meta.verbose_name) if model is not None else object_type


def _changed_fields(object_type: str, changes: dict[str, Any]) -> list[str]:
    """The names of the fields a change touched, as the forms label them (values left out).

    Keys that name no field of the model (a summary the action added, a field since removed)
    are left out: they would only show code names.
    """
    model = _model(object_type)
    if model is None or not isinstance(changes, dict):
        return []
    names = []
    for name in changes:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        names.append(str(capfirst(getattr(field, "verbose_name", name))))
    return names


def audit_trail(person: Person) -> list[dict[str, Any]]:
    """Every audit entry about ``person`` (and records merged into them), oldest first."""
    entries = (
        AuditEntry.objects.filter(Q(person=person) | Q(person__merged_into=person))
        .select_related("user")
        .order_by("at", "pk")
    )
    events = []
    for entry in entries:
        if entry.user is not None:
            who = f"{staff_name(entry.user)} ({entry.user.get_username()})"
        elif entry.username:
            who = entry.username
        else:
            who = _("Stegvis (systemet själv)")
        events.append(
            {
                "at": text(entry.at),
                "who": who,
                "action": entry.action,
                "what": str(WHAT.get(entry.action, entry.get_action_display())),
                "about": _about(entry.object_type),
                "fields": _changed_fields(entry.object_type, entry.changes),
            }
        )
    return events

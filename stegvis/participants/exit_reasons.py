"""A project's own exit reasons: added, renamed, remapped, retired — each audited.

Coordinators choose among these at an exit (``register_exit`` sets the standard reason from the
one chosen). Mapping a reason to another standard reason recounts every exit that used it, so
the figures never disagree with the list; the audit entry says how many exits moved. A reason in
use cannot be removed (its exits would lose their name): it can be retired instead, after which
it is no longer offered at new exits.
"""

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import F
from django.utils.text import slugify
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, diff, record, record_many, snapshot
from stegvis.core.access import CHANGE, require
from stegvis.core.errors import ActionError
from stegvis.organizations.models import Project
from stegvis.participants.models import COUNTED_EXIT_REASONS, Enrollment, ProjectExitReason

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from stegvis.core.access import Actor

FIELDS = ("label", "standard_reason", "position", "active")


def _clean(project: Project, label: str | None, standard_reason: str | None, exclude: int | None) -> str:
    errors: dict[str, list[StrOrPromise]] = {}
    name = (label or "").strip()
    max_length = ProjectExitReason._meta.get_field("label").max_length or 100
    if not name:
        errors["label"] = [_("Ange avslutsorsakens benämning.")]
    elif len(name) > max_length:
        errors["label"] = [_("Benämningen får vara högst %(n)d tecken.") % {"n": max_length}]
    else:
        # Compared here, not with SQL LOWER(): SQLite's leaves å, ä and ö as they are. A project
        # has a handful of reasons.
        taken = ProjectExitReason.objects.filter(project=project).exclude(pk=exclude or 0)
        if name.casefold() in {label.casefold() for label in taken.values_list("label", flat=True)}:
            errors["label"] = [_("Projektet har redan en avslutsorsak som heter %(name)s.") % {"name": name}]
    if standard_reason not in COUNTED_EXIT_REASONS:
        errors["standard_reason"] = [_("Välj vilken standardorsak avslutsorsaken räknas som.")]
    if errors:
        raise ActionError(errors)
    return name


def _free_code(project: Project, label: str) -> str:
    """A code made from the label (``åter till FK`` → ``ater-till-fk``), unique in the project."""
    base = slugify(label.replace("å", "a").replace("ä", "a").replace("ö", "o"))[:56] or "orsak"
    used = set(
        ProjectExitReason.objects.filter(project=project, code__startswith=base).values_list(
            "code", flat=True
        )
    )
    code, n = base, 2
    while code in used:
        code, n = f"{base}-{n}", n + 1
    return code


@transaction.atomic
def add_exit_reason(
    user: "Actor",
    project: Project,
    *,
    label: str | None,
    standard_reason: str | None,
    code: str | None = None,
) -> ProjectExitReason:
    """Add a reason at the end of the project's list; the code is made from the label unless given."""
    require(user, CHANGE, project)
    name = _clean(project, label, standard_reason, None)
    if code and ProjectExitReason.objects.filter(project=project, code=code).exists():
        raise ActionError(
            {"label": [_("Projektet har redan en avslutsorsak med koden %(code)s.") % {"code": code}]}
        )
    last = ProjectExitReason.objects.filter(project=project).order_by("-position").first()
    reason = ProjectExitReason.objects.create(
        project=project,
        code=code or _free_code(project, name),
        label=name,
        standard_reason=standard_reason or "",  # checked by _clean
        position=(last.position + 1) if last else 0,
    )
    record(user, AuditAction.CREATE, reason, changes=diff(dict.fromkeys(FIELDS), snapshot(reason, FIELDS)))
    return reason


@transaction.atomic
def update_exit_reason(
    user: "Actor",
    reason: ProjectExitReason,
    *,
    label: str | None,
    standard_reason: str | None,
    position: int | None = None,
    active: bool = True,
) -> int:
    """Rename, remap, move or retire a reason; returns the number of exits recounted by a remapping."""
    require(user, CHANGE, reason.project)
    name = _clean(reason.project, label, standard_reason, reason.pk)
    before = snapshot(reason, FIELDS)
    reason.label = name
    reason.standard_reason = standard_reason or reason.standard_reason
    reason.position = reason.position if position is None else position
    reason.active = active
    reason.save()
    moved = 0
    if before["standard_reason"] != reason.standard_reason:
        # The exits keep the standard reason they count by beside their own: move them all, and
        # bump their version so an exit form open elsewhere is told the exit changed.
        affected = Enrollment.objects.filter(project_exit_reason=reason)
        exits = list(affected.only("pk", "person_id"))
        moved = affected.update(exit_reason=reason.standard_reason, version=F("version") + 1)
        change = {"exit_reason": [before["standard_reason"], reason.standard_reason]}
        record_many(
            user, AuditAction.UPDATE, exits, detail="avslutsorsak räknas om", changes=[change] * len(exits)
        )
    changes: dict[str, Any] = diff(before, snapshot(reason, FIELDS))
    if moved:
        changes["exits_recounted"] = [None, moved]
    if changes:
        record(user, AuditAction.UPDATE, reason, changes=changes)
    return moved


@transaction.atomic
def remove_exit_reason(user: "Actor", reason: ProjectExitReason) -> None:
    """Remove a reason no exit uses; a used one is refused (retire it instead)."""
    require(user, CHANGE, reason.project)
    used = reason.enrollments.count()
    if used:
        raise ActionError(
            {
                "label": [
                    _(
                        "Avslutsorsaken %(name)s används i %(n)d avslut och kan inte tas bort. Markera att den "
                        "inte används längre i stället."
                    )
                    % {"name": reason.label, "n": used}
                ]
            }
        )
    record(user, AuditAction.DELETE, reason, changes=diff(snapshot(reason, FIELDS), dict.fromkeys(FIELDS)))
    reason.delete()

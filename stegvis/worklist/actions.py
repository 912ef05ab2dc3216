"""Every write of the worklist: decide about an item (done, snoozed, dismissed) and undo it.

``user`` is the staff member acting (``None``: the command line or the demo). Only those who
may change the enrolment decide about its items. Errors are
:class:`~stegvis.core.errors.ActionError` with Swedish messages keyed by the field they concern.
"""

import datetime
from typing import TYPE_CHECKING, cast

from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record, record_change
from stegvis.casework.actions import update_step
from stegvis.casework.models import OPEN_STEP_STATUSES, PlanStep, StepStatus
from stegvis.core.access import CHANGE, acting_user, require
from stegvis.core.errors import ActionError
from stegvis.interventions.models import Placement
from stegvis.participants.models import Enrollment
from stegvis.worklist.models import PLACEMENTS, STEPS, Decision, ItemDecision, Kind
from stegvis.worklist.rules import decisions_in_effect

if TYPE_CHECKING:
    from stegvis.core.access import Actor

MAX_REASON = 1000
DECISION_FIELDS = ("kind", "object_id", "variant", "ref_date", "decision", "snoozed_until", "reason")
#: The audit entries' detail (staff read the log in Swedish).
AUDIT_DETAIL = "Arbetslista"


def _validate(
    enrollment: Enrollment,
    kind: str,
    object_id: int | None,
    ref_date: datetime.date | None,
    decision: str,
    snoozed_until: datetime.date | None,
    reason: str,
    today: datetime.date,
) -> PlanStep | None:
    """Every problem with the input at once, keyed by field; the plan step for a step's "klar"."""
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if decision not in Decision.values:
        add("decision", _("Beslut: välj klar, pausa eller avfärda."))
    if decision == Decision.PAUSAD:
        if snoozed_until is None:
            add("snoozed_until", _("Pausa till: ange ett datum (ÅÅÅÅ-MM-DD)."))
        elif snoozed_until <= today:
            add("snoozed_until", _("Pausa till: välj en dag efter i dag."))
    if decision == Decision.AVFARDAD and not reason:
        add("reason", _("Skäl: skriv varför punkten avfärdas."))
    if len(reason) > MAX_REASON:
        add("reason", _("Skäl: högst %(n)s tecken.") % {"n": MAX_REASON})
    step = None
    if kind not in Kind.values or ref_date is None:
        add(
            NON_FIELD_ERRORS,
            _("Punkten på arbetslistan kunde inte läsas. Ladda om arbetslistan och försök igen."),
        )
    elif kind == STEPS:
        step = PlanStep.objects.filter(pk=object_id or 0, goal__enrollment=enrollment).first()
        if step is None:
            add(NON_FIELD_ERRORS, _("Steget finns inte längre i planen."))
    elif (
        kind == PLACEMENTS
        and not Placement.objects.filter(pk=object_id or 0, participation__enrollment=enrollment).exists()
    ):
        add(NON_FIELD_ERRORS, _("Platsen finns inte längre."))
    if errors:
        raise ActionError(errors)
    return step


@transaction.atomic
def decide(
    user: "Actor",
    enrollment: Enrollment,
    *,
    kind: str,
    ref_date: datetime.date | None,
    decision: str,
    object_id: int | None = None,
    variant: str = "",
    snoozed_until: datetime.date | None = None,
    reason: str = "",
    today: datetime.date | None = None,
) -> ItemDecision:
    """Record that an item of the worklist is done, snoozed until ``snoozed_until`` or dismissed.

    The item is named as :mod:`stegvis.worklist.models` describes. A snooze needs a day after
    ``today``, a dismissal a reason. "Klar" on a plan step marks the step done in the plan too
    (through the casework action, audited there), so the plan and the list agree; for the other
    kinds the work itself is registered on its own page and "klar" only records the decision.
    """
    require(user, CHANGE, enrollment)
    today = today or datetime.date.today()
    reason = (reason or "").strip()
    step = _validate(enrollment, kind, object_id, ref_date, decision, snoozed_until, reason, today)
    object_id = object_id if kind in (STEPS, PLACEMENTS) else None
    variant = variant if kind == PLACEMENTS else ""
    occurrence = {"kind": kind, "object_id": object_id, "variant": variant, "ref_date": ref_date}
    if decisions_in_effect(today).filter(enrollment=enrollment, **occurrence).exists():
        raise ActionError(_("Någon har redan fattat ett beslut om punkten. Ladda om arbetslistan."))
    if step is not None and decision == Decision.KLAR and step.status in OPEN_STEP_STATUSES:
        update_step(user, step, version=step.version, status=StepStatus.KLAR)
    item = ItemDecision.objects.create(
        enrollment=enrollment,
        kind=kind,
        object_id=object_id,
        variant=variant,
        ref_date=cast(datetime.date, ref_date),  # checked by _validate
        decision=decision,
        snoozed_until=snoozed_until if decision == Decision.PAUSAD else None,
        reason=reason,
        decided_by=acting_user(user),
    )
    record_change(
        user, AuditAction.CREATE, item, DECISION_FIELDS, person=enrollment.person, detail=AUDIT_DETAIL
    )
    return item


def may_undo(item: ItemDecision) -> bool:
    """Whether undoing brings the item back: not for a step marked done (the plan says it is done)."""
    return item.undone_at is None and not (item.kind == STEPS and item.decision == Decision.KLAR)


@transaction.atomic
def undo(user: "Actor", item: ItemDecision) -> ItemDecision:
    """Undo a decision, so the item is on the worklist again; the decision is kept, marked undone.

    A plan step marked done stays done in the plan: that is changed on the step itself.
    """
    item = ItemDecision.objects.select_for_update().select_related("enrollment__person").get(pk=item.pk)
    require(user, CHANGE, item.enrollment)
    if item.undone_at is not None:
        raise ActionError(_("Beslutet är redan ångrat."))
    if not may_undo(item):
        raise ActionError(_("Steget är markerat klart i planen. Ändra steget i planen om det ska göras."))
    item.undone_at = timezone.now()
    item.undone_by = acting_user(user)
    item.save(update_fields=["undone_at", "undone_by"])
    record(
        user,
        AuditAction.UPDATE,
        item,
        person=item.enrollment.person,
        changes={"undone_at": [None, item.undone_at.isoformat()]},
        detail=AUDIT_DETAIL,
    )
    return item

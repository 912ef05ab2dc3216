"""Every write to case transfers: propose, withdraw, accept, decline.

Each action checks who may act (the page already did; the action is the last word), validates,
writes and records its audit entries in one transaction. The answer to a proposal is a
conditional update on its ``version`` after the row is locked, so two people answering at once
cannot both win; at most one proposal per enrolment is open (a database constraint, which also
settles two proposals made at once).

Accepting moves the enrolment (its ``organization``) to the receiving organisation and names its
coordinator through :func:`stegvis.participants.actions.change_coordinator`, so the coordinator
history, and the continuity figures counted from it, keep the hand-over.
"""

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, diff, record, snapshot
from stegvis.core.access import CHANGE, acting_user, require
from stegvis.core.concurrency import save_versioned
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.organizations.models import Organization
from stegvis.participants import rules
from stegvis.participants.actions import change_coordinator
from stegvis.participants.models import Enrollment
from stegvis.transfers.access import may_decide, may_withdraw
from stegvis.transfers.models import TEXT_MAX_LENGTH, CaseTransfer, TransferStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_stubs_ext import StrOrPromise

    from stegvis.core.access import Actor

ANSWER_FIELDS = ("status", "decided_by", "decided_at", "decline_reason", "new_coordinator")
#: What a transfer records about the person's case (the register extract shows these).
TRANSFER_FIELDS = (
    "from_organization",
    "to_organization",
    "proposed_at",
    "note",
    "status",
    "decided_at",
    "decline_reason",
)


def _text_error(text: str, missing: "StrOrPromise") -> "StrOrPromise | None":
    """A required free text: present, and not longer than a form allows."""
    if not text.strip():
        return missing
    if len(text) > TEXT_MAX_LENGTH:
        return _("Texten får vara högst %(n)s tecken.") % {"n": TEXT_MAX_LENGTH}
    return None


def _receiver_error(enrollment: Enrollment, to_organization: Organization | None) -> "StrOrPromise | None":
    """The receiver is another organisation that takes part in the enrolment's project."""
    if to_organization is None:
        return _("Välj den organisation som ska ta över inskrivningen.")
    if to_organization.pk == enrollment.organization_id:
        return _("Inskrivningen hör redan till den organisationen.")
    in_project = enrollment.project.organizations().values_list("pk", flat=True)
    return rules.organization_error(to_organization.pk, in_project)


def _locked_enrollment(pk: int) -> Enrollment:
    """The enrolment, read again and locked until the transaction ends (PostgreSQL)."""
    return Enrollment.objects.select_for_update().select_related("person", "organization").get(pk=pk)


@transaction.atomic
def propose_transfer(
    user: "Actor", enrollment: Enrollment, *, to_organization: Organization | None, note: str
) -> CaseTransfer:
    """Propose that ``to_organization`` takes over ``enrollment`` (an active one), saying why."""
    require(user, CHANGE, enrollment, _("Du kan inte föreslå överföring av den här inskrivningen."))
    enrollment = _locked_enrollment(enrollment.pk)
    note = (note or "").strip()
    errors: dict[str, list[StrOrPromise]] = {}
    if enrollment.end_date is not None:
        errors["enrollment"] = [_("Inskrivningen är avslutad. Bara pågående inskrivningar kan föras över.")]
    problem = _receiver_error(enrollment, to_organization)
    if problem:
        errors["to_organization"] = [problem]
    problem = _text_error(note, _("Skriv varför deltagaren ska föras över."))
    if problem:
        errors["note"] = [problem]
    if errors or to_organization is None:
        raise ActionError(errors)
    open_message = _("Det finns redan ett förslag om överföring av inskrivningen som väntar på svar.")
    if CaseTransfer.objects.filter(enrollment=enrollment, status=TransferStatus.PROPOSED).exists():
        raise ActionError({"to_organization": [open_message]})
    try:
        with transaction.atomic():  # a savepoint: a proposal made at the same moment wins
            transfer = CaseTransfer.objects.create(
                enrollment=enrollment,
                from_organization=enrollment.organization,
                to_organization=to_organization,
                proposed_by=acting_user(user),
                note=note,
            )
    except IntegrityError:
        raise ActionError({"to_organization": [open_message]}) from None
    record(
        user,
        AuditAction.CREATE,
        transfer,
        person=enrollment.person,
        changes=diff(
            {},
            {
                "enrollment": enrollment.pk,
                "from_organization": enrollment.organization.code,
                "to_organization": to_organization.code,
                "note": note,
                "status": transfer.status,
            },
        ),
    )
    return transfer


def _open_for_answer(transfer: CaseTransfer) -> CaseTransfer:
    """The transfer read again and locked; refused unless it still waits for an answer."""
    locked = (
        CaseTransfer.objects.select_for_update()
        .select_related("enrollment", "from_organization", "to_organization")
        .get(pk=transfer.pk)
    )
    if locked.status != TransferStatus.PROPOSED:
        raise ActionError(
            {
                "status": [
                    _("Förslaget är redan besvarat (%(status)s). Ingenting ändrades.")
                    % {"status": locked.get_status_display().lower()}
                ]
            }
        )
    return locked


def _answer(
    user: "Actor", transfer: CaseTransfer, version: int | str, status: str, **fields: object
) -> CaseTransfer:
    """Write the answer (conditional on ``version``) and its audit entry."""
    before = snapshot(transfer, ANSWER_FIELDS)
    transfer.status = status
    transfer.decided_by = acting_user(user)
    transfer.decided_at = timezone.now()
    for name, value in fields.items():
        setattr(transfer, name, value)
    save_versioned(transfer, version, ANSWER_FIELDS)
    record(
        user,
        AuditAction.UPDATE,
        transfer,
        person=transfer.enrollment.person,
        changes=diff(before, snapshot(transfer, ANSWER_FIELDS)),
    )
    return transfer


@transaction.atomic
def withdraw_transfer(user: "Actor", transfer: CaseTransfer, *, version: int | str) -> CaseTransfer:
    """The sending organisation takes its proposal back before it is answered."""
    transfer = _open_for_answer(transfer)
    if user is not None and not may_withdraw(user, transfer):
        raise NotAllowed(_("Bara den organisation som föreslog överföringen kan återkalla den."))
    return _answer(user, transfer, version, TransferStatus.WITHDRAWN)


@transaction.atomic
def decline_transfer(
    user: "Actor", transfer: CaseTransfer, *, version: int | str, reason: str
) -> CaseTransfer:
    """The receiving organisation says no, and why (the sender reads the reason)."""
    transfer = _open_for_answer(transfer)
    if user is not None and not may_decide(user, transfer):
        raise NotAllowed(_("Bara den mottagande organisationen kan avböja överföringen."))
    reason = (reason or "").strip()
    problem = _text_error(reason, _("Skriv varför förslaget avböjs."))
    if problem:
        raise ActionError({"decline_reason": [problem]})
    return _answer(user, transfer, version, TransferStatus.DECLINED, decline_reason=reason)


@transaction.atomic
def accept_transfer(
    user: "Actor", transfer: CaseTransfer, *, version: int | str, coordinator: "User | None" = None
) -> CaseTransfer:
    """The receiving organisation takes over the enrolment, with ``coordinator`` (or none yet).

    The enrolment's organisation changes (audited on the enrolment), and the coordinator is
    named through the same action and history as any change of coordinator, dated today (or
    the enrolment's start, if that is later): the sending organisation's coordinator no longer
    has the case, so the hand-over counts as a change in the continuity figures.
    """
    transfer = _open_for_answer(transfer)
    if user is not None and not may_decide(user, transfer):
        raise NotAllowed(_("Bara den mottagande organisationen kan godkänna överföringen."))
    enrollment = _locked_enrollment(transfer.enrollment_id)
    if enrollment.end_date is not None:
        raise ActionError(
            {"status": [_("Inskrivningen har avslutats sedan förslaget gjordes och kan inte föras över.")]}
        )
    if enrollment.organization_id != transfer.from_organization_id:
        raise ActionError(
            {"status": [_("Inskrivningen hör inte längre till den organisation som föreslog överföringen.")]}
        )
    transfer.enrollment = enrollment
    _answer(user, transfer, version, TransferStatus.ACCEPTED, new_coordinator=coordinator)
    sender = enrollment.organization
    enrollment.organization = transfer.to_organization
    save_versioned(enrollment, enrollment.version, ["organization"])
    record(
        user,
        AuditAction.UPDATE,
        enrollment,
        person=enrollment.person,
        changes={"organization": [sender.code, transfer.to_organization.code]},
        detail="överföring",
    )
    change_coordinator(
        user,
        enrollment,
        coordinator=coordinator,
        version=enrollment.version,
        from_date=max(timezone.localdate(), enrollment.start_date),
    )
    return transfer

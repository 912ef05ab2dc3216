"""Who sees and answers a case transfer (the rule is registered in ``TransfersConfig.ready``).

- The **sending** organisation (those who work on the project for it, by
  :func:`stegvis.organizations.access.works_on_q`) sees its proposals for good, whatever the
  answer: it is its own history, and it names only a person it already had.
- The **receiving** organisation sees a proposal while it is open, to decide, and after it
  accepted (the case is then its own). A declined or withdrawn proposal is no longer its
  business, so it no longer sees it.
- Whoever may see the enrolment now sees every transfer of it (its history).
- Administrators see every row; evaluators none (``REPORT`` grants nothing).

Seeing a transfer is not seeing the person: the receiver's staff open the participant page only
after accepting, because the enrolment's ``organization`` is what the person rule reads. Who may
answer is :func:`stegvis.core.access.works_on` for the receiving organisation (accept, decline)
or the sending one (withdraw), the one statement of who works on a project for an organisation.
"""

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy

from stegvis.core.access import (
    CHANGE,
    NOTHING,
    REPORT,
    VIEW,
    UserScope,
    get_restricted_or_404,
    register_rule,
    scope_of,
    works_on,
)
from stegvis.organizations.access import works_on_q
from stegvis.participants.access import enrollment_q
from stegvis.participants.models import Enrollment
from stegvis.transfers.models import CaseTransfer, TransferStatus

if TYPE_CHECKING:
    from stegvis.core.access import Actor


def sending_q(scope: UserScope) -> Q:
    """Transfers whose sending organisation the user works on the project for."""
    if scope.is_admin:
        return Q()
    return works_on_q(scope, "enrollment__", organization="from_organization")


def receiving_q(scope: UserScope) -> Q:
    """Transfers whose receiving organisation the user works on the project for."""
    if scope.is_admin:
        return Q()
    return works_on_q(scope, "enrollment__", organization="to_organization")


def transfer_q(scope: UserScope, action: str) -> Q:
    if scope.is_admin:
        return Q()
    if action == REPORT or not scope.has_personal_data_access:
        return NOTHING
    receiving = receiving_q(scope)
    if action == CHANGE:  # an open proposal, to answer or withdraw
        return (sending_q(scope) | receiving) & Q(status=TransferStatus.PROPOSED)
    return (
        sending_q(scope)
        | (receiving & Q(status__in=[TransferStatus.PROPOSED, TransferStatus.ACCEPTED]))
        | enrollment_q(scope, action, prefix="enrollment__")
    )


def may_decide(user: "Actor", transfer: CaseTransfer) -> bool:
    """Whether ``user`` may accept or decline ``transfer`` for the receiving organisation."""
    return works_on(user, transfer.enrollment.project_id, transfer.to_organization_id)


def may_withdraw(user: "Actor", transfer: CaseTransfer) -> bool:
    """Whether ``user`` may withdraw ``transfer`` for the sending organisation."""
    return works_on(user, transfer.enrollment.project_id, transfer.from_organization_id)


def with_sides(rows: "QuerySet[CaseTransfer]", user: "Actor") -> "QuerySet[CaseTransfer]":
    """Rows annotated ``may_decide``, ``may_withdraw`` and ``sees_person`` for lists (no query per row).

    ``sees_person``: the user may open the person's page (the enrolment is visible to them); a
    receiver deciding an open proposal may not yet.
    """
    scope = scope_of(user)
    visible = Enrollment.objects.restrict(user, VIEW).filter(pk=OuterRef("enrollment_id"))
    return rows.annotate(
        may_decide=Exists(CaseTransfer.objects.filter(receiving_q(scope), pk=OuterRef("pk"))),
        may_withdraw=Exists(CaseTransfer.objects.filter(sending_q(scope), pk=OuterRef("pk"))),
        sees_person=Exists(visible),
    )


def _with_related(rows: "QuerySet[CaseTransfer]") -> "QuerySet[CaseTransfer]":
    return rows.select_related(
        "enrollment__person",
        "enrollment__project",
        "from_organization",
        "to_organization",
        "proposed_by",
        "decided_by",
        "new_coordinator",
    )


def visible_transfers(user: "Actor") -> "QuerySet[CaseTransfer]":
    """The transfers ``user`` may see, with what the pages show about each loaded."""
    return _with_related(CaseTransfer.objects.restrict(user, VIEW))


NOT_FOUND = gettext_lazy("Överföringen finns inte eller så saknar du behörighet.")


def transfer_or_404(user: "Actor", pk: Any, side: str | None = None) -> CaseTransfer:
    """The transfer a page is about; ``side`` ``"receiving"`` or ``"sending"`` narrows it to those
    the user answers for that organisation (else 404, as for a transfer that does not exist)."""
    rows = with_sides(_with_related(CaseTransfer.objects.all()), user)
    scope = scope_of(user)
    if side == "receiving":
        rows = rows.filter(receiving_q(scope))
    elif side == "sending":
        rows = rows.filter(sending_q(scope))
    transfer: CaseTransfer = get_restricted_or_404(rows, user, VIEW, pk=pk, not_found=NOT_FOUND)
    return transfer


def register() -> None:
    register_rule("transfers.CaseTransfer", transfer_q)

"""The rows the transfer pages, the start page and the reminder e-mail show.

Each is a fixed number of queries, however many transfers there are, and reads only rows the
user may see (``CaseTransfer.objects.restrict`` through :mod:`stegvis.transfers.access`).
"""

from typing import TYPE_CHECKING, Any

from stegvis.core.access import VIEW, UserScope, scope_of
from stegvis.organizations.models import Project
from stegvis.transfers.access import receiving_q, visible_transfers, with_sides
from stegvis.transfers.models import CaseTransfer, TransferStatus

if TYPE_CHECKING:
    import datetime

    from django.db.models import QuerySet

    from stegvis.core.access import Actor

#: How many answered transfers the list shows (newest first); the rest are in each enrolment's history.
DECIDED_SHOWN = 50


def open_transfers(user: "Actor") -> "tuple[list[CaseTransfer], list[CaseTransfer]]":
    """``(incoming, outgoing)``: open proposals the user may answer, and those they made and wait for.

    One query. A proposal the user may both answer and withdraw (a project leader, an
    administrator) is incoming: answering is what it waits for.
    """
    rows = with_sides(visible_transfers(user), user).filter(status=TransferStatus.PROPOSED)
    incoming, outgoing = [], []
    for transfer in rows.order_by("proposed_at", "pk"):
        if getattr(transfer, "may_decide"):  # noqa: B009 (an annotation)
            incoming.append(transfer)
        elif getattr(transfer, "may_withdraw"):  # noqa: B009
            outgoing.append(transfer)
    return incoming, outgoing


def decided_transfers(user: "Actor") -> "list[CaseTransfer]":
    """The latest answered transfers the user may see, newest answer first (one query)."""
    rows = with_sides(visible_transfers(user), user).exclude(status=TransferStatus.PROPOSED)
    return list(rows.order_by("-decided_at", "-pk")[:DECIDED_SHOWN])


def _coordinator_scope(scope: UserScope) -> UserScope:
    """Only the user's coordinator roles: the staff of the receiving organisation itself."""
    return UserScope(coordinator_scopes=scope.coordinator_scopes, user_id=scope.user_id)


def incoming_for_staff(user: "Actor") -> "QuerySet[CaseTransfer]":
    """Open proposals to an organisation the user is a coordinator of, on its project.

    What the start page and the reminder e-mail count: leaders and administrators may answer
    for any organisation of their projects, but the proposal is addressed to the receiving
    organisation's own staff.
    """
    scope = _coordinator_scope(scope_of(user))
    rows: QuerySet[CaseTransfer] = CaseTransfer.objects.restrict(user, VIEW)
    return rows.filter(receiving_q(scope), status=TransferStatus.PROPOSED)


def incoming_count(user: "Actor", today: "datetime.date | None" = None) -> int:
    """How many proposals wait for the user's organisation (the reminder source's count)."""
    return incoming_for_staff(user).count()


def history_by_enrollment(user: "Actor", enrollment_ids: "list[int]") -> "dict[int, list[Any]]":
    """``{enrolment id: [transfer, ...]}`` newest first, of the transfers the user may see (one query)."""
    history: dict[int, list[Any]] = {}
    rows = visible_transfers(user).filter(enrollment_id__in=enrollment_ids).order_by("-proposed_at", "-pk")
    for transfer in rows:
        history.setdefault(transfer.enrollment_id, []).append(transfer)
    return history


def receiver_choices(enrollments: "list[Any]") -> "dict[int, list[tuple[int, str]]]":
    """``{enrolment id: [(organisation id, name)]}``: who could take over each enrolment (one query).

    The other organisations of its project, owner and partners (``Project.organizations``), by name.
    """
    project_ids = {e.project_id for e in enrollments}
    owners = (
        Project.objects.filter(pk__in=project_ids).order_by().values_list("pk", "owner_id", "owner__name")
    )
    partners = (
        Project.partners.through.objects.filter(project_id__in=project_ids)
        .order_by()
        .values_list("project_id", "organization_id", "organization__name")
    )
    by_project: dict[int, dict[int, str]] = {}
    for project_id, org_id, name in owners.union(partners):
        by_project.setdefault(project_id, {})[org_id] = name
    return {
        e.pk: sorted(
            ((pk, name) for pk, name in by_project.get(e.project_id, {}).items() if pk != e.organization_id),
            key=lambda choice: choice[1],
        )
        for e in enrollments
    }

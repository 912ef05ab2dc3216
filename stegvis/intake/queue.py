"""The intake queue: which requests a user sees, in which order, and what is waiting.

Rows always come from ``IntakeRequest.objects.restrict`` (see :mod:`stegvis.intake.access`).
New requests come first (nobody has tried to call them yet), then those being contacted, then
closed ones; within each, the oldest waiting first among open requests and the latest first
among closed ones.
"""

from django.db.models import Case, Count, IntegerField, Max, Value, When

from stegvis.core.access import VIEW
from stegvis.intake.models import IntakePage, IntakeRequest, Status

STATUS_ORDER = Case(
    When(status=Status.NEW, then=Value(0)),
    When(status=Status.CONTACTING, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def queue_queryset(user, *, status=None, page=None, include_closed=False):
    """Requests ``user`` may see, with the number of call-back attempts and the latest one."""
    rows = IntakeRequest.objects.restrict(user, VIEW)
    if status:
        rows = rows.filter(status=status)
    elif not include_closed:
        rows = rows.exclude(status=Status.CLOSED)
    if page is not None:
        rows = rows.filter(page=page)
    return (
        rows.select_related("page", "page__organization", "enrollment__person")
        .annotate(
            n_attempts=Count("attempts"), last_attempt=Max("attempts__attempted_at"), _order=STATUS_ORDER
        )
        .order_by("_order", "submitted_at", "pk")
    )


def visible_pages(user):
    return IntakePage.objects.restrict(user, VIEW).select_related("organization", "project")


def new_requests_count(user, today=None):
    """Open requests ``user`` may see that nobody has tried to call back yet (one query)."""
    return IntakeRequest.objects.restrict(user, VIEW).filter(status=Status.NEW).count()

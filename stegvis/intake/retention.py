"""Deleting self-referrals that never became enrolments, once the organisation's period has passed.

Registered as the periodic job ``intake.retention`` (daily). A request converted into an
enrolment stays (it is the enrolment's history: how the person came); every other request,
open or closed, is deleted with its call-back attempts when it is older than the retention days
of its page's organisation, counted from when it was sent. Each deletion leaves an audit entry
naming the request by id only, so no personal data survives in the log either.
"""

import datetime

from django.db import transaction
from django.db.models import Count

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.intake.models import DEFAULT_RETENTION_DAYS, CallbackAttempt, IntakeRequest, IntakeSettings


def expired_requests(now):
    """The requests due for deletion at ``now``: one filter per organisation that has requests.

    Organisations are few (not participants), so a query per organisation is bounded by the
    number of organisations, never by the number of requests.
    """
    unconverted = IntakeRequest.objects.filter(enrollment__isnull=True)
    org_ids = unconverted.order_by().values_list("page__organization_id", flat=True).distinct()
    days_of = dict(IntakeSettings.objects.values_list("organization_id", "retention_days"))
    ids = []
    for org_id in org_ids:
        cutoff = now - datetime.timedelta(days=days_of.get(org_id, DEFAULT_RETENTION_DAYS))
        ids.extend(
            unconverted.filter(page__organization_id=org_id, submitted_at__lt=cutoff).values_list(
                "pk", flat=True
            )
        )
    return IntakeRequest.objects.filter(pk__in=ids)


def purge_expired_requests(now):
    """Delete what has passed its retention period; safe to run twice (the second finds nothing)."""
    with transaction.atomic():
        rows = list(expired_requests(now).select_for_update().values_list("pk", "submitted_at", "page__slug"))
        if not rows:
            return {"deleted": 0, "attempts": 0}
        ids = [row[0] for row in rows]
        attempts_of = dict(
            CallbackAttempt.objects.filter(request_id__in=ids)
            .order_by()
            .values_list("request_id")
            .annotate(n=Count("pk"))
        )
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    action=AuditAction.DELETE,
                    object_type="intake.intakerequest",
                    object_id=str(pk),
                    detail=f"lagringstiden har gått ut (skickad {submitted:%Y-%m-%d}, sidan {slug}, "
                    f"{attempts_of.get(pk, 0)} kontaktförsök)",
                )
                for pk, submitted, slug in rows
            ],
            batch_size=1000,
        )
        IntakeRequest.objects.filter(pk__in=ids).delete()
    return {"deleted": len(ids), "attempts": sum(attempts_of.values())}

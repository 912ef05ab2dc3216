"""The "Min sida" section of the participant page: make a link, see the links, answer requests.

Three queries whatever the number of links: the recent links, the open withdrawal requests, and
(for the forms) nothing more, since the page hands over which enrolments the user may change.
"""

from django.utils import timezone

from stegvis.core.access import VIEW
from stegvis.minsida.forms import CreateLinkForm
from stegvis.minsida.models import MinSidaLink, WithdrawalRequest
from stegvis.participants import onetime_links
from stegvis.participants.access import changeable_ids

RECENT_LINKS = 5


def open_requests(user, enrollment_ids=None):
    """Withdrawal requests still waiting for an answer, on consents not withdrawn (one query).

    Those of ``enrollment_ids`` when given, else all the user may see.
    """
    rows = WithdrawalRequest.objects.restrict(user, VIEW).filter(
        handled_at__isnull=True, consent__withdrawn_on__isnull=True
    )
    if enrollment_ids is not None:
        rows = rows.filter(consent__enrollment_id__in=enrollment_ids)
    return rows.select_related("consent__enrollment__project", "consent__actor_organization").order_by(
        "created_at", "pk"
    )


def section_context(user, person, enrollments):
    enrollments = list(enrollments)
    ids = [e.pk for e in enrollments]
    if not ids:
        return {}
    today = timezone.localdate()
    changeable = changeable_ids(user, enrollments)
    forms = [
        {"enrollment": e, "form": CreateLinkForm(person=person, auto_id=f"minsida{e.pk}_%s")}
        for e in enrollments
        if e.pk in changeable and (e.end_date is None or e.end_date >= today)
    ]
    links = list(
        MinSidaLink.objects.restrict(user, VIEW)
        .filter(enrollment_id__in=ids)
        .select_related("enrollment__project")
        .order_by("-created_at", "-pk")[:RECENT_LINKS]
    )
    for link in onetime_links.describe(links):
        link.can_revoke = link.enrollment_id in changeable and link.revoked_at is None and not link.is_expired
    requests = list(open_requests(user, ids))
    for request in requests:
        request.can_answer = request.consent.enrollment_id in changeable
    return {
        "minsida_forms": forms,
        "minsida_links": links,
        "minsida_many_projects": len({e.project_id for e in enrollments}) > 1,
        "minsida_requests": requests,
    }

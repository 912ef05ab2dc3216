"""This part's context for the progression section of the participant page: make a link, see recent ones."""

from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.core.access import CHANGE, VIEW
from stegvis.core.languages import staff_name
from stegvis.participants.models import Enrollment
from stegvis.participants.onetime_links import EMAIL, QR, SMS
from stegvis.progression.models import SelfAssessmentLink
from stegvis.progression.selfassessment.forms import CreateLinkForm

RECENT_LINKS = 10


def self_link_context(user, person, enrollments):
    """A link form per ongoing enrolment the user may change, and the latest links of the person.

    Two queries whatever the number of links: the changeable enrolments and the recent links.
    """
    ids = [e.pk for e in enrollments]
    if not ids:
        return {}
    today = timezone.localdate()
    changeable = [
        e
        for e in Enrollment.objects.restrict(user, CHANGE)
        .filter(pk__in=ids)
        .select_related("project")
        .order_by("-start_date")
        if e.end_date is None or e.end_date >= today
    ]
    forms = [
        {"enrollment": e, "form": CreateLinkForm(person=person, auto_id=f"selflink{e.pk}_%s")}
        for e in changeable
    ]
    links = list(
        SelfAssessmentLink.objects.restrict(user, VIEW)
        .filter(enrollment_id__in=ids)
        .select_related("enrollment__project")
        .order_by("-created_at", "-pk")[:RECENT_LINKS]
    )
    channels = {QR: _("QR-kod"), SMS: _("SMS"), EMAIL: _("E-post")}
    now = timezone.now()
    for link in links:
        link.language_name = staff_name(link.language)
        link.channel_name = channels.get(link.channel, link.channel)
        link.is_expired = link.expires_at <= now
    return {
        "self_link_forms": forms,
        "self_links": links,
        "self_link_many_projects": len({link.enrollment.project_id for link in links}) > 1,
    }

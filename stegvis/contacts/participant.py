"""The "Kontakter och möten" section of the participant page.

Per enrolment the user may see: the latest contacts (with a link to all), the days since the
last contact, flagged on an active enrolment after N weeks, the SIP and network meetings ahead
and the latest held, and the support periods after a job or study start. A fixed number of
queries however many enrolments, contacts and meetings the person has.
"""

import datetime

from django.db.models import Count, F, Max, Window
from django.db.models.functions import RowNumber

from stegvis.contacts import figures
from stegvis.contacts.models import Contact, NetworkMeeting, SupportPeriod
from stegvis.core.access import VIEW
from stegvis.participants.access import changeable_ids
from stegvis.participants.models import Enrollment

LATEST_CONTACTS = 5
LATEST_MEETINGS = 3


def _latest_contacts(user, ids):
    """The newest ``LATEST_CONTACTS`` contacts of each enrolment, in one query (plus one for staff)."""
    ranked = (
        Contact.objects.restrict(user, VIEW)
        .filter(enrollment_id__in=ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("enrollment_id")],
                order_by=[F("contact_date").desc(), F("contact_time").desc(nulls_last=True), F("pk").desc()],
            )
        )
        .filter(rank__lte=LATEST_CONTACTS)
        .prefetch_related("staff")
        .order_by("enrollment_id", "rank")
    )
    by_enrollment = {}
    for contact in ranked:
        by_enrollment.setdefault(contact.enrollment_id, []).append(contact)
    return by_enrollment


def section_context(user, person, enrollments):
    enrollments = list(enrollments)
    if not enrollments:
        return {"contacts_rows": []}
    ids = [e.pk for e in enrollments]
    today = datetime.date.today()
    weeks = figures.no_contact_weeks()
    summary = {
        row["pk"]: row
        for row in figures.with_last_contact(
            figures.with_contact_count(Enrollment.objects.filter(pk__in=ids), today), today
        ).values("pk", "contact_count", "last_contact_on", "days_since_last_contact", "days_without_contact")
    }
    contacts = _latest_contacts(user, ids)
    meetings = {}
    for meeting in (
        NetworkMeeting.objects.restrict(user, VIEW)
        .filter(enrollment_id__in=ids)
        .prefetch_related("actors")
        .order_by("meeting_date", "pk")
    ):
        meetings.setdefault(meeting.enrollment_id, []).append(meeting)
    periods = {}
    for period in (
        SupportPeriod.objects.restrict(user, VIEW)
        .filter(enrollment_id__in=ids)
        .annotate(follow_up_count=Count("follow_ups"), last_follow_up_on=Max("follow_ups__followed_up_on"))
        .order_by("-started_on", "-pk")
    ):
        periods.setdefault(period.enrollment_id, []).append(period)
    changeable = changeable_ids(user, enrollments)
    rows = []
    for enrollment in enrollments:
        figures_of = summary.get(enrollment.pk, {})
        own_meetings = meetings.get(enrollment.pk, [])
        active = enrollment.end_date is None
        rows.append(
            {
                "enrollment": enrollment,
                "contacts": contacts.get(enrollment.pk, []),
                "contact_count": figures_of.get("contact_count", 0),
                "last_contact_on": figures_of.get("last_contact_on"),
                "days_since_last_contact": figures_of.get("days_since_last_contact"),
                "no_contact_flag": active and (figures_of.get("days_without_contact") or 0) > weeks * 7,
                "upcoming_meetings": [m for m in own_meetings if m.meeting_date > today],
                "held_meetings": [m for m in reversed(own_meetings) if m.meeting_date <= today][
                    :LATEST_MEETINGS
                ],
                "meeting_count": len(own_meetings),
                "support_periods": periods.get(enrollment.pk, []),
                "can_change": enrollment.pk in changeable,
            }
        )
    return {"contacts_rows": rows, "contacts_weeks": weeks}

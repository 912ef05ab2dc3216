"""The "Startgrupper" section of the participant page.

The start groups of the person's enrolments the user may see, with the dates of membership and
the attendance share in each. One query however many groups and sessions.
"""

from stegvis.cohorts.figures import attendance_counts
from stegvis.cohorts.models import CohortMember
from stegvis.core.access import VIEW


def section_context(user, person, enrollments):
    ids = [e.pk for e in enrollments]
    memberships = (
        CohortMember.objects.restrict(user, VIEW)
        .filter(enrollment_id__in=ids)
        .select_related("cohort__project", "cohort__organization")
        .annotate(**attendance_counts("attendance__"))
        .order_by("-joined_on", "pk")
    )
    return {"cohort_memberships": list(memberships)}

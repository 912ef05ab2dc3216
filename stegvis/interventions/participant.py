"""The "Insatser" section of the participant page.

Per enrolment the user may see: a timeline of the participant's interventions and a table of the
same (with the placement, if any, and links to change). Two queries however many enrolments,
interventions and placements the person has.
"""

from stegvis.core.access import VIEW
from stegvis.interventions.models import PLACEMENT_KINDS, ParticipantIntervention
from stegvis.participants.access import changeable_ids


def section_context(user, person, enrollments):
    enrollments = list(enrollments)
    ids = [e.pk for e in enrollments]
    by_enrollment = {pk: [] for pk in ids}
    participations = (
        ParticipantIntervention.objects.restrict(user, VIEW)
        .filter(enrollment_id__in=ids)
        .select_related("intervention__provider_organization", "placement")
        .order_by("start_date", "pk")
    )
    for participation in participations:
        participation.takes_placement = participation.intervention.kind in PLACEMENT_KINDS
        by_enrollment[participation.enrollment_id].append(participation)
    changeable = changeable_ids(user, enrollments)
    rows = [
        {
            "enrollment": e,
            "participations": by_enrollment[e.pk],
            "can_change": e.pk in changeable,
            "chart_id": f"insatser-{e.pk}",
        }
        for e in enrollments
    ]
    return {"interventions_rows": rows}

"""The "Anpassningar" section of the participant page: per enrolment the user may see, the
adaptations given, with links to add and remove for those who may change the enrolment. One query."""

from stegvis.core.access import VIEW
from stegvis.participants.access import changeable_ids
from stegvis.principles.models import Adaptation


def section_context(user, person, enrollments):
    enrollments = list(enrollments)
    by_enrollment = {e.pk: [] for e in enrollments}
    for adaptation in (
        Adaptation.objects.restrict(user, VIEW)
        .filter(enrollment_id__in=list(by_enrollment))
        .order_by("given_on", "pk")
    ):
        by_enrollment[adaptation.enrollment_id].append(adaptation)
    changeable = changeable_ids(user, enrollments)
    return {
        "adaptation_rows": [
            {"enrollment": e, "adaptations": by_enrollment[e.pk], "can_change": e.pk in changeable}
            for e in enrollments
        ]
    }

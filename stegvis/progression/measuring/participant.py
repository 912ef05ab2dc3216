"""This part's context for the progression section of the participant page.

Per visible enrolment: its measurements so far, when the next one is due, and whether the user
may register one; and the person's language levels. A fixed number of queries however many
enrolments and measurements the person has.
"""

from collections import defaultdict

from django.db.models import Avg, Count

from stegvis.core.access import CHANGE, VIEW, may
from stegvis.participants.models import Enrollment
from stegvis.progression.measuring import schedule
from stegvis.progression.models import LanguageLevel, Measurement


def measuring_context(user, person, enrollments):
    visible = list(enrollments)
    ids = [e.pk for e in visible]
    plans = (
        {e.pk: e for e in schedule.annotate_schedule(Enrollment.objects.filter(pk__in=ids))} if ids else {}
    )
    changeable = (
        set(Enrollment.objects.restrict(user, CHANGE).filter(pk__in=ids).values_list("pk", flat=True))
        if ids
        else set()
    )
    by_enrollment = defaultdict(list)
    if ids:
        measurements = (
            Measurement.objects.restrict(user, VIEW)
            .filter(enrollment_id__in=ids)
            .select_related("instrument")
            .annotate(mean=Avg("answers__value"), answered=Count("answers__value"), items=Count("answers"))
            .order_by("date", "pk")
        )
        for m in measurements:
            by_enrollment[m.enrollment_id].append(m)
    rows = [
        {
            "enrollment": e,
            "plan": plans.get(e.pk),
            "measurements": by_enrollment.get(e.pk, []),
            "can_register": e.pk in changeable and e.end_date is None,
            "can_change": e.pk in changeable,
        }
        for e in visible
    ]
    levels = (
        LanguageLevel.objects.restrict(user, VIEW).filter(person=person).order_by("framework", "date", "pk")
    )
    return {
        "measuring_rows": rows,
        "measuring_levels": levels,
        "measuring_can_add_level": may(user, CHANGE, person),
    }

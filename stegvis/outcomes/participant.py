"""The "Efter avslut" section of the participant page.

Per ended enrolment the user may see: the exit reason and the 1-, 3- and 6-month follow-ups,
recorded (with a link to correct) or with their status and a link to record. Two queries
however many enrolments and follow-ups the person has.
"""

import datetime

from stegvis.core.access import VIEW
from stegvis.outcomes import schedule
from stegvis.outcomes.models import ExitFollowUp, FollowUpPoint
from stegvis.participants.access import changeable_ids


def section_context(user, person, enrollments):
    ended = [e for e in enrollments if e.end_date is not None]
    if not ended:
        return {"outcomes_rows": []}
    ids = [e.pk for e in ended]
    today = datetime.date.today()
    follow_ups = {
        (f.enrollment_id, f.months): f
        for f in ExitFollowUp.objects.restrict(user, VIEW).filter(enrollment_id__in=ids)
    }
    changeable = changeable_ids(user, ended)
    labels = dict(FollowUpPoint.choices)
    rows = []
    for enrollment in ended:
        points = []
        for months in schedule.POINTS:
            follow_up = follow_ups.get((enrollment.pk, months))
            points.append(
                {
                    "months": months,
                    "label": labels[months],
                    "date": schedule.point_date(enrollment.end_date, months),
                    "opens": schedule.window_opens(enrollment.end_date, months),
                    "status": schedule.status_of(
                        enrollment.end_date, months, today, recorded=follow_up is not None
                    ),
                    "follow_up": follow_up,
                }
            )
        rows.append({"enrollment": enrollment, "points": points, "can_change": enrollment.pk in changeable})
    return {"outcomes_rows": rows}

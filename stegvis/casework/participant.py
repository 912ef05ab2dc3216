"""The "Kartläggning och plan" section of the participant page.

Per enrolment the user may see: which areas of the mapping are filled in, and the plan's goals
with their steps, due and overdue steps marked in words (not by colour alone). A fixed number of
queries however many enrolments, entries, goals and steps the person has.
"""

import datetime

from stegvis.casework.plan import DUE, OVERDUE, by_horizon, goals_with_steps, mapping_rows
from stegvis.participants.access import changeable_ids


def section_context(user, person, enrollments):
    enrollments = list(enrollments)
    if not enrollments:
        return {"casework_rows": []}
    today = datetime.date.today()
    ids = [e.pk for e in enrollments]
    mappings = mapping_rows(user, enrollments)
    goals = goals_with_steps(user, ids, today)
    changeable = changeable_ids(user, enrollments)
    rows = []
    for enrollment in enrollments:
        areas = mappings[enrollment.pk]
        enrollment_goals = goals.get(enrollment.pk, [])
        rows.append(
            {
                "enrollment": enrollment,
                "areas": areas,
                "filled": sum(1 for _area, entry in areas if entry is not None),
                "horizons": by_horizon(enrollment_goals),
                "overdue": sum(g.overdue_count for g in enrollment_goals),
                "due": sum(g.due_count for g in enrollment_goals),
                "can_change": enrollment.pk in changeable,
            }
        )
    return {"casework_rows": rows, "OVERDUE": OVERDUE, "DUE": DUE}

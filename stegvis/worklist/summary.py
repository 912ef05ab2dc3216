"""The worklist in brief, for the coordinator's start page: how many rows each section has.

The start page belongs to the core app, which does not import the apps built on it; it calls
:func:`worklist_summary` and includes ``worklist/_summary.html`` (see docs/worklist.md).
"""

import datetime

from stegvis.participants.filters import visible_enrollments
from stegvis.worklist import rules


def worklist_summary(user, on=None, measurements=None):
    """Counts of the undecided items of the user's own worklist (enrolments they coordinate) on ``on``.

    Six queries: five counts and the decisions about measurements. ``{"counts": {section: n},
    "total": n, "weeks": N}``; nothing is listed by name, so nothing is audited (the page it
    links to is). ``measurements``: the user's own due list, when the caller has it already
    (five queries then; the decided ones are left out of it).
    """
    on = on or datetime.date.today()
    weeks = rules.default_weeks()
    counts = rules.counts(visible_enrollments(user).filter(coordinator=user), on, weeks, measurements)
    return {"counts": counts, "total": sum(counts.values()), "weeks": weeks}

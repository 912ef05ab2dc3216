"""The report's ``by_coordinator``: progression and exits per coordinator, for the project leader.

Per coordinator (the coordinator of the enrolment on the report date, as the caseloads count it):
the enrolments, the active ones, the exits, the share of exits to work or studies and the share
of measured enrolments that moved forward by the progression rule. One statement, grouped by
coordinator with the rule joined in (:mod:`stegvis.reports.progression_groups`), one query for
the names, and the rule's look-up of the project's progression settings.
"""

from django.contrib.auth import get_user_model
from django.db.models import Case, F, IntegerField, Q, Value, When

from stegvis.participants.models import WORK_OR_STUDIES
from stegvis.reports.counting import exited_q, share
from stegvis.reports.followup_figures import with_coordinator_on
from stegvis.reports.progression_groups import grouped_with_progression

KEY = "by_coordinator"
NONE = "ingen"  # the row of enrolments without a coordinator


def _one(condition):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def coordinator_summary(project, scope, on):
    """``{username: {name, enrollments, active, exits, work_or_studies, measured, positive}}``.

    ``work_or_studies`` and ``positive`` are ``{"count", "share"}``: of the exits and of the
    measured enrolments. Largest number of enrolments first; ``ingen`` (no coordinator on the
    report date) last, when there are such enrolments.
    """
    exited = exited_q(on)
    rows = (
        with_coordinator_on(scope, on)
        .order_by()
        .annotate(
            _bc_pk=F("pk"),
            _bc_exited=_one(exited),
            _bc_wos=_one(exited & Q(exit_reason__in=WORK_OR_STUDIES)),
        )
        .values("_bc_pk", "_coordinator", "_bc_exited", "_bc_wos")
    )
    grouped = grouped_with_progression(
        project, scope, on, rows, "_bc_pk", ["_coordinator"], ("_bc_exited", "_bc_wos")
    )
    ids = [row[0] for row in grouped if row[0] is not None]
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=ids)} if ids else {}
    summary = []
    for coordinator, n, exits, wos, measured, positive in grouped:
        exits, wos, positive = int(exits or 0), int(wos or 0), int(positive or 0)
        user = users.get(coordinator)
        summary.append(
            (
                user.get_username() if user else NONE,
                {
                    "name": (user.get_full_name() or user.get_username()) if user else "",
                    "enrollments": n,
                    "active": n - exits,
                    "exits": exits,
                    "work_or_studies": {"count": wos, "share": share(wos, exits)},
                    "measured": measured,
                    "positive": {"count": positive, "share": share(positive, measured)},
                },
            )
        )
    summary.sort(
        key=lambda item: (item[0] == NONE, -item[1]["enrollments"], item[1]["name"].lower(), item[0])
    )
    return dict(summary)

"""What else an exit says besides its reason: the project's own reason, who takes over, other outcomes.

These extend ``exits`` in the report (docs/reports.md, "Avslut som projektet beskriver dem"):

- ``by_project_reason``: exits per reason of the project's own list, every one of them present;
  exits registered with a standard reason only are not in it. ``project_reasons`` names each
  (``{code: {"label", "standard_reason"}}``), so the codes can be read without the database.
- ``by_next_actor``: exits per next actor, ``okand`` where none was registered; adds up to
  ``exits.total``.
- ``by_outcome``: exits that had each outcome, as their reason or as one of their other outcomes.
  An exit with two outcomes is in two of these, so they add up to more than ``exits.total``;
  ``by_reason`` and ``work_or_studies`` count each exit once, by its reason (the rules of
  :func:`stegvis.participants.rules.other_outcomes_error` keep the two consistent).

Three grouped queries over the report's scope, whatever the number of enrolments.
"""

from django.db.models import Count

from stegvis.participants.models import COUNTED_EXIT_REASONS, ExitOutcome, NextActor, ProjectExitReason
from stegvis.reports.counting import UNKNOWN, exited_q

NEXT_ACTORS = tuple(NextActor.values)


def exit_details(project, scope, on, by_reason):
    """``{"by_project_reason", "project_reasons", "by_next_actor", "by_outcome"}`` of the exits by ``on``."""
    exited = scope.filter(exited_q(on)).order_by()
    own = ProjectExitReason.objects.filter(project=project).values_list(
        "pk", "code", "label", "standard_reason"
    )
    reasons, project_reasons = {}, {}
    for pk, code, label, standard in own:  # in the project's order
        reasons[pk] = code
        project_reasons[code] = {"label": label, "standard_reason": standard}
    by_project_reason = dict.fromkeys(project_reasons, 0)
    by_next_actor = dict.fromkeys((*NEXT_ACTORS, UNKNOWN), 0)
    for reason_id, actor, n in exited.values_list("project_exit_reason", "next_actor").annotate(
        n=Count("pk")
    ):
        if reason_id in reasons:
            by_project_reason[reasons[reason_id]] += n
        by_next_actor[actor if actor in by_next_actor else UNKNOWN] += n
    by_outcome = {reason: by_reason.get(reason, 0) for reason in COUNTED_EXIT_REASONS}
    others = (
        ExitOutcome.objects.filter(enrollment__in=exited.values("pk"))
        .order_by()
        .values_list("outcome")
        .annotate(n=Count("pk"))
    )
    for outcome, n in others:
        if outcome in by_outcome:
            by_outcome[outcome] += n
    return {
        "by_project_reason": by_project_reason,
        "project_reasons": project_reasons,
        "by_next_actor": by_next_actor,
        "by_outcome": by_outcome,
    }

"""The ``what_works`` section of the report: placement outcomes, and exits and progression by way of working.

BIP's research found that parallel interventions and continuity of the coordinator go with more
people reaching work. A project leader wants to see whether the project's own figures look the
same, so the enrolments in scope are grouped three ways and each group gets the same figures:

- by intervention combination (:mod:`stegvis.interventions.queries`): ``none`` (no intervention),
  ``one_kind`` (interventions, but never job-oriented together with competence or health),
  ``parallel`` (a job-oriented intervention overlapped a competence or health one) and
  ``sequential`` (both kinds, never at the same time);
- by coordinator changes up to ``on`` (``0``, ``1``, ``2+``; :mod:`stegvis.reports.followup_figures`);
- by contacts per month enrolled (``under_2``, ``2_4``, ``over_4``; :mod:`stegvis.contacts.queries`):
  under 2, 2 to 4 inclusive, over 4.

Per group: ``enrollments``; ``exits`` by ``on``; ``work_or_studies`` (exits to work or studies,
``share`` of the exits, as the report's own key figure); ``measured`` (two or more usable
measurements) and ``positive`` (latest score − first score > the project's threshold, ``share`` of
the measured), both by the progression rule, which the progression app registers
(:func:`stegvis.reports.project_report.register_positive_progression`).

Everything is counted in the database: one aggregate over the annotated enrolments, one over the
measured ones, one GROUP BY for the placements and one look-up of the instrument: four queries
whatever the number of enrolments. The figures describe; they do not show cause and effect,
and the section says so in ``note``.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from stegvis.contacts.queries import with_contacts_per_month
from stegvis.interventions.queries import (
    Outcome,
    combination_conditions,
    placement_outcomes,
    with_intervention_flags,
)
from stegvis.participants.models import WORK_OR_STUDIES
from stegvis.reports.counting import exited_q, share
from stegvis.reports.followup_figures import CHANGE_BUCKETS, with_coordinator_changes
from stegvis.reports.project_report import positive_progression

KEY = "what_works"
COMBINATIONS = ("none", "one_kind", "parallel", "sequential")
# Contacts per month enrolled: under LOW, LOW to HIGH (both included), over HIGH.
CONTACTS_LOW, CONTACTS_HIGH = 2, 4
CONTACT_BANDS = ("under_2", "2_4", "over_4")
DIMENSIONS = ("by_combination", "by_coordinator_changes", "by_contact_frequency")


def note():
    return _(
        "Siffrorna beskriver hur det gick för deltagare med olika sätt att arbeta; de visar inte "
        "orsakssamband. Grupperna skiljer sig åt på fler sätt än arbetssättet (behov, hälsa, tid i "
        "projektet), och små grupper ger osäkra andelar: se antalet bakom varje andel."
    )


def group_conditions():
    """``{dimension: {group: Q}}`` on the annotations of :func:`annotated`, in display order."""
    combination = combination_conditions()
    none, parallel, sequential = (
        combination["none"],
        combination["job_parallel"],
        combination["job_sequential"],
    )
    return {
        "by_combination": {
            "none": none,
            "one_kind": ~(none | parallel | sequential),
            "parallel": parallel,
            "sequential": sequential,
        },
        "by_coordinator_changes": {bucket: Q(_changes=bucket) for bucket in CHANGE_BUCKETS},
        "by_contact_frequency": {
            "under_2": Q(contacts_per_month__lt=CONTACTS_LOW),
            "2_4": Q(contacts_per_month__gte=CONTACTS_LOW, contacts_per_month__lte=CONTACTS_HIGH),
            "over_4": Q(contacts_per_month__gt=CONTACTS_HIGH),
        },
    }


def annotated(scope, on):
    """The enrolments in scope with what each group needs: intervention flags, coordinator changes,
    contacts per month, all as of ``on``."""
    qs = with_intervention_flags(scope, on)
    qs = with_coordinator_changes(qs, on)
    return with_contacts_per_month(qs, on)


def _group(counts, key):
    enrollments, exits, wos, measured, positive = (
        counts[f"{key}|{name}"] for name in ("n", "exits", "wos", "measured", "positive")
    )
    return {
        "enrollments": enrollments,
        "exits": exits,
        "work_or_studies": {"count": wos, "share": share(wos, exits)},
        "measured": measured,
        "positive": {"count": positive, "share": share(positive, measured)},
    }


def _placements(scope, on):
    """Placement outcomes by workplace type, with the share employed of the finished placements."""
    result = placement_outcomes(scope, on)
    for row in result.values():
        row["finished"] = row["total"] - row[Outcome.PAGAR]
        row["employed_share"] = share(row["employed"], row["finished"])
    return result


def what_works(project, scope, on):
    """The report's ``what_works`` section for the enrolments in ``scope`` as they stood on ``on``."""
    conditions = group_conditions()
    qs = annotated(scope, on)
    exited = exited_q(on)
    totals = {}
    for dimension, groups in conditions.items():
        for group, condition in groups.items():
            key = f"{dimension}|{group}"
            totals[f"{key}|n"] = Count("pk", filter=condition)
            totals[f"{key}|exits"] = Count("pk", filter=condition & exited)
            totals[f"{key}|wos"] = Count("pk", filter=condition & exited & Q(exit_reason__in=WORK_OR_STUDIES))
    # distinct(): the annotations become columns of a subquery, each computed once per enrolment
    # rather than repeated inside every conditional count (see progression.statistics.rule._scored).
    counts = qs.distinct().order_by().aggregate(**totals)

    scored, positive = positive_progression(project, qs, on)
    progression = {}
    for dimension, groups in conditions.items():
        for group, condition in groups.items():
            key = f"{dimension}|{group}"
            progression[f"{key}|measured"] = Count("pk", filter=condition)
            progression[f"{key}|positive"] = Count("pk", filter=condition & positive)
    counts.update(scored.order_by().aggregate(**progression))

    section = {"note": note()}
    for dimension, groups in conditions.items():
        section[dimension] = {group: _group(counts, f"{dimension}|{group}") for group in groups}
    section["placements"] = _placements(scope, on)
    section["progression_threshold"] = float(project.progression_threshold or 0)
    section["contacts_per_month_bands"] = [CONTACTS_LOW, CONTACTS_HIGH]
    return section

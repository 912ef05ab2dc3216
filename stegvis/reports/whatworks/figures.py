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

Everything is counted in the database: one ``GROUP BY`` over each enrolment's three groups (worked
out once per enrolment, as columns) with the measured ones joined in, one ``GROUP BY`` for the
placements (by workplace type, employer and the employer's industry at once) and one look-up of
the instrument: three queries whatever the number of enrolments. The figures describe; they do
not show cause and effect, and the section says so in ``note``.

Placements (praktik and arbetsträning) are counted three ways with the same row (``total``, a
count per outcome, ``finished``, ``employed``, ``employed_share``): ``placements`` by workplace
type (with ``alla``, all placements), ``placements_by_employer`` by the employer of the register
(its id as the key, its ``name`` in the row; ``ingen``: no employer linked) and
``placements_by_industry`` by the employer's SNI section (``okand``: an employer without one;
``ingen``: no employer). Each grouping adds up to ``placements.alla``.
"""

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext as _

from stegvis.contacts.queries import with_contacts_per_month
from stegvis.interventions.queries import (
    Outcome,
    combination_conditions,
    placement_groupings,
    with_intervention_flags,
)
from stegvis.participants.models import WORK_OR_STUDIES
from stegvis.reports.counting import exited_q, share
from stegvis.reports.followup_figures import CHANGE_BUCKETS, with_coordinator_changes
from stegvis.reports.progression_groups import grouped_with_progression

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


# The column each enrolment's group of a dimension is named in (see :func:`annotated`).
GROUP_COLUMNS = {
    "by_combination": "_ww_combination",
    "by_coordinator_changes": "_changes",
    "by_contact_frequency": "_ww_contacts",
}


def _group_column(groups):
    """The group of each enrolment as one value: the first group whose condition holds, else ``None``.

    The groups of a dimension never overlap, so this is the same as testing each condition apart.
    """
    return Case(*(When(condition, then=Value(group)) for group, condition in groups.items()), default=None)


def annotated(scope, on):
    """The enrolments in scope with what each group needs: intervention flags, coordinator changes,
    contacts per month, all as of ``on``; and the group of each dimension as a column of its own
    (:data:`GROUP_COLUMNS`), so the figures are counted with ``GROUP BY`` over those columns."""
    qs = with_intervention_flags(scope, on)
    qs = with_coordinator_changes(qs, on)
    qs = with_contacts_per_month(qs, on)
    conditions = group_conditions()
    return qs.annotate(
        _ww_combination=_group_column(conditions["by_combination"]),
        _ww_contacts=_group_column(conditions["by_contact_frequency"]),
    )


def _group(counts, key):
    enrollments, exits, wos, measured, positive = (
        counts.get(f"{key}|{name}", 0) for name in ("n", "exits", "wos", "measured", "positive")
    )
    return {
        "enrollments": enrollments,
        "exits": exits,
        "work_or_studies": {"count": wos, "share": share(wos, exits)},
        "measured": measured,
        "positive": {"count": positive, "share": share(positive, measured)},
    }


# The section's key for each grouping of the placements (:func:`placement_groupings`).
PLACEMENT_KEYS = {
    "by_workplace_type": "placements",
    "by_employer": "placements_by_employer",
    "by_industry": "placements_by_industry",
}


def _placements(scope, on):
    """Placement outcomes by workplace type, employer and industry (one query), with the share
    employed of the finished placements: ``{section key: {group: row}}``."""
    groupings = placement_groupings(scope, on)
    rows = [
        *groupings["by_workplace_type"].values(),
        *groupings["by_industry"].values(),
        *(row for employers in groupings["by_employer"].values() for row in employers.values()),
    ]
    for row in rows:
        row["finished"] = row["total"] - row[Outcome.PAGAR]
        row["employed_share"] = share(row["employed"], row["finished"])
    return {key: groupings[grouping] for grouping, key in PLACEMENT_KEYS.items()}


def _grouped_counts(rows, counts, names):
    """Add the counts of ``rows`` (group of each dimension, then ``names``) to ``counts`` per dimension and group."""
    for row in rows:
        groups, values = row[: len(DIMENSIONS)], row[len(DIMENSIONS) :]
        for dimension, group in zip(DIMENSIONS, groups, strict=True):
            if group is None:  # e.g. no contact frequency for an enrolment of no days
                continue
            for name, value in zip(names, values, strict=True):
                key = f"{dimension}|{group}|{name}"
                counts[key] = counts.get(key, 0) + (value or 0)


def _one(condition):
    """1 where ``condition`` holds, else 0: a column to ``SUM``."""
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


COUNTED = ("n", "exits", "wos", "measured", "positive")


def _group_rows(project, scope, on):
    """Per combination of the three groups: enrolments, exits, work or studies, measured, positive.

    One statement: each enrolment's group columns and exit flags left-joined to the
    progression rule's measured enrolments, grouped by the group columns. The rule runs once,
    inside the statement, however many groups there are. At most 4 × 3 × 4 rows.
    """
    exited = exited_q(on)
    groups = (
        annotated(scope, on)
        .order_by()
        .annotate(
            _ww_pk=F("pk"), _ww_exited=_one(exited), _ww_wos=_one(exited & Q(exit_reason__in=WORK_OR_STUDIES))
        )
        .values("_ww_pk", *GROUP_COLUMNS.values(), "_ww_exited", "_ww_wos")
    )
    columns = [GROUP_COLUMNS[dimension] for dimension in DIMENSIONS]
    return grouped_with_progression(project, scope, on, groups, "_ww_pk", columns, ("_ww_exited", "_ww_wos"))


def what_works(project, scope, on):
    """The report's ``what_works`` section for the enrolments in ``scope`` as they stood on ``on``.

    Each enrolment's group in the three dimensions is worked out once, as columns, and counted
    with ``GROUP BY`` over them (at most 4 × 3 × 4 rows, whatever the number of enrolments),
    with the progression rule's measured and positive enrolments joined in the same statement.
    """
    conditions = group_conditions()
    counts = {}
    _grouped_counts(_group_rows(project, scope, on), counts, COUNTED)

    section = {"note": note()}
    for dimension, groups in conditions.items():
        section[dimension] = {group: _group(counts, f"{dimension}|{group}") for group in groups}
    section.update(_placements(scope, on))
    section["progression_threshold"] = float(project.progression_threshold or 0)
    section["contacts_per_month_bands"] = [CONTACTS_LOW, CONTACTS_HIGH]
    return section

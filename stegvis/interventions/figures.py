"""Figures about interventions for the "what works" report, aggregated in the database.

BIP's research found that interventions from several actors running *in parallel* (job-oriented
together with competence and/or health) go with more people reaching work or studies. These
functions say, per enrolment, which categories it had and whether a job-oriented intervention
overlapped in time with a competence or health one, and count placement outcomes by workplace
type. Each takes an enrolment queryset (already restricted and scoped by the caller) and returns
an annotated queryset or a small dict; none loops over participants in Python.

Overlap: two periods overlap when each starts on or before the day the other ends; an ongoing
intervention (no end date) counts as running until ``on`` (the report date, default today).
"""

import datetime

from django.db.models import Case, CharField, Count, DateField, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce

from stegvis.employers.models import Industry
from stegvis.interventions.models import (
    EMPLOYMENT_OUTCOMES,
    Category,
    IntegrationSupport,
    Kind,
    Outcome,
    ParticipantIntervention,
    Placement,
    WorkplaceType,
)

JOB = Category.ARBETSINRIKTAD
PARTNERS = (Category.KOMPETENSHOJANDE, Category.HALSA)


def _periods(on):
    """Participant interventions with ``until``: the end date, or ``on`` while ongoing."""
    return ParticipantIntervention.objects.filter(start_date__lte=on).annotate(
        until=Coalesce("end_date", Value(on, output_field=DateField()))
    )


def _has_category(category, on):
    return Exists(_periods(on).filter(enrollment_id=OuterRef("pk"), intervention__category=category))


def _job_parallel_with(categories, on):
    """EXISTS a job-oriented period of the enrolment that overlaps a period in ``categories``."""
    overlapping = _periods(on).filter(
        enrollment_id=OuterRef("enrollment_id"),
        intervention__category__in=categories,
        start_date__lte=OuterRef("until"),
        until__gte=OuterRef("start_date"),
    )
    return Exists(
        _periods(on)
        .filter(enrollment_id=OuterRef("pk"), intervention__category=JOB)
        .filter(Exists(overlapping))
    )


def with_intervention_flags(enrollments, on=None):
    """``enrollments`` annotated with what interventions each had up to ``on``.

    Booleans: ``has_arbetsinriktad``, ``has_kompetenshojande``, ``has_halsa``, ``has_social``
    (one per :class:`~stegvis.interventions.models.Category`), ``parallel_kompetens`` and
    ``parallel_halsa`` (a job-oriented intervention overlapped one of that category) and
    ``parallel_any`` (overlapped competence or health). Only interventions started by ``on`` count.
    """
    on = on or datetime.date.today()
    flags = {f"has_{category}": _has_category(category, on) for category in Category.values}
    flags["parallel_kompetens"] = _job_parallel_with([Category.KOMPETENSHOJANDE], on)
    flags["parallel_halsa"] = _job_parallel_with([Category.HALSA], on)
    flags["parallel_any"] = _job_parallel_with(list(PARTNERS), on)
    return enrollments.annotate(**flags)


def combination_counts(enrollments, on=None):
    """How many enrolments had which combination, in one query.

    ``total``; ``none`` (no intervention at all); ``job_only`` (job-oriented but never competence
    or health); ``partners_only`` (competence or health but no job-oriented); ``job_parallel``
    (job-oriented overlapping competence or health) and, of those, ``job_parallel_kompetens`` and
    ``job_parallel_halsa``; ``job_sequential`` (both kinds, but never at the same time).
    (The keys differ from the annotation names on purpose: an aggregate named like an annotation
    replaces it.)
    """
    flagged = with_intervention_flags(enrollments, on)
    return flagged.aggregate(
        total=Count("pk"),
        **{key: Count("pk", filter=condition) for key, condition in combination_conditions().items()},
    )


def combination_conditions():
    """The combinations of :func:`combination_counts` as conditions on :func:`with_intervention_flags`.

    ``{key: Q}`` in the order ``none``, ``job_only``, ``partners_only``, ``job_parallel``,
    ``job_parallel_kompetens``, ``job_parallel_halsa``, ``job_sequential``: a report that groups
    enrolments by combination counts with the very same definitions.
    """
    has_job = Q(has_arbetsinriktad=True)
    has_partner = Q(has_kompetenshojande=True) | Q(has_halsa=True)
    any_category = Q()
    for category in Category.values:
        any_category |= Q(**{f"has_{category}": True})
    return {
        "none": ~any_category,
        "job_only": has_job & ~has_partner,
        "partners_only": ~has_job & has_partner,
        "job_parallel": Q(parallel_any=True),
        "job_parallel_kompetens": Q(parallel_kompetens=True),
        "job_parallel_halsa": Q(parallel_halsa=True),
        "job_sequential": has_job & has_partner & Q(parallel_any=False),
    }


#: The keys of the placement groupings that are not a workplace type, an employer or an industry.
ALL, NO_EMPLOYER, NO_INDUSTRY = "alla", "ingen", "okand"


def _placement_rows(enrollments, on):
    """Placements of ``enrollments`` counted per workplace type, employer and outcome: one GROUP BY.

    Rows ``(workplace_type, employer_id, employer name, industry, outcome, n)``: as many as there
    are combinations that occur (a few per employer), never one per placement or participant.
    """
    placements = Placement.objects.filter(participation__enrollment__in=enrollments.values("pk"))
    outcome = F("outcome")
    if on is not None:
        placements = placements.filter(participation__start_date__lte=on)
        outcome = Case(
            When(
                Q(participation__end_date__isnull=True) | Q(participation__end_date__gt=on),
                then=Value(Outcome.PAGAR),
            ),
            default=F("outcome"),
            output_field=CharField(),
        )
    return (
        placements.annotate(_outcome=outcome)
        .values_list("workplace_type", "employer_id", "employer__name", "employer__industry", "_outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )


def placement_groupings(enrollments, on=None):
    """Placement outcomes grouped three ways, from the one query of :func:`_placement_rows`.

    ``{"by_workplace_type": ..., "by_employer": ..., "by_industry": ...}``, each ``{group: row}``
    with the row of :func:`placement_outcomes` (``total``, ``employed``, a count per outcome):

    - ``by_workplace_type``: the types that occur, in the order of
      :class:`~stegvis.interventions.models.WorkplaceType`, and ``"alla"`` for all placements;
    - ``by_industry``: per SNI section of the employer (``A``..``U``, in that order), ``"okand"``
      for employers without an industry and ``"ingen"`` for placements linked to no employer;
    - ``by_employer``: per industry group of ``by_industry``, per employer of the register (its id
      as text) with its ``name``, ordered by name; under ``"ingen"`` the one group ``"ingen"``
      (placements with only a typed workplace). Nested by industry so that the employers of an
      industry visibly add up to it (the suppression declares both sums).

    The employer and industry groups add up to ``by_workplace_type["alla"]``. With ``on`` the
    placements stand as they did that day (see :func:`placement_outcomes`).
    """
    by_type, by_employer, by_industry, employers_of = {}, {}, {}, {}
    for workplace_type, employer_id, name, industry, outcome, n in _placement_rows(enrollments, on):
        group = NO_EMPLOYER if employer_id is None else industry or NO_INDUSTRY
        employer = NO_EMPLOYER if employer_id is None else str(employer_id)
        for counts, key in ((by_type, workplace_type), (by_employer, employer), (by_industry, group)):
            per_outcome = counts.setdefault(key, {})
            per_outcome[outcome] = per_outcome.get(outcome, 0) + n
        employers_of.setdefault(group, {})[employer] = name or ""
    everything = {}
    for per_type in by_type.values():
        for outcome, n in per_type.items():
            everything[outcome] = everything.get(outcome, 0) + n
    types = {t: _outcome_row(by_type[t]) for t in WorkplaceType.values if t in by_type}
    types[ALL] = _outcome_row(everything)
    groups = [key for key in (*Industry.values, NO_INDUSTRY, NO_EMPLOYER) if key in by_industry]
    industries = {key: _outcome_row(by_industry[key]) for key in groups}
    employers = {
        group: {
            key: {"name": name, **_outcome_row(by_employer[key])}
            for key, name in sorted(
                employers_of[group].items(), key=lambda item: (item[1].casefold(), item[0])
            )
        }
        for group in groups
    }
    return {"by_workplace_type": types, "by_employer": employers, "by_industry": industries}


def placement_outcomes(enrollments, on=None):
    """Placements of ``enrollments`` by workplace type and outcome, in one GROUP BY query.

    ``{workplace_type: {"total", "employed", outcome code: n, ...}}`` for the types that occur, in
    the order of :class:`~stegvis.interventions.models.WorkplaceType`, plus ``"alla"`` for all types.
    ``employed`` is employment at the workplace or elsewhere.

    With ``on`` the placements stand as they did that day: only those started by ``on`` count, and
    one whose period had not ended by ``on`` counts as ongoing (``pagar``) whatever outcome was
    registered later (the outcome itself carries no date).
    """
    return placement_groupings(enrollments, on)["by_workplace_type"]


def _outcome_row(by_outcome):
    row = {outcome: by_outcome.get(outcome, 0) for outcome in Outcome.values}
    row["total"] = sum(row.values())
    row["employed"] = sum(row[o] for o in EMPLOYMENT_OUTCOMES)
    return row


# --- Integration support (AMIF) ------------------------------------------------------------------

#: The areas the AMIF figures count, in the order the report shows them.
INTEGRATION_AREAS = tuple(IntegrationSupport.values)
# What a catalogue entry is by its kind when it is not marked (an entry's own mark wins).
_AREA_BY_KIND = {
    IntegrationSupport.LANGUAGE_COURSE: Kind.SFI,
    IntegrationSupport.CIVIC_ORIENTATION: Kind.SAMHALLSORIENTERING,
}


def integration_q(area, prefix="intervention__"):
    """Catalogue entries (through ``prefix``) that are ``area``: marked so, or unmarked of its kind.

    Each entry is in at most one area, so an SFI entry marked "annat" is other support only.
    """
    condition = Q(**{f"{prefix}integration_support": area})
    kind = _AREA_BY_KIND.get(area)
    if kind is not None:
        condition |= Q(**{f"{prefix}integration_support": "", f"{prefix}kind": kind})
    return condition


def with_integration_support(enrollments, on, date_from=None, date_to=None):
    """``enrollments`` annotated ``integration_<area>`` (bool): a participation in the area overlapped the window.

    The window runs from ``date_from`` (or the beginning) to ``date_to`` or ``on``, whichever is
    earlier; an ongoing participation runs until ``on``, as in :func:`_periods`.
    """
    until = min(on, date_to) if date_to is not None else on
    periods = _periods(until).filter(enrollment_id=OuterRef("pk"))
    if date_from is not None:
        periods = periods.filter(until__gte=date_from)
    return enrollments.alias(
        **{f"integration_{area}": Exists(periods.filter(integration_q(area))) for area in INTEGRATION_AREAS}
    )

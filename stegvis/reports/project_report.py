"""The figures of one project, as the plain dict of the report JSON spec.

This is the one place figures are computed: the ``stegvis report`` command, the report pages,
the start page's key figures and later exports only render what :func:`build_report` returns.
Everything is counted in the database (conditional ``Count``/``Sum`` and ``values().annotate()``);
the number of queries does not depend on the number of enrolments.

Definitions (see docs/reports.md for the full list and the choices the spec leaves open):

- The report stands on a date ``on`` (default today). Enrolments starting after ``on`` do not
  exist yet; an enrolment whose end date is after ``on`` (or missing) is active on ``on`` and its
  exit is not counted.
- With ``date_from``/``date_to`` only enrolments whose period overlaps the window count; an
  enrolment active on ``on`` runs up to ``on``.
"""

import contextlib
import datetime
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)

from stegvis.core.registry import DEFAULT_ORDER, REGISTRATION, Registry
from stegvis.participants.models import WORK_OR_STUDIES, Person
from stegvis.reports import followup_figures as followup
from stegvis.reports.counting import (  # also offered from here to the apps that build on reports
    AGE_BANDS,
    EXIT_REASONS,
    GENDERS,
    INTAKE_CHANNELS,
    REFERRERS,
    UNKNOWN,
    exited_q,
    project_enrollments,
    report_date,
    report_header,
    round_half_up,
    scoped_enrollments,
    share,
    with_age,
)
from stegvis.reports.exit_details import exit_details
from stegvis.reports.filters import clean_filters, filter_enrollments

# --- Progression seam ----------------------------------------------------------------------------

_progression_provider = None


def register_progression_provider(func):
    """Let the progression app fill the report's ``progression`` section.

    ``func(project, enrollments, on)`` gets the enrolments in scope (a queryset, already limited to
    the report's date and window) and returns the ``progression`` dict of the spec, or ``None``.
    Kept as a hook so the reports app does not import the progression app, which builds on it.
    """
    global _progression_provider
    _progression_provider = func


# The keys come in the report in the order the sections were registered (the JSON spec's order).
_sections: Registry = Registry("report section", ties=REGISTRATION)


def register_report_section(key, func, *, order=DEFAULT_ORDER):
    """Let a later app add the section ``key`` to the report (e.g. ``language``).

    ``func(project, enrollments, on)`` gets the same enrolments in scope as the progression
    provider and returns a JSON-ready value. Sections come in the report by ``order``, then in the
    order they were registered. A ``func`` marked with :func:`takes_window` also gets the window.
    """
    _sections.register(key, func, order=order)


def takes_window(func):
    """Mark a section ``func`` that counts events within the window itself (AMIF participations).

    Most sections need only the enrolments in scope, which already overlap the window; one that
    counts what happened *during* the window gets ``date_from`` and ``date_to`` as keywords too.
    """
    func.takes_window = True
    return func


def call_section(func, project, scope, on, date_from=None, date_to=None):
    """``func(project, scope, on)``, with the window when ``func`` :func:`takes_window`: the one call
    every page and the report make, so a section is computed the same way everywhere."""
    if getattr(func, "takes_window", False):
        return func(project, scope, on, date_from=date_from, date_to=date_to)
    return func(project, scope, on)


_derived_sections: Registry = Registry("derived report section", ties=REGISTRATION)


def register_derived_section(key, func):
    """Add the section ``key`` computed from the rest of the report (e.g. ``goals``).

    ``func(project, report, scope)`` runs after every other section, gets the report built so far
    (a dict) and returns a JSON-ready value. Goals are judged from the report's own figures
    this way, so a goal's value and the figure it names can never disagree.
    """
    _derived_sections.register(key, func)


@contextlib.contextmanager
def progression_provider_replaced(func):
    """Use ``func`` as the provider inside the block, then put back the one that was there."""
    previous = _progression_provider
    register_progression_provider(func)
    try:
        yield
    finally:
        register_progression_provider(previous)


def progression_figures(project, enrollments, on):
    if _progression_provider is None:
        return None
    return _progression_provider(project, enrollments, on)


_positive_progression = None


def register_positive_progression(func):
    """Let the progression app say which enrolments moved forward, for parts that group them (what works).

    ``func(project, enrollments, on)`` returns ``(sql, params)`` of a query with one row per
    enrolment of ``enrollments`` the progression rule can judge: the columns ``enrollment_id``
    and ``positive`` (1 when its change is greater than the threshold, else 0); or ``None`` when
    nobody can be judged. A part joins it to its own grouped rows, so the rule runs once in the
    query. The same rule as the ``progression`` section, without the reports app importing the
    progression app.
    """
    global _positive_progression
    _positive_progression = func


def positive_progression(project, enrollments, on):
    """``(sql, params)`` of the measured enrolments and their ``positive`` flag; ``None`` when
    no rule is registered or nobody is measured."""
    if _positive_progression is None:
        return None
    return _positive_progression(project, enrollments, on)


def _period_end(on):
    return Case(When(exited_q(on), then=F("end_date")), default=Value(on), output_field=DateField())


def _days_expression(on):
    return ExpressionWrapper(_period_end(on) - F("start_date"), output_field=DurationField())


def key_aggregates(on):
    """The counts behind the key figures; used for one project and for many at once."""
    exited = exited_q(on)
    aggregates = {
        "enrollments": Count("pk"),
        "unique_persons": Count("person", distinct=True),
        "active": Count("pk", filter=~exited),
        "exits_total": Count("pk", filter=exited),
        "work_or_studies": Count("pk", filter=exited & Q(exit_reason__in=WORK_OR_STUDIES)),
    }
    for gender in GENDERS:
        aggregates[f"gender_{gender}"] = Count("pk", filter=Q(gender=gender))
    return aggregates


def key_figures_from_row(row):
    """Shape a row of :func:`key_aggregates` into the report's own keys."""
    return {
        "enrollments": row["enrollments"],
        "unique_persons": row["unique_persons"],
        "active": row["active"],
        "by_gender": {g: row[f"gender_{g}"] for g in GENDERS},
        "exits_total": row["exits_total"],
        "work_or_studies": {
            "count": row["work_or_studies"],
            "share": share(row["work_or_studies"], row["exits_total"]),
        },
    }


def _bool(condition):
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def _window_flags(on, date_from, date_to):
    """``(started, ended)``: started in the window, and exited in it (by ``on``); ``None`` without a window."""
    if date_from is None and date_to is None:
        return None
    started, ended = Q(), exited_q(on)
    if date_from is not None:
        started &= Q(start_date__gte=date_from)
        ended &= Q(end_date__gte=date_from)
    if date_to is not None:
        started &= Q(start_date__lte=date_to)
        ended &= Q(end_date__lte=date_to)
    return started, ended


def _grouped(qs, *fields, **aggregates):
    """``values(*fields).annotate(**aggregates)`` as a list: a handful of rows per combination."""
    return list(qs.order_by().values(*fields).annotate(**aggregates))


def _core_rows(scope, on, date_from, date_to):
    """Enrolments and their days per gender × age band × exit reason × long, and per window flag.

    The reason is ``""`` for an enrolment not exited by ``on`` and ``None`` when an exit has no
    registered reason, so every exit figure is a sum of these rows. A fixed number of groups,
    whatever the number of enrolments.
    """
    period_end = _period_end(on)
    qs = followup.with_long_flag(with_age(scope), period_end).annotate(
        _days=_days_expression(on),
        _reason=Case(
            When(exited_q(on), then=F("exit_reason")), default=Value(None), output_field=CharField()
        ),
    )
    fields = ["gender", "_age_band", "_reason", "_long"]
    flags = _window_flags(on, date_from, date_to)
    if flags is not None:
        qs = qs.annotate(_new=_bool(flags[0]), _ended=_bool(flags[1]))
        fields += ["_new", "_ended"]
    return _grouped(qs, *fields, n=Count("pk"), days=Sum("_days"))


def _core_figures(scope, on, date_from, date_to):
    """Every count of the report's first part, summed from the grouped rows of a few queries."""
    figures = {
        "enrollments": 0,
        "exits_total": 0,
        "work_or_studies": 0,
        "long": 0,
        "new_in_period": 0,
        "exited_in_period": 0,
        "days_total": datetime.timedelta(0),
        "by_gender": dict.fromkeys(GENDERS, 0),
        "by_age_band": dict.fromkeys(AGE_BANDS, 0),
        "by_reason_and_gender": {reason: dict.fromkeys(GENDERS, 0) for reason in EXIT_REASONS},
    }
    for row in _core_rows(scope, on, date_from, date_to):  # groups, not enrolments
        n, gender, reason = row["n"], row["gender"], row["_reason"]
        figures["enrollments"] += n
        figures["days_total"] += row["days"] or datetime.timedelta(0)
        if gender in figures["by_gender"]:
            figures["by_gender"][gender] += n
        figures["by_age_band"][row["_age_band"]] += n
        figures["long"] += n if row["_long"] else 0
        figures["new_in_period"] += n if row.get("_new") else 0
        figures["exited_in_period"] += n if row.get("_ended") else 0
        if reason is None:  # not exited by ``on``
            continue
        figures["exits_total"] += n
        if reason in WORK_OR_STUDIES:
            figures["work_or_studies"] += n
        if reason in figures["by_reason_and_gender"] and gender in GENDERS:
            figures["by_reason_and_gender"][reason][gender] += n
    return figures


def _intake_figures(scope):
    """``(by referrer and gender, by intake channel)``, ``okand`` for none registered; one query."""
    by_referrer = {code or UNKNOWN: dict.fromkeys(GENDERS, 0) for code in REFERRERS + ("",)}
    by_channel = dict.fromkeys((code or UNKNOWN for code in INTAKE_CHANNELS + ("",)), 0)
    for row in _grouped(scope, "referrer", "intake_channel", "gender", n=Count("pk")):
        referrer, channel = row["referrer"] or UNKNOWN, row["intake_channel"] or UNKNOWN
        if referrer in by_referrer and row["gender"] in GENDERS:
            by_referrer[referrer][row["gender"]] += row["n"]
        if channel in by_channel:
            by_channel[channel] += row["n"]
    return by_referrer, by_channel


def _persons_figures(scope):
    """``(unique persons, unique persons per the person's gender)``; one query.

    Each person has one gender, so the persons per gender add up to the unique persons.
    """
    by_gender = dict.fromkeys(GENDERS, 0)
    unique = 0
    # The person's gender by a look-up per enrolment (see counting.with_age for why not a join).
    person_gender = Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("gender")[:1])
    for row in _grouped(
        scope.annotate(_person_gender=person_gender), "_person_gender", n=Count("person", distinct=True)
    ):
        unique += row["n"]
        if row["_person_gender"] in by_gender:
            by_gender[row["_person_gender"]] += row["n"]
    return unique, by_gender


def _median_days(qs, n):
    """The median of the enrolment days, found by the database.

    Portable SQL has no median aggregate (PostgreSQL's ``percentile_cont`` does not exist in
    SQLite), so the database sorts the day counts and returns only the one or two middle rows
    (``ORDER BY ... LIMIT 2 OFFSET``): one query that fetches at most two values.
    """
    if n == 0:
        return 0
    lower = (n - 1) // 2
    upper = n // 2
    middle = list(qs.order_by("_days").values_list("_days", flat=True)[lower : upper + 1])
    values = [d.days for d in middle]
    median = sum(values) / len(values)
    # Whole days, or a half day between two middle values.
    return int(median) if median == int(median) else median


def build_report(
    project, *, on=None, date_from=None, date_to=None, organization=None, filters=None, sections=None
):
    """The report of ``project`` as it stood on ``on``, for enrolments overlapping the window.

    With ``organization`` only the enrolments that organisation made count (a partner's own
    follow-up); the report then carries ``"organization": code``. With ``sections`` (keys) only
    those of the sections other apps add (``progression`` among them) are computed, for a page
    that shows the report's own figures and a few sections: the monthly follow-up shows none of
    progression, what works or the ESF+ indicators, which cost the most. Every figure computed is
    the same either way; the JSON, the CLI and the exports take the whole report.

    With ``filters`` (``{KEY: VALUE}``, see :mod:`stegvis.reports.filters`) only the enrolments
    matching every one count, in every figure and section; the report then carries
    ``"filters"`` (the values as checked: a municipality's name as its kommunkod). An unknown key
    or value raises :class:`~stegvis.reports.filters.FilterError`.
    """
    on = report_date(on)
    filters = clean_filters(project, filters)
    enrollments = filter_enrollments(project_enrollments(project, organization), filters)
    scope = scoped_enrollments(on, date_from, date_to, queryset=enrollments)
    figures = _core_figures(scope, on, date_from, date_to)
    unique_persons, persons_by_gender = _persons_figures(scope)
    by_referrer_and_gender, by_channel = _intake_figures(scope)
    n = figures["enrollments"]
    days_total = figures["days_total"].days
    by_reason_and_gender = figures["by_reason_and_gender"]
    exits_total = figures["exits_total"]
    report = {
        **report_header(project, on, date_from, date_to, organization),
        **({"filters": filters} if filters else {}),
        "enrollments": n,
        "unique_persons": unique_persons,
        "active": n - exits_total,
        "by_gender": figures["by_gender"],
        "by_gender_persons": persons_by_gender,
        "by_age_band": figures["by_age_band"],
        "by_referrer": {code: sum(counts.values()) for code, counts in by_referrer_and_gender.items()},
        "by_referrer_and_gender": by_referrer_and_gender,
        "by_intake_channel": by_channel,
        "by_organization": _by_organization(project, scope),
        "by_need_group": _by_need_group(project, scope),
        "exits": {
            "total": exits_total,
            "by_reason": {reason: sum(counts.values()) for reason, counts in by_reason_and_gender.items()},
            "by_reason_and_gender": by_reason_and_gender,
        },
        "work_or_studies": {
            "count": figures["work_or_studies"],
            "share": share(figures["work_or_studies"], exits_total),
        },
        "enrollment_days": {
            "mean": round_half_up(Decimal(days_total) / Decimal(n), 1) if n else 0,
            "median": _median_days(scope.annotate(_days=_days_expression(on)), n),
        },
    }
    report["exits"].update(exit_details(project, scope, on, report["exits"]["by_reason"]))
    if date_from is not None or date_to is not None:
        report["new_in_period"] = figures["new_in_period"]
        report["exited_in_period"] = figures["exited_in_period"]
    report["gender_balance_by_referrer"] = followup.gender_balance_by_referrer(
        report["by_referrer_and_gender"]
    )
    report["enrolled_11_months_or_more"] = {
        "count": figures["long"],
        "share": share(figures["long"], n),
    }
    report["coordinators"] = followup.coordinators(scope, on, ~exited_q(on), date_from, date_to)
    report["monthly"] = followup.monthly(enrollments, on, exited_q(on))
    wanted = None if sections is None else set(sections)

    def computed(key):
        return wanted is None or key in wanted

    if computed("progression"):
        report["progression"] = progression_figures(project, scope, on)
    for key, func in _sections.items():
        if computed(key):
            report[key] = call_section(func, project, scope, on, date_from, date_to)
    for key, func in _derived_sections.items():
        if computed(key):
            report[key] = func(project, report, scope)
    return report


def _by_organization(project, scope):
    """Enrolments per enrolling organisation code; every organisation of the project is present."""
    counts = {code: 0 for code in project.organizations().order_by("code").values_list("code", flat=True)}
    for code, n in scope.order_by().values_list("organization__code").annotate(n=Count("pk")):
        counts[code] = n
    return counts


def _by_need_group(project, scope):
    """Enrolments per need group name; every group of the project present, ``okand`` for none."""
    counts = {name: 0 for name in project.need_groups.order_by("name").values_list("name", flat=True)}
    counts[UNKNOWN] = 0
    for name, n in scope.order_by().values_list("need_group__name").annotate(n=Count("pk")):
        counts[name or UNKNOWN] = counts.get(name or UNKNOWN, 0) + n
    return counts

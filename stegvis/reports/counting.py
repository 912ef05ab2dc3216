"""How every figure of the report counts: its scope, exits, age at start, shares, category keys.

These are the building blocks :func:`stegvis.reports.project_report.build_report` and the parts
of the report (the monthly follow-up, what works, SUS and ESF+) count with, so that every part
counts the same enrolments the same way. They live apart from ``build_report`` because the parts
build on them and ``build_report`` builds on the parts: each imports this module, not the other.
``stegvis.reports.project_report`` keeps offering these names to the apps that build on reports.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, CharField, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import Exact, GreaterThan
from django.utils import timezone

from stegvis.participants.models import Enrollment, ExitReason, Gender, IntakeChannel, Person, Referrer

AGE_BANDS = ("-19", "20-29", "30-39", "40-49", "50-59", "60-")
# Upper bound (inclusive) of every band but the last.
_BAND_LIMITS = ((19, "-19"), (29, "20-29"), (39, "30-39"), (49, "40-49"), (59, "50-59"))
GENDERS = tuple(Gender.values)
REFERRERS = tuple(Referrer.values)
EXIT_REASONS = tuple(ExitReason.values)
INTAKE_CHANNELS = tuple(IntakeChannel.values)
# Key for enrolments with no referrer, intake channel or need group registered.
UNKNOWN = "okand"


def report_date(on=None):
    return on or timezone.localdate()


def exited_q(on):
    """An exit that had happened by ``on``."""
    return Q(end_date__isnull=False, end_date__lte=on)


def scoped_enrollments(on, date_from=None, date_to=None, queryset=None):
    """The enrolments a report on ``on`` (and window ``date_from``..``date_to``) counts.

    Not restricted by user: reports are aggregates, and the caller has already checked that the
    user may report on the project (``Project.objects.restrict(user, "report")``).
    """
    qs = Enrollment.objects.all() if queryset is None else queryset
    qs = qs.filter(start_date__lte=on)
    if date_to is not None:
        qs = qs.filter(start_date__lte=date_to)
    if date_from is not None:
        if date_from > on:
            # Even an active enrolment only runs up to ``on``: nothing can overlap.
            return qs.none()
        # The period ends at the exit when it happened by ``on``, else it runs up to ``on``
        # (and ``on`` >= date_from here), so an exit after ``on`` counts as overlapping.
        qs = qs.filter(Q(end_date__isnull=True) | Q(end_date__gt=on) | Q(end_date__gte=date_from))
    return qs


def project_enrollments(project, organization=None):
    """Every enrolment of ``project`` (of ``organization`` only, when given), whatever the date."""
    enrollments = Enrollment.objects.filter(project=project)
    if organization is not None:
        enrollments = enrollments.filter(organization=organization)
    return enrollments


def project_scope(project, on, date_from=None, date_to=None, organization=None):
    """The enrolments of ``project`` a report on ``on`` counts (of ``organization`` only, when given)."""
    return scoped_enrollments(on, date_from, date_to, queryset=project_enrollments(project, organization))


def report_header(project, on, date_from=None, date_to=None, organization=None):
    """The keys every report starts with: what it is of, as of when, for which window and organisation."""
    return {
        "project": project.code,
        "project_name": project.name,
        "on": on.isoformat(),
        "from": date_from.isoformat() if date_from else None,
        "to": date_to.isoformat() if date_to else None,
        "organization": organization.code if organization is not None else None,
        "generated_at": timezone.now().replace(microsecond=0).isoformat(),
    }


def _person_age_expression():
    """Age on the enrolment's start date, over a person row, with the start date from the outer query.

    From the birth date when the person has one (minus one before the birthday in the start
    year), else start year minus birth year, as the spec says.
    """
    start_year = OuterRef("_start_year")
    birth_month, birth_day = ExtractMonth("birth_date"), ExtractDay("birth_date")
    before_birthday = GreaterThan(birth_month, OuterRef("_start_month")) | (
        Exact(birth_month, OuterRef("_start_month")) & GreaterThan(birth_day, OuterRef("_start_day"))
    )
    return Case(
        When(birth_date__isnull=True, then=start_year - F("birth_year")),
        When(before_birthday, then=start_year - ExtractYear("birth_date") - 1),
        default=start_year - ExtractYear("birth_date"),
        output_field=IntegerField(),
    )


def _start_parts(qs, prefix):
    """The start date's year, month and day as columns, for the person subqueries to compare with."""
    return qs.annotate(
        _start_year=ExtractYear(f"{prefix}start_date"),
        _start_month=ExtractMonth(f"{prefix}start_date"),
        _start_day=ExtractDay(f"{prefix}start_date"),
    )


def _person_with_age(prefix):
    return Person.objects.filter(pk=OuterRef(f"{prefix}person_id")).annotate(_age=_person_age_expression())


def _age_group_subquery(prefix, groups, default):
    """The first label of ``groups`` (``[(Q over _age, label)]``) whose condition holds, else ``default``."""
    group = Case(*[When(condition, then=Value(label)) for condition, label in groups], default=default)
    person = _person_with_age(prefix).annotate(_group=group)
    return Subquery(person.values("_group")[:1], output_field=CharField())


def with_age_group(qs, name, groups, default=None, prefix=""):
    """Annotate ``name``: the class of the age at the enrolment's start, by ``groups``.

    ``groups`` is ``[(Q over _age, label)]``, tested in order; ``default`` when none holds (an
    unknown age holds none). A query that asks several things of the age (under 18, 18 to 29,
    55 or over) groups by this one column: each condition tested on ``_age`` itself would repeat
    the person look-up, since a subquery is written out wherever it is named.
    """
    return _start_parts(qs, prefix).annotate(**{name: _age_group_subquery(prefix, groups, Value(default))})


def with_age(qs, prefix=""):
    """Annotate ``_age`` and ``_age_band`` (age at the enrolment's start) on enrolments.

    ``prefix`` is the path to the enrolment from the rows of ``qs`` (``"enrollment__"`` for
    measurements), so rows that belong to an enrolment are banded the same way.

    The person is read with a correlated subquery on its primary key rather than a join: a
    report reads the persons of one project's enrolments, a few thousand index look-ups, where a
    join lets the planner read every person in the database to hash them. The age and the band
    are each one look-up per row, worked out inside its subquery; a condition on ``_age`` repeats
    the look-up each time it is written, so a query asking several things of the age groups by
    :func:`with_age_group` instead.
    """
    bands = [(Q(_age__lte=limit), band) for limit, band in _BAND_LIMITS]
    return _start_parts(qs, prefix).annotate(
        _age=Subquery(_person_with_age(prefix).values("_age")[:1], output_field=IntegerField()),
        _age_band=_age_group_subquery(prefix, bands, Value(AGE_BANDS[-1])),
    )


def round_half_up(value, places):
    """Round the way people do (0.125 -> 0.13), not to even as ``round`` does on binary floats."""
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def share(count, total):
    """``count / total`` rounded to 4 decimals; 0 when there is nothing to divide by.

    ``None`` when either is a hidden small number (``"<5"``, docs/reports.md "Små tal"): the tables
    of a suppressed report leave that share empty instead of working it out.
    """
    if isinstance(count, str) or isinstance(total, str):
        return None
    return round_half_up(Decimal(count) / Decimal(total), 4) if total else 0

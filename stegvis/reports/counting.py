"""How every figure of the report counts: its scope, exits, age at start, shares, category keys.

These are the building blocks :func:`stegvis.reports.project_report.build_report` and the parts
of the report (the monthly follow-up, what works, SUS and ESF+) count with, so that every part
counts the same enrolments the same way. They live apart from ``build_report`` because the parts
build on them and ``build_report`` builds on the parts: each imports this module, not the other.
``stegvis.reports.project_report`` keeps offering these names to the apps that build on reports.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, CharField, F, Q, Value, When
from django.utils import timezone

from stegvis.participants.models import (
    COUNTED_EXIT_REASONS,
    Enrollment,
    Gender,
    IntakeChannel,
    Referrer,
    counted_q,
)

AGE_BANDS = ("-19", "20-29", "30-39", "40-49", "50-59", "60-")
# Upper bound (inclusive) of every band but the last.
_BAND_LIMITS = ((19, "-19"), (29, "20-29"), (39, "30-39"), (49, "40-49"), (59, "50-59"))
GENDERS = tuple(Gender.values)
REFERRERS = tuple(Referrer.values)
EXIT_REASONS = COUNTED_EXIT_REASONS
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
    qs = counted(Enrollment.objects.all() if queryset is None else queryset)
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


def counted(enrollments):
    """``enrollments`` without those registered in error, which no figure counts.

    An enrolment ended as ``felregistrering`` should never have been made: it stays in the
    register, with its history, but every report, follow-up, SUS and ESF+ figure, data-quality
    count and goal leaves it out, from whatever date it is reported on.
    """
    return enrollments.filter(counted_q())


def project_enrollments(project, organization=None):
    """Every counted enrolment of ``project`` (of ``organization`` only, when given), whatever the date."""
    enrollments = counted(Enrollment.objects.filter(project=project))
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


def _age_group(groups, default):
    """The first label of ``groups`` (``[(Q over _age, label)]``) whose condition holds, else ``default``."""
    return Case(*[When(condition, then=Value(label)) for condition, label in groups], default=default)


def with_age_group(qs, name, groups, default=None, prefix=""):
    """Annotate ``name``: the class of the age at the enrolment's start, by ``groups``.

    ``groups`` is ``[(Q over _age, label)]``, tested in order; ``default`` when none holds.
    """
    return qs.alias(_age=F(f"{prefix}age_at_start")).annotate(
        **{name: _age_group(groups, Value(default, output_field=CharField()))}
    )


def with_age(qs, prefix=""):
    """Annotate ``_age`` and ``_age_band`` (age at the enrolment's start) on enrolments.

    ``prefix`` is the path to the enrolment from the rows of ``qs`` (``"enrollment__"`` for
    measurements), so rows that belong to an enrolment are banded the same way. The age is the
    one stored on the enrolment (``Enrollment.age_at_start``, kept current by its writers; see
    stegvis/participants/ages.py), so no person is read.
    """
    bands = [(Q(_age__lte=limit), band) for limit, band in _BAND_LIMITS]
    return qs.annotate(_age=F(f"{prefix}age_at_start")).annotate(
        _age_band=_age_group(bands, Value(AGE_BANDS[-1]))
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

"""The kinds of problem the data-quality figures count, and the one definition of each.

The report section, the data-quality page's counts, its lists and its counts per coordinator
all start from :func:`conditions`, so a row the page lists is exactly a row the report counts.
Everything is as of a day ``on`` (the report date; today on the page):

- ``missing_exit``: an enrolment active on ``on`` (started by then, not exited by then) in a
  project that ended before ``on``, or with nothing registered (:mod:`.registrations`) in the
  :data:`IDLE_DAYS` days up to ``on``, its start counting as the first registration: listed
  from the 180th day after the start or the latest registration;
- ``missing_status_at_start``: an enrolment without the income source or the occupation at
  start (SUS asks both);
- ``missing_status_at_exit``: an enrolment exited by ``on`` without the income source or the
  occupation at exit;
- ``measurements_outside_enrollment``: measurements taken by ``on`` dated before the enrolment's
  start or after its end (a count of measurements, not of enrolments);
- ``missing_consent``: an enrolment active on ``on`` with no registration consent in force then
  (never given, or withdrawn);
- ``likely_duplicate_persons``: pairs of persons, see :mod:`stegvis.quality.duplicates`.
"""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from stegvis.consent.active import in_force
from stegvis.consent.models import ConsentKind
from stegvis.progression.models import Measurement
from stegvis.quality.registrations import IDLE_DAYS, registered_since

MISSING_EXIT = "missing_exit"
DUPLICATES = "likely_duplicate_persons"
STATUS_START = "missing_status_at_start"
STATUS_EXIT = "missing_status_at_exit"
OUTSIDE = "measurements_outside_enrollment"
CONSENT = "missing_consent"

#: The keys of the report section, in the spec's order.
KINDS = (MISSING_EXIT, DUPLICATES, STATUS_START, STATUS_EXIT, OUTSIDE, CONSENT)
#: The kinds that are a flag on one enrolment (counted and grouped per enrolment).
ENROLLMENT_FLAGS = (MISSING_EXIT, STATUS_START, STATUS_EXIT, CONSENT)

LABELS = {
    MISSING_EXIT: _("Inskrivningar som borde ha avslutats"),
    DUPLICATES: _("Troliga dubbletter av personer"),
    STATUS_START: _("Status vid start saknas"),
    STATUS_EXIT: _("Status vid avslut saknas"),
    OUTSIDE: _("Mätningar utanför inskrivningen"),
    CONSENT: _("Samtycke till registrering saknas"),
}


def exited_by(on: datetime.date) -> Q:
    return Q(end_date__isnull=False, end_date__lte=on)


def _flag(condition):
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def project_ended_q(on: datetime.date) -> Q:
    return Q(project__end_date__isnull=False, project__end_date__lt=on)


def idle_q(on: datetime.date) -> Q:
    """Started more than :data:`IDLE_DAYS` days before ``on`` and nothing registered since."""
    return Q(start_date__lte=on - datetime.timedelta(days=IDLE_DAYS)) & ~registered_since(on)


def _outside_q(enrollment_field) -> Q:
    """Measurements dated before their enrolment's start or after its end (``enrollment_field``
    names a field of the enrolment as an expression: no end date is never "after")."""
    return Q(date__lt=enrollment_field("start_date")) | Q(date__gt=enrollment_field("end_date"))


def outside_measurements(on: datetime.date):
    """Measurements taken by ``on`` outside their enrolment (of any enrolment; filter further)."""
    return Measurement.objects.filter(date__lte=on).filter(_outside_q(lambda name: F(f"enrollment__{name}")))


def conditions(on: datetime.date) -> dict:
    """``{kind: Q over enrolments}`` of :data:`ENROLLMENT_FLAGS`: the one definition of each."""
    active = ~exited_by(on)
    return {
        MISSING_EXIT: active & (project_ended_q(on) | idle_q(on)),
        STATUS_START: Q(income_source_start="") | Q(occupation_start=""),
        STATUS_EXIT: exited_by(on) & (Q(income_source_exit="") | Q(occupation_exit="")),
        CONSENT: active & ~in_force(ConsentKind.REGISTRATION, on),
    }


def outside_count(on: datetime.date):
    """How many of the (outer) enrolment's measurements taken by ``on`` lie outside it."""
    outside = (
        Measurement.objects.filter(date__lte=on, enrollment_id=OuterRef("pk"))
        .filter(_outside_q(OuterRef))
        .order_by()
        .values("enrollment_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(outside, output_field=IntegerField()), 0)


def flagged(enrollments, on: datetime.date):
    """``enrollments`` annotated with one boolean per kind of :data:`ENROLLMENT_FLAGS`, for a list."""
    return enrollments.annotate(**{kind: _flag(q) for kind, q in conditions(on).items()})


def count_aggregates(on: datetime.date) -> dict:
    """Enrolments per flag and the measurements outside, as aggregates of the conditions themselves.

    Not of :func:`flagged`'s annotations: an aggregate over annotations makes Django count from
    a subquery that leaves them out.
    """
    aggregates: dict = {kind: Count("pk", filter=q) for kind, q in conditions(on).items()}
    aggregates[OUTSIDE] = Sum(outside_count(on))
    return aggregates

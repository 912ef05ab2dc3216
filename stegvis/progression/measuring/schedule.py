"""When a participant is due for a progression measurement, and which due measurements were missed.

The rule (also in docs/progression.md, section "Mätning"):

* A project's plan is its :class:`ProjectProgressionSettings`: the primary instrument (by code, so
  every version counts) and an interval in months. A project without saved settings uses the
  model's defaults (``progressionskort`` every 3 months), see :func:`settings_for`.
* Only the participant's own answers (respondent ``deltagare``) to the primary instrument count.
* An enrolment's due dates are its start date (the baseline) and then the start date plus
  1, 2, 3 ... intervals, as long as the enrolment is active, or up to its end date.
* A due date is met by a measurement dated within ``TOLERANCE_DAYS`` (30 days) before or after it.
  Measurements are never dated before the start, so the baseline is met by a measurement in the
  first 30 days of the enrolment ("baseline within 30 days of the start").
* The next due date is the first one the latest measurement does not cover. A due date before the
  latest measurement that it does not cover is missed for good; it counts in :func:`missed_count`.
* "Due now": an active enrolment whose next due date is at most ``LOOKAHEAD_DAYS`` (14 days)
  ahead, or that still lacks its baseline. "Overdue": the next due date has passed; for the
  baseline, once its 30 days have passed.

The database does the heavy part: one query fetches the enrolments with their project's plan and
their latest measurement date by annotation; the due dates are then simple date arithmetic per row,
so the number of queries never grows with the number of enrolments.
"""

import calendar
import datetime
from collections import defaultdict

from django.db.models import F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from stegvis.progression.models import Measurement, ProjectProgressionSettings, Respondent

TOLERANCE_DAYS = 30
"""A measurement this many days before or after a due date meets it."""

LOOKAHEAD_DAYS = 14
"""A due date this close ahead already puts the enrolment on the due list."""

DEFAULT_INSTRUMENT_CODE = ProjectProgressionSettings._meta.get_field("primary_instrument_code").default
DEFAULT_INTERVAL_MONTHS = ProjectProgressionSettings._meta.get_field("interval_months").default


def settings_for(project):
    """The project's saved measurement plan, or an unsaved one with the defaults."""
    try:
        return ProjectProgressionSettings.objects.get(project=project)
    except ProjectProgressionSettings.DoesNotExist:
        return ProjectProgressionSettings(project=project)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus whole months; the 31st becomes the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_dates(start: datetime.date, interval_months: int, until: datetime.date):
    """Every due date from ``start`` (the baseline) up to and including ``until``."""
    interval = max(int(interval_months or DEFAULT_INTERVAL_MONTHS), 1)
    k = 0
    while True:
        day = add_months(start, k * interval)
        if day > until:
            return
        yield day
        k += 1


def _plan_annotations():
    plan = ProjectProgressionSettings.objects.filter(project=OuterRef("project_id"))
    return {
        "plan_instrument_code": Coalesce(
            Subquery(plan.values("primary_instrument_code")[:1]), Value(DEFAULT_INSTRUMENT_CODE)
        ),
        "plan_interval_months": Coalesce(
            Subquery(plan.values("interval_months")[:1]),
            Value(DEFAULT_INTERVAL_MONTHS),
            output_field=IntegerField(),
        ),
    }


def primary_measurements(on=None):
    """Measurements that count for the schedule: the participant's answers to a primary instrument.

    Correlated to an outer enrolment query that carries ``plan_instrument_code``.
    """
    qs = Measurement.objects.filter(
        enrollment_id=OuterRef("pk"),
        respondent=Respondent.PARTICIPANT,
        instrument__code=OuterRef("plan_instrument_code"),
    )
    if on is not None:
        qs = qs.filter(date__lte=on)
    return qs


def with_plan(enrollments_qs, on=None):
    """The enrolments annotated with their project's plan and their latest counted measurement."""
    qs = enrollments_qs.annotate(**_plan_annotations())
    latest = primary_measurements(on).order_by("-date").values("date")[:1]
    return qs.annotate(last_measured=Subquery(latest))


def next_due_for(start, end, interval_months, last_measured):
    """``(next_due, is_baseline)`` for one enrolment; ``(None, False)`` when nothing more is due."""
    if last_measured is None:
        next_due, baseline = start + datetime.timedelta(days=TOLERANCE_DAYS), True
        if end is not None and start > end:
            return None, False
        return next_due, baseline
    covered = last_measured + datetime.timedelta(days=TOLERANCE_DAYS)
    interval = max(int(interval_months or DEFAULT_INTERVAL_MONTHS), 1)
    k = 1
    while True:
        day = add_months(start, k * interval)
        if day > covered:
            break
        k += 1
    if end is not None and day > end:
        return None, False
    return day, False


def _apply(enrollment, on):
    enrollment.next_due, enrollment.is_baseline_due = next_due_for(
        enrollment.start_date, enrollment.end_date, enrollment.plan_interval_months, enrollment.last_measured
    )
    active = enrollment.end_date is None or enrollment.end_date >= on
    if not active:
        enrollment.next_due, enrollment.is_baseline_due = None, False
    if enrollment.next_due is None:
        enrollment.overdue = False
        enrollment.due_now = False
    else:
        enrollment.overdue = enrollment.next_due < on
        enrollment.due_now = enrollment.start_date <= on and (
            enrollment.is_baseline_due or enrollment.next_due <= on + datetime.timedelta(days=LOOKAHEAD_DAYS)
        )
    return enrollment


def annotate_schedule(enrollments_qs, on=None):
    """Every enrolment of ``enrollments_qs`` with ``last_measured``, ``next_due``, ``overdue``, ``due_now``.

    One query. Returns a list of :class:`Enrollment` objects in the queryset's order.
    """
    on = on or datetime.date.today()
    return [_apply(e, on) for e in with_plan(enrollments_qs, on)]


def due_enrollments(enrollments_qs, on=None):
    """The active enrolments of ``enrollments_qs`` that are due or overdue on ``on``, most urgent first.

    Each carries ``last_measured``, ``next_due``, ``overdue`` and ``due_now`` (see the module's rule).
    The caller restricts the queryset (``Enrollment.objects.restrict(user, "view")``) and adds any
    ``select_related`` it needs for display; this function adds exactly one query.
    """
    on = on or datetime.date.today()
    active = enrollments_qs.filter(start_date__lte=on).exclude(end_date__lt=on)
    rows = [e for e in annotate_schedule(active, on) if e.due_now]
    rows.sort(key=lambda e: (e.next_due, e.pk))
    return rows


def missed_count(enrollments_qs, on=None):
    """How many due dates up to ``on`` (or the enrolment's end) had no measurement within tolerance.

    A due date counts only once it can no longer be met: its tolerance window has closed by ``on``,
    or the enrolment has ended. Two queries however many enrolments.
    """
    on = on or datetime.date.today()
    rows = list(
        enrollments_qs.filter(start_date__lte=on)
        .annotate(**_plan_annotations())
        .values_list("pk", "start_date", "end_date", "plan_interval_months")
    )
    if not rows:
        return 0
    counted = (
        enrollments_qs.filter(start_date__lte=on)
        .annotate(**_plan_annotations())
        .filter(
            measurements__respondent=Respondent.PARTICIPANT,
            measurements__instrument__code=F("plan_instrument_code"),
            measurements__date__lte=on,
        )
        .values_list("pk", "measurements__date")
        .distinct()
    )
    dates = defaultdict(list)
    for pk, day in counted:
        dates[pk].append(day)
    tolerance = datetime.timedelta(days=TOLERANCE_DAYS)
    missed = 0
    for pk, start, end, interval in rows:
        ended = end is not None and end <= on
        until = min(on, end) if end is not None else on
        measured = dates.get(pk, ())
        for day in due_dates(start, interval, until):
            if not ended and day + tolerance >= on:
                continue  # can still be met
            if not any(abs((m - day).days) <= TOLERANCE_DAYS for m in measured):
                missed += 1
    return missed


def due_rows(enrollments_qs, on=None):
    """The due list of an (already restricted) enrolment queryset, ready to show: one query."""
    return due_enrollments(enrollments_qs.select_related("person", "project", "coordinator"), on)

"""When a follow-up after exit is due, and the database expressions that find the due ones.

The rule (also in docs/outcomes.md):

* Point N (1, 3 or 6 months) has its *date* on the exit date plus N months (the 31st becomes the
  last day of a shorter month, as everywhere in Stegvis: :func:`add_months`).
* Its *window* opens ``LOOKAHEAD_DAYS`` (14) days before that date, the same look-ahead as
  measurements, and stays open until it is recorded or until the next point's window opens
  (+1 until +3 opens, +3 until +6 opens, +6 until nine months after the exit). A point whose
  window closed unrecorded is *missed*: it leaves the due list but can still be recorded late.
* A point is *overdue* once more than ``OVERDUE_AFTER_DAYS`` (14) days have passed since its date.

Windows never overlap, so an ended enrolment has at most one point on the due list at a time.

Comparing "exit date + N months" with a day is turned around into comparing the exit date with
:func:`latest_exit_for` (the last exit date whose point falls on or before that day), a plain
date computed once in Python. Filters are then ``end_date <= constant``: portable, indexable, and
the same for the due list, the participant page and the report. :class:`AddMonths` computes the
point date in the database where a row needs it shown or sorted.
"""

import calendar
import datetime

from django.db.models import (
    BooleanField,
    Case,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)

from stegvis.outcomes.models import ExitFollowUp, FollowUpPoint
from stegvis.participants.models import counted_q
from stegvis.progression.measuring.schedule import LOOKAHEAD_DAYS, add_months

POINTS = tuple(FollowUpPoint.values)  # (1, 3, 6)
OVERDUE_AFTER_DAYS = 14
"""A point is overdue when this many days have passed since its date and it is not recorded."""

# The window of each point closes when the next one opens; +6 closes nine months after the exit.
_CLOSES_WITH = {1: 3, 3: 6, 6: 9}

DUE, OVERDUE, NOT_YET, MISSED, DONE = "due", "overdue", "not_yet", "missed", "done"


def point_date(exit_date, months):
    """The day the follow-up at ``months`` refers to."""
    return add_months(exit_date, months)


def window_opens(exit_date: datetime.date, months: int) -> datetime.date:
    """The first day the follow-up at ``months`` may be made (and appears on the due list)."""
    return point_date(exit_date, months) - datetime.timedelta(days=LOOKAHEAD_DAYS)


def latest_exit_for(day, months):
    """The last exit date whose point ``months`` after falls on or before ``day``.

    ``add_months`` is monotone, so ``add_months(exit, months) <= day`` exactly when
    ``exit <= latest_exit_for(day, months)``. When ``day`` is the last day of its month, every
    day of the month ``months`` earlier qualifies (the 31st of January + 1 month is the 28th of
    February); otherwise it is the same day number, months earlier (clamped).
    """
    earlier = add_months(day, -months)
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return earlier.replace(day=calendar.monthrange(earlier.year, earlier.month)[1])
    return earlier


def point_passed_q(on, months, prefix=""):
    """Enrolments whose point ``months`` after exit is on or before ``on`` (so they have exited)."""
    passed = Q(**{f"{prefix}end_date__isnull": False, f"{prefix}end_date__lte": latest_exit_for(on, months)})
    return passed & counted_q(prefix)


def status_of(exit_date, months, on, recorded=False):
    """The status of one point on ``on`` (for one row already in memory): one of the constants above."""
    if recorded:
        return DONE
    if on < window_opens(exit_date, months):
        return NOT_YET
    if on >= window_opens(exit_date, _CLOSES_WITH[months]):
        return MISSED
    if on > point_date(exit_date, months) + datetime.timedelta(days=OVERDUE_AFTER_DAYS):
        return OVERDUE
    return DUE


class AddMonths(Func):
    """``date + N months`` in the database, clamped to the month's last day like :func:`add_months`.

    PostgreSQL's interval arithmetic clamps by itself. SQLite's ``date(x, '+N months')``
    overflows into the next month instead (31 January + 1 month = 3 March), so the smaller of that
    and the last day of the target month is taken.
    """

    output_field = DateField()
    arity = 1

    def __init__(self, expression, months):
        self.months = int(months)
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError(f"AddMonths is not implemented for {connection.vendor}")

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + interval '{self.months} months')::date", params

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        n = self.months
        return (
            f"MIN(date({sql}, '{n:+d} months'), date({sql}, 'start of month', '{n + 1:+d} months', '-1 day'))",
            params * 2,
        )


def due_follow_ups(enrollments, on):
    """The ended enrolments of ``enrollments`` with a follow-up due or overdue on ``on``.

    Annotates ``due_point`` (1, 3 or 6), ``due_on`` (the point's date) and ``overdue``; one
    query whatever the number of rows (the caller adds ``select_related`` and ordering). A
    follow-up recorded after ``on`` does not count yet, so the list can be taken as of a date.
    """
    lookahead = on + datetime.timedelta(days=LOOKAHEAD_DAYS)
    opened = {n: latest_exit_for(lookahead, n) for n in POINTS + (_CLOSES_WITH[POINTS[-1]],)}
    overdue_from = on - datetime.timedelta(days=OVERDUE_AFTER_DAYS + 1)
    recorded = ExitFollowUp.objects.filter(
        enrollment_id=OuterRef("pk"), months=OuterRef("due_point"), followed_up_on__lte=on
    )
    return (
        enrollments.filter(counted_q(), end_date__isnull=False, end_date__lte=on)
        .filter(end_date__lte=opened[POINTS[0]], end_date__gt=opened[_CLOSES_WITH[POINTS[-1]]])
        .annotate(
            due_point=Case(
                *[When(end_date__lte=opened[n], then=Value(n)) for n in reversed(POINTS)],
                output_field=IntegerField(),
            )
        )
        .annotate(
            due_on=Case(
                *[When(due_point=n, then=AddMonths(F("end_date"), n)) for n in POINTS],
                output_field=DateField(),
            ),
            overdue=Case(
                *[
                    When(due_point=n, end_date__lte=latest_exit_for(overdue_from, n), then=Value(True))
                    for n in POINTS
                ],
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .filter(~Exists(recorded))
    )

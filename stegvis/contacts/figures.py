"""Contact figures per enrolment, computed in the database, for worklists and "what works" reports.

Each function takes an enrolment queryset (already restricted or scoped by the caller) and
returns it annotated, so a caller can filter, order, aggregate or group on the figures in the
same query. Correlated subqueries rather than joins, so annotating several counts never
multiplies rows and the cost does not depend on how many contacts a person has.

Definitions (also in ``docs/contacts.md``):

- ``contact_count``: contacts logged in the enrolment dated on or before ``on``. Network meetings
  and support follow-ups are counted on their own (``meeting_count``), not as contacts.
- ``days_enrolled``: days from the start to the exit, or to ``on`` if the person had not left by
  then, counting both ends (the start day alone is one day).
- ``contacts_per_month``: ``contact_count`` per 30.4375 days enrolled (an average month);
  ``None`` for an enrolment that had not started by ``on``.
- ``last_contact_on`` and ``days_since_last_contact``: the latest contact on or before ``on`` and
  the days from it to ``on``; ``None`` without a contact.
- ``days_without_contact``: days since the last contact, or since the start when there has
  been none, so a new participant nobody has met yet also shows up on a "no contact" worklist.
"""

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest

from stegvis.contacts.models import Contact, NetworkMeeting

DAYS_PER_MONTH = 30.4375
DEFAULT_NO_CONTACT_WEEKS = 3


def no_contact_weeks():
    """N in "no contact for N weeks" (setting ``CONTACTS_NO_CONTACT_WEEKS``, default 3)."""
    return getattr(settings, "CONTACTS_NO_CONTACT_WEEKS", DEFAULT_NO_CONTACT_WEEKS)


class DaysBetween(Func):
    """Whole days from ``earlier`` to ``later`` as an integer, in the database.

    PostgreSQL subtracts dates to an integer by itself; SQLite has no date type, so the Julian
    day numbers are subtracted. (Django's own date subtraction gives an interval/duration,
    which cannot be divided portably.)
    """

    output_field = IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError(f"DaysBetween is not implemented for {connection.vendor}")

    def as_postgresql(self, compiler, connection, **extra_context):
        later, later_params = compiler.compile(self.source_expressions[0])
        earlier, earlier_params = compiler.compile(self.source_expressions[1])
        return f"(({later})::date - ({earlier})::date)", [*later_params, *earlier_params]

    def as_sqlite(self, compiler, connection, **extra_context):
        later, later_params = compiler.compile(self.source_expressions[0])
        earlier, earlier_params = compiler.compile(self.source_expressions[1])
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)", [*later_params, *earlier_params]


def _day(on):
    return Value(on, output_field=DateField())


def _count_of(queryset):
    """A ``COUNT(*)`` subquery per enrolment, 0 when there is none."""
    counted = queryset.order_by().values("enrollment_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _contacts_until(on):
    return Contact.objects.filter(enrollment_id=OuterRef("pk"), contact_date__lte=on)


def with_contact_count(enrollments, on):
    """Annotate ``contact_count``."""
    return enrollments.annotate(contact_count=_count_of(_contacts_until(on)))


def with_last_contact(enrollments, on):
    """Annotate ``last_contact_on``, ``days_since_last_contact`` and ``days_without_contact``."""
    latest = (
        _contacts_until(on)
        .order_by()
        .values("enrollment_id")
        .annotate(last=Max("contact_date"))
        .values("last")
    )
    return enrollments.annotate(
        last_contact_on=Subquery(latest, output_field=DateField()),
    ).annotate(
        days_since_last_contact=DaysBetween(_day(on), F("last_contact_on")),
        days_without_contact=DaysBetween(_day(on), Coalesce(F("last_contact_on"), F("start_date"))),
    )


def with_contacts_per_month(enrollments, on):
    """Annotate ``contact_count``, ``days_enrolled`` and ``contacts_per_month``."""
    period_end = Case(
        When(Q(end_date__isnull=False, end_date__lte=on), then=F("end_date")),
        default=_day(on),
        output_field=DateField(),
    )
    return (
        with_contact_count(enrollments, on)
        .annotate(
            days_enrolled=Greatest(DaysBetween(period_end, F("start_date")) + 1, Value(0)),
        )
        .annotate(
            contacts_per_month=Case(
                When(
                    days_enrolled__gt=0,
                    then=Cast("contact_count", FloatField())
                    * Value(DAYS_PER_MONTH)
                    / Cast("days_enrolled", FloatField()),
                ),
                default=None,
                output_field=FloatField(),
            ),
        )
    )


def with_meeting_count(enrollments, on):
    """Annotate ``meeting_count``: SIP and network meetings held on or before ``on``."""
    return enrollments.annotate(
        meeting_count=_count_of(
            NetworkMeeting.objects.filter(enrollment_id=OuterRef("pk"), meeting_date__lte=on)
        )
    )


def without_contact_for(enrollments, on, weeks=None):
    """Enrolments active on ``on`` with no contact for more than ``weeks`` weeks (the worklist).

    Annotated as :func:`with_last_contact`; order by ``-days_without_contact`` for the longest first.
    """
    weeks = no_contact_weeks() if weeks is None else weeks
    active = enrollments.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gt=on))
    return with_last_contact(active, on).filter(days_without_contact__gt=weeks * 7)

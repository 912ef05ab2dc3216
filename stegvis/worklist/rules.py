"""What is on a coordinator's worklist, section by section, as of a given day.

Every section takes a queryset of enrolments (already restricted by the caller, and narrowed to
the coordinator's own or a project) and ``on``, the day the list is taken; tests pass a fixed day
instead of relying on today's date. Each section is one database query however many rows there
are; the rules of the casework apps are reused, not repeated, so the worklist always agrees with
the participant page and the apps' own lists. The rules (also in ``docs/worklist.md``):

- *No contact for N weeks*: active enrolments whose last contact (or start, when there has been
  none) is more than N × 7 days ago (:func:`stegvis.contacts.figures.without_contact_for`).
- *Plan steps*: open steps of enrolments not ended before ``on`` that are overdue or due within
  14 days (:func:`stegvis.casework.figures.due_steps`).
- *Measurements*: active enrolments due or overdue for a progression measurement
  (:func:`stegvis.progression.measuring.schedule.due_rows`).
- *Placements* (praktik, arbetsträning): see :func:`placements_to_follow_up`.
- *Follow-up after exit*: ended enrolments with a 1, 3 or 6 month follow-up due or overdue
  (:func:`stegvis.outcomes.schedule.due_follow_ups`).
"""

from dataclasses import dataclass

from django.db.models import Case, CharField, DateField, Exists, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from stegvis.casework.figures import DUE_SOON_DAYS, due_steps
from stegvis.contacts.figures import DaysBetween, no_contact_weeks, without_contact_for
from stegvis.core.access import CHANGE
from stegvis.interventions.models import Outcome, Placement, PlacementFollowUp
from stegvis.outcomes.schedule import due_follow_ups
from stegvis.participants.models import Enrollment
from stegvis.progression.measuring.schedule import due_rows

NO_CONTACT, STEPS, MEASUREMENTS, PLACEMENTS, FOLLOW_UPS = (
    "no_contact",
    "steps",
    "measurements",
    "placements",
    "follow_ups",
)
SECTIONS = (NO_CONTACT, STEPS, MEASUREMENTS, PLACEMENTS, FOLLOW_UPS)

ROW_LIMIT = 200
"""Rows shown per section; the heading always counts them all (narrow the list with the filters)."""

# Why a placement is on the list (see placements_to_follow_up).
REASON_FOLLOW_UP, REASON_OUTCOME = "uppfoljning", "utfall"

STEPS_LOOKAHEAD_DAYS = DUE_SOON_DAYS


def default_weeks():
    """N in "no contact for N weeks" unless the user picks another: the contacts app's setting."""
    return no_contact_weeks()


def not_ended(enrollments, on):
    """Enrolments that had not ended before ``on`` (the exit day itself still counts)."""
    return enrollments.filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


def no_contact(enrollments, on, weeks):
    """Active enrolments without a contact for more than ``weeks`` weeks, the longest wait first."""
    return (
        without_contact_for(enrollments, on, weeks)
        .select_related("person", "project", "coordinator")
        .order_by("-days_without_contact", "pk")
    )


def steps_due(enrollments, on):
    """Open plan steps overdue or due within 14 days, of enrolments not ended before ``on``."""
    return due_steps(not_ended(enrollments, on), on, lookahead_days=STEPS_LOOKAHEAD_DAYS).select_related(
        "goal__enrollment__coordinator"
    )


def measurements_due(enrollments, on):
    """Active enrolments due or overdue for a progression measurement (a list, most urgent first)."""
    return due_rows(enrollments, on)


def placements_to_follow_up(enrollments, on, weeks):
    """Praktik and arbetsträning placements of ``enrollments`` that need the coordinator on ``on``.

    A placement is on the list while its outcome is still "pågår" and its period has started, for
    one of two reasons (annotated as ``reason``):

    - ``"uppfoljning"``: the placement is ongoing (neither it nor the enrolment ended before
      ``on``) and more than ``weeks`` × 7 days have passed since its latest follow-up, or since
      its start when it has none. The same N as for contacts: a placement needs the same
      regular attention as the person.
    - ``"utfall"``: the placement (or the enrolment) has ended but no outcome is recorded yet;
      the "what works" figures count the outcome, so it should be registered.

    Annotated ``last_follow_up_on`` (on or before ``on``) and ``days_without_follow_up``
    (days since the latest follow-up, else since the start). One query.
    """
    latest = (
        PlacementFollowUp.objects.filter(placement=OuterRef("pk"), date__lte=on)
        .order_by()
        .values("placement")
        .annotate(last=Max("date"))
        .values("last")
    )
    ended = Q(participation__end_date__lt=on) | Q(participation__enrollment__end_date__lt=on)
    return (
        Placement.objects.filter(
            participation__enrollment__in=enrollments.values("pk"),
            outcome=Outcome.PAGAR,
            participation__start_date__lte=on,
        )
        .annotate(last_follow_up_on=Subquery(latest, output_field=DateField()))
        .annotate(
            days_without_follow_up=DaysBetween(
                Value(on, output_field=DateField()),
                Coalesce(F("last_follow_up_on"), F("participation__start_date")),
            ),
            reason=Case(
                When(ended, then=Value(REASON_OUTCOME)),
                default=Value(REASON_FOLLOW_UP),
                output_field=CharField(),
            ),
        )
        .filter(Q(reason=REASON_OUTCOME) | Q(days_without_follow_up__gt=weeks * 7))
        .select_related(
            "participation__enrollment__person",
            "participation__enrollment__project",
            "participation__enrollment__coordinator",
            "participation__intervention",
        )
        .order_by("reason", "-days_without_follow_up", "pk")
    )


def follow_ups_due(enrollments, on):
    """Ended enrolments whose follow-up 1, 3 or 6 months after the exit is due or overdue."""
    return (
        due_follow_ups(enrollments, on)
        .select_related("person", "project", "coordinator")
        .order_by("due_on", "pk")
    )


# --- The page --------------------------------------------------------------------------------------


@dataclass
class Section:
    key: str
    count: int
    rows: list

    @property
    def truncated(self):
        return self.count > len(self.rows)


def _may_change(user, path):
    """Annotation: may ``user`` change the enrolment at ``path``? (Decides whether a form link is offered.)"""
    return Exists(Enrollment.objects.restrict(user, CHANGE).filter(pk=OuterRef(path)))


def _section(key, queryset, limit):
    return Section(key, queryset.count(), list(queryset[:limit]))


def build(user, enrollments, on, weeks, limit=ROW_LIMIT):
    """Every section of the worklist for ``enrollments`` (restricted by the caller) on ``on``.

    ``{key: Section}`` in :data:`SECTIONS` order; rows carry ``may_change`` (``may_register`` for
    measurements, as the measuring app's due table expects). Nine queries,
    whatever the number of enrolments: a count and the first ``limit`` rows per section, and one
    query for the measurements (whose schedule is worked out per row in Python).
    """
    mine = enrollments.annotate(may_change=_may_change(user, "pk"))
    measured = measurements_due(enrollments.annotate(may_register=_may_change(user, "pk")), on)
    return {
        NO_CONTACT: _section(NO_CONTACT, no_contact(mine, on, weeks), limit),
        STEPS: _section(
            STEPS,
            steps_due(enrollments, on).annotate(may_change=_may_change(user, "goal__enrollment_id")),
            limit,
        ),
        MEASUREMENTS: Section(MEASUREMENTS, len(measured), measured[:limit]),
        PLACEMENTS: _section(
            PLACEMENTS,
            placements_to_follow_up(enrollments, on, weeks).annotate(
                may_change=_may_change(user, "participation__enrollment_id")
            ),
            limit,
        ),
        FOLLOW_UPS: _section(FOLLOW_UPS, follow_ups_due(mine, on), limit),
    }


def counts(enrollments, on, weeks=None, measurements=None):
    """How many rows each section has (``{key: n}``): the start page's summary, five queries.

    ``measurements``: the due list of the same enrolments if the caller already has it (the
    start page shows it), so it is not worked out twice.
    """
    weeks = default_weeks() if weeks is None else weeks
    if measurements is None:
        measurements = measurements_due(enrollments, on)
    return {
        NO_CONTACT: no_contact(enrollments, on, weeks).count(),
        STEPS: steps_due(enrollments, on).count(),
        MEASUREMENTS: len(measurements),
        PLACEMENTS: placements_to_follow_up(enrollments, on, weeks).count(),
        FOLLOW_UPS: follow_ups_due(enrollments, on).count(),
    }


def persons_shown(sections):
    """The distinct persons on the rows shown, for the audit log (no query: rows carry them)."""
    persons = {}
    for section in sections.values():
        for row in section.rows:
            person = _enrollment_of(section.key, row).person
            persons[person.pk] = person
    return list(persons.values())


def _enrollment_of(key, row):
    if key == STEPS:
        return row.goal.enrollment
    if key == PLACEMENTS:
        return row.participation.enrollment
    return row

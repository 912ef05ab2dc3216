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

Every section leaves out the items someone has decided about (done, snoozed until a later day,
dismissed; see :mod:`stegvis.worklist.models`) with a ``NOT EXISTS`` in the same query, so the
counts are right too; a snoozed item is back on its day. The page groups the items by person
(:func:`build`).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from stegvis.casework.figures import DUE_SOON_DAYS, due_steps
from stegvis.casework.models import PlanStep
from stegvis.contacts.figures import DaysBetween, no_contact_weeks, without_contact_for
from stegvis.core.access import CHANGE
from stegvis.interventions.models import Outcome, Placement, PlacementFollowUp
from stegvis.outcomes.schedule import due_follow_ups
from stegvis.participants.models import Enrollment
from stegvis.progression.measuring.schedule import due_rows
from stegvis.worklist.models import FOLLOW_UPS, MEASUREMENTS, NO_CONTACT, PLACEMENTS, STEPS, ItemDecision

SECTIONS = (NO_CONTACT, STEPS, MEASUREMENTS, PLACEMENTS, FOLLOW_UPS)

ROW_LIMIT = 500
"""Items loaded per section; the counts always count them all (narrow the list with the filters)."""

PERSON_LIMIT = 100
"""Persons shown on the page, those who need most attention first; the heading counts them all."""

# Why a placement is on the list (see placements_to_follow_up).
REASON_FOLLOW_UP, REASON_OUTCOME = "uppfoljning", "utfall"

STEPS_LOOKAHEAD_DAYS = DUE_SOON_DAYS


def default_weeks():
    """N in "no contact for N weeks" unless the user picks another: the contacts app's setting."""
    return no_contact_weeks()


def not_ended(enrollments, on):
    """Enrolments that had not ended before ``on`` (the exit day itself still counts)."""
    return enrollments.filter(Q(end_date__isnull=True) | Q(end_date__gte=on))


def decisions_in_effect(on: datetime.date) -> "QuerySet[ItemDecision]":
    """Decisions that hide their item on ``on``: not undone, and no snooze that has ended by then."""
    return ItemDecision.objects.filter(undone_at__isnull=True).filter(
        Q(snoozed_until__isnull=True) | Q(snoozed_until__gt=on)
    )


def decided(kind, on, *, enrollment, ref_date, object_id=None, variant=None):
    """``Exists``: a decision in effect on ``on`` names the outer row's item (the arguments are paths).

    An item is decided when a decision in effect on ``on`` names the same enrolment, ``kind``
    and day (and object and variant, for the kinds that have them): see
    :mod:`stegvis.worklist.models` for what the day is per kind.
    """
    decisions = decisions_in_effect(on).filter(
        kind=kind, enrollment_id=OuterRef(enrollment), ref_date=OuterRef(ref_date)
    )
    if object_id is not None:
        decisions = decisions.filter(object_id=OuterRef(object_id))
    if variant is not None:
        decisions = decisions.filter(variant=OuterRef(variant))
    return Exists(decisions)


def undecided(queryset, kind, on, *, enrollment, ref_date, object_id=None, variant=None):
    """``queryset`` without the items decided about (one ``NOT EXISTS``; see :func:`decided`)."""
    return queryset.filter(
        ~decided(kind, on, enrollment=enrollment, ref_date=ref_date, object_id=object_id, variant=variant)
    )


def decided_object_name():
    """Annotation for decisions: the step's text or the placement's workplace, when it names one."""
    steps = PlanStep.objects.filter(pk=OuterRef("object_id")).values("what")[:1]
    places = Placement.objects.filter(pk=OuterRef("object_id")).values("workplace_name")[:1]
    return Case(
        When(kind=STEPS, then=Subquery(steps)),
        When(kind=PLACEMENTS, then=Subquery(places)),
        default=Value(""),
        output_field=CharField(),
    )


def no_contact(enrollments, on, weeks):
    """Active enrolments without a contact for more than ``weeks`` weeks, the longest wait first.

    Annotated ``since``: the day of the last contact, or the start (the item's day).
    """
    rows = without_contact_for(enrollments, on, weeks).annotate(
        since=Coalesce(F("last_contact_on"), F("start_date"))
    )
    return (
        undecided(rows, NO_CONTACT, on, enrollment="pk", ref_date="since")
        .select_related("person", "project", "coordinator")
        .order_by("-days_without_contact", "pk")
    )


def steps_due(enrollments, on):
    """Open plan steps overdue or due within 14 days, of enrolments not ended before ``on``."""
    steps = due_steps(not_ended(enrollments, on), on, lookahead_days=STEPS_LOOKAHEAD_DAYS)
    return undecided(
        steps, STEPS, on, enrollment="goal__enrollment_id", ref_date="due_date", object_id="pk"
    ).select_related("goal__enrollment__coordinator")


def measurements_due(enrollments, on):
    """Active enrolments due or overdue for a progression measurement (a list, most urgent first).

    The schedule is worked out in Python, so the decisions are left out here: one more query,
    for the decisions of ``enrollments`` in effect.
    """
    return without_decided_measurements(due_rows(enrollments, on), enrollments, on)


def decided_measurements(enrollments, on):
    """``{(enrollment id, due day)}``: the measurements of ``enrollments`` decided about; one query.

    The schedule is worked out in Python, so a due row is matched against this set, not in SQL.
    """
    return set(
        decisions_in_effect(on)
        .filter(kind=MEASUREMENTS, enrollment__in=enrollments.values("pk"))
        .values_list("enrollment_id", "ref_date")
    )


def without_decided_measurements(rows, enrollments, on):
    """The due ``rows`` of ``enrollments`` (a list) less those decided about: one query."""
    decided = decided_measurements(enrollments, on)
    return [row for row in rows if (row.pk, row.next_due) not in decided]


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

    Annotated ``last_follow_up_on`` (on or before ``on``), ``days_without_follow_up``
    (days since the latest follow-up, else since the start) and ``since``, the item's day: the
    latest follow-up or the start for ``uppfoljning``, the end for ``utfall``. One query.
    """
    latest = (
        PlacementFollowUp.objects.filter(placement=OuterRef("pk"), date__lte=on)
        .order_by()
        .values("placement")
        .annotate(last=Max("date"))
        .values("last")
    )
    ended = Q(participation__end_date__lt=on) | Q(participation__enrollment__end_date__lt=on)
    rows = (
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
            since=Case(
                When(participation__end_date__lt=on, then=F("participation__end_date")),
                When(
                    participation__enrollment__end_date__lt=on, then=F("participation__enrollment__end_date")
                ),
                default=Coalesce(F("last_follow_up_on"), F("participation__start_date")),
                output_field=DateField(),
            ),
        )
        .filter(Q(reason=REASON_OUTCOME) | Q(days_without_follow_up__gt=weeks * 7))
    )
    return (
        undecided(
            rows,
            PLACEMENTS,
            on,
            enrollment="participation__enrollment_id",
            ref_date="since",
            object_id="pk",
            variant="reason",
        )
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
        undecided(due_follow_ups(enrollments, on), FOLLOW_UPS, on, enrollment="pk", ref_date="due_on")
        .select_related("person", "project", "coordinator")
        .order_by("due_on", "pk")
    )


# --- The page, by person ---------------------------------------------------------------------------


@dataclass
class Item:
    """One thing to do for one enrolment, with what names its occurrence for a decision."""

    kind: str
    row: object
    enrollment: Enrollment
    ref_date: datetime.date
    due: datetime.date
    on: datetime.date
    may_change: bool
    object_id: int | None = None
    variant: str = ""

    @property
    def days_overdue(self):
        """Days since the item fell due (negative: days left)."""
        return (self.on - self.due).days

    @property
    def overdue(self):
        return self.days_overdue > 0

    @property
    def days_left(self):
        return -self.days_overdue


@dataclass
class PersonItems:
    """The open items of one enrolment, most urgent first."""

    enrollment: Enrollment
    items: list = field(default_factory=list)

    @property
    def first_due(self):
        return self.items[0].due


@dataclass
class Worklist:
    """The page's content: counts per kind chosen, and the persons who need most attention first."""

    counts: dict
    persons: list
    person_count: int
    items_left_out: bool
    """Some kind had more items than were loaded (:data:`ROW_LIMIT`): persons may show fewer."""

    @property
    def truncated(self):
        return self.person_count > len(self.persons) or self.items_left_out


def may_change_annotation(user, path):
    """Annotation: may ``user`` change the enrolment at ``path``? (Decides whether a form link is offered.)"""
    return Exists(Enrollment.objects.restrict(user, CHANGE).filter(pk=OuterRef(path)))


def _items(kind, rows, on, weeks):
    """The :class:`Item` of each row of section ``kind``."""
    silence = datetime.timedelta(days=weeks * 7)
    for row in rows:
        if kind == NO_CONTACT:
            yield Item(kind, row, row, row.since, row.since + silence, on, row.may_change)
        elif kind == STEPS:
            yield Item(kind, row, row.goal.enrollment, row.due_date, row.due_date, on, row.may_change, row.pk)
        elif kind == MEASUREMENTS:
            yield Item(kind, row, row, row.next_due, row.next_due, on, row.may_register)
        elif kind == PLACEMENTS:
            due = row.since if row.reason == REASON_OUTCOME else row.since + silence
            enrollment = row.participation.enrollment
            yield Item(kind, row, enrollment, row.since, due, on, row.may_change, row.pk, row.reason)
        else:
            yield Item(kind, row, row, row.due_on, row.due_on, on, row.may_change)


def _queries(user, enrollments, on, weeks):
    """The database sections: ``{kind: (queryset, path to the enrolment id)}``."""
    mine = enrollments.annotate(may_change=may_change_annotation(user, "pk"))
    return {
        NO_CONTACT: (no_contact(mine, on, weeks), "pk"),
        STEPS: (
            steps_due(enrollments, on).annotate(
                may_change=may_change_annotation(user, "goal__enrollment_id")
            ),
            "goal__enrollment_id",
        ),
        PLACEMENTS: (
            placements_to_follow_up(enrollments, on, weeks).annotate(
                may_change=may_change_annotation(user, "participation__enrollment_id")
            ),
            "participation__enrollment_id",
        ),
        FOLLOW_UPS: (follow_ups_due(mine, on), "pk"),
    }


def build(user, enrollments, on, weeks, kinds=SECTIONS, limit=ROW_LIMIT, person_limit=PERSON_LIMIT):
    """The worklist of ``enrollments`` (restricted by the caller) on ``on``, grouped by person.

    Only the ``kinds`` chosen are worked out. Per kind a count and the first ``limit`` items
    (two queries; the measurements one query and one for their decisions), then one query for
    how many enrolments have anything at all: at most eleven queries whatever the data. Items
    carry ``may_change``. Persons are ordered by their most overdue item, then by how many
    items they have; the first ``person_limit`` are kept.
    """
    counts, items, left_out = {}, [], False
    queries = _queries(user, enrollments, on, weeks)
    with_items = Q(pk__in=[])
    measured_ids = set()
    for kind in SECTIONS:
        if kind not in kinds:
            continue
        if kind == MEASUREMENTS:
            rows = measurements_due(enrollments.annotate(may_register=may_change_annotation(user, "pk")), on)
            counts[kind] = len(rows)
            measured_ids = {row.pk for row in rows}
            rows = rows[:limit]
        else:
            queryset, path = queries[kind]
            counts[kind] = queryset.count()
            rows = list(queryset[:limit])
            with_items |= Q(pk__in=queryset.values(path))
        left_out = left_out or counts[kind] > len(rows)
        items.extend(_items(kind, rows, on, weeks))
    person_ids = set(measured_ids)
    if set(kinds) - {MEASUREMENTS}:
        person_ids.update(enrollments.filter(with_items).values_list("pk", flat=True))
    persons = {}
    for item in sorted(items, key=lambda item: (item.due, SECTIONS.index(item.kind))):
        persons.setdefault(item.enrollment.pk, PersonItems(item.enrollment)).items.append(item)
    ordered = sorted(persons.values(), key=lambda p: (p.first_due, -len(p.items), p.enrollment.pk))
    return Worklist(counts, ordered[:person_limit], len(person_ids), left_out)


def counts(enrollments, on, weeks=None, measurements=None):
    """How many undecided items each section has (``{key: n}``): the start page's summary.

    Six queries: five counts and the measurements' decisions. ``measurements``: the due list of
    the same enrolments if the caller already has it (the start page shows it), so it is not
    worked out twice.
    """
    weeks = default_weeks() if weeks is None else weeks
    if measurements is None:
        measurements = measurements_due(enrollments, on)
    else:
        measurements = without_decided_measurements(measurements, enrollments, on)
    return {
        NO_CONTACT: no_contact(enrollments, on, weeks).count(),
        STEPS: steps_due(enrollments, on).count(),
        MEASUREMENTS: len(measurements),
        PLACEMENTS: placements_to_follow_up(enrollments, on, weeks).count(),
        FOLLOW_UPS: follow_ups_due(enrollments, on).count(),
    }


def persons_shown(worklist):
    """The distinct persons on the page, for the audit log (no query: the items carry them)."""
    persons = {p.enrollment.person.pk: p.enrollment.person for p in worklist.persons}
    return list(persons.values())

"""The coordinator's caseload at a glance: each of my participants and what needs doing for them.

One row per enrolment the user coordinates that is ongoing, plus the ended ones whose follow-up
after exit is due, with the state a coordinator checks before a meeting: how long the person has
been enrolled, the last contact and how long ago, the next open plan step and its date, the next
measurement by the project's plan, whether the registration consent is missing, and the
follow-up after exit. Each rule is the owning app's own (contacts, casework, progression,
consent, outcomes), so the start page agrees with the worklist and the participant page.

What staff have marked done, snoozed or dismissed on the worklist (:mod:`stegvis.worklist.rules`)
is no longer flagged here either, so the two lists tell the same story; the state itself (the
date of the last contact, the overdue step) is still shown.

Four queries whatever the size of the caseload: the ongoing enrolments with every annotation (the
measurement schedule is worked out per row from the same query, as the measuring app does), their
open plan steps (the next one of each is kept), the ended enrolments with a follow-up due, and the
measurement decisions in effect. The rows are then only flagged and ordered for display.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q
from django.db.models.functions import Coalesce

from stegvis.casework.models import OPEN_STEP_STATUSES, PlanStep
from stegvis.consent.active import in_force
from stegvis.consent.models import ConsentKind
from stegvis.contacts.figures import no_contact_weeks, with_last_contact
from stegvis.outcomes.schedule import due_follow_ups
from stegvis.progression.measuring.schedule import annotate_schedule
from stegvis.worklist import models as worklist
from stegvis.worklist.rules import decided, decided_measurements, undecided

# What a row may need, in the order the badges are shown.
NO_CONTACT, STEP_OVERDUE, MEASUREMENT_DUE, CONSENT_MISSING, FOLLOW_UP_DUE = (
    "no_contact",
    "step_overdue",
    "measurement_due",
    "consent_missing",
    "follow_up_due",
)
FLAGS = (NO_CONTACT, STEP_OVERDUE, MEASUREMENT_DUE, CONSENT_MISSING, FOLLOW_UP_DUE)

_FAR = datetime.date.max


@dataclass
class CaseRow:
    """One enrolment of the caseload with its state; the ``*_sort`` attributes order the table."""

    enrollment: Any
    on: datetime.date
    ended: bool = False
    last_contact_on: datetime.date | None = None
    days_without_contact: int = 0
    step_what: str = ""
    step_due: datetime.date | None = None
    measurement_due: datetime.date | None = None
    measurement_now: bool = False
    consent_missing: bool = False
    follow_up_months: int | None = None
    follow_up_due: datetime.date | None = None
    decided: set[str] = field(default_factory=set)
    flags: list[str] = field(default_factory=list)

    @property
    def person(self) -> Any:
        return self.enrollment.person

    @property
    def name_sort(self) -> tuple[str, str]:
        return (self.person.last_name.lower(), self.person.first_name.lower())

    @property
    def project_sort(self) -> str:
        return self.enrollment.project.name

    @property
    def start_sort(self) -> datetime.date:
        return self.enrollment.start_date

    @property
    def step_overdue(self) -> bool:
        return self.step_due is not None and self.step_due < self.on

    @property
    def step_sort(self) -> datetime.date:
        return self.step_due or _FAR

    @property
    def measurement_overdue(self) -> bool:
        return self.measurement_due is not None and self.measurement_due < self.on

    @property
    def measurement_sort(self) -> datetime.date:
        return self.measurement_due or _FAR

    @property
    def follow_up_overdue(self) -> bool:
        return self.follow_up_due is not None and self.follow_up_due < self.on

    @property
    def follow_up_sort(self) -> datetime.date:
        return self.follow_up_due or _FAR

    @property
    def attention(self) -> int:
        """How many things need doing for this person: the table's default order, most first."""
        return len(self.flags)


def _next_steps(
    enrollment_pks: list[int], on: datetime.date
) -> dict[int, tuple[str, datetime.date | None, bool]]:
    """``{enrolment pk: (what, due date, decided)}``: the next open plan step of each; one query.

    The next step is the earliest dated one, undated last. The open steps of the enrolments are
    read in that order and the first of each kept (a plan has few open steps), which is cheaper
    than a correlated subquery per enrolment and column. Decided as on the worklist's plan steps.
    """
    steps = (
        PlanStep.objects.filter(goal__enrollment_id__in=enrollment_pks, status__in=OPEN_STEP_STATUSES)
        .annotate(
            decided=decided(
                worklist.STEPS, on, enrollment="goal__enrollment_id", ref_date="due_date", object_id="pk"
            )
        )
        .order_by(F("due_date").asc(nulls_last=True), "pk")
        .values_list("goal__enrollment_id", "what", "due_date", "decided")
    )
    first: dict[int, tuple[str, datetime.date | None, bool]] = {}
    for enrollment_pk, what, due, is_decided in steps:
        first.setdefault(enrollment_pk, (what, due, is_decided))
    return first


def _ongoing(mine: Any, on: datetime.date) -> list[CaseRow]:
    ongoing = mine.filter(start_date__lte=on).filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
    annotated = (
        with_last_contact(ongoing, on)
        .annotate(
            contact_since=Coalesce(F("last_contact_on"), F("start_date")),
            has_registration_consent=in_force(ConsentKind.REGISTRATION, on),
        )
        .annotate(
            no_contact_decided=decided(worklist.NO_CONTACT, on, enrollment="pk", ref_date="contact_since")
        )
    )
    enrollments = annotate_schedule(annotated.select_related("person", "project"), on)
    steps = _next_steps([e.pk for e in enrollments], on)
    measured = decided_measurements(ongoing, on)
    rows = []
    for e in enrollments:
        step_what, step_due, step_decided = steps.get(e.pk, ("", None, False))
        decided_flags = {NO_CONTACT} if e.no_contact_decided else set()
        if step_decided:
            decided_flags.add(STEP_OVERDUE)
        if (e.pk, e.next_due) in measured:
            decided_flags.add(MEASUREMENT_DUE)
        rows.append(
            CaseRow(
                enrollment=e,
                on=on,
                last_contact_on=e.last_contact_on,
                days_without_contact=e.days_without_contact or 0,
                step_what=step_what,
                step_due=step_due,
                measurement_due=e.next_due,
                measurement_now=e.due_now,
                consent_missing=not e.has_registration_consent,
                decided=decided_flags,
            )
        )
    return rows


def _ended_with_follow_up(mine: Any, on: datetime.date) -> list[CaseRow]:
    """Ended enrolments with a follow-up due that nobody has snoozed or dismissed on the worklist."""
    due = undecided(due_follow_ups(mine, on), worklist.FOLLOW_UPS, on, enrollment="pk", ref_date="due_on")
    return [
        CaseRow(enrollment=e, on=on, ended=True, follow_up_months=e.due_point, follow_up_due=e.due_on)
        for e in due.select_related("person", "project")
    ]


def _flag(row: CaseRow, weeks: int) -> CaseRow:
    checks = {
        NO_CONTACT: not row.ended and row.days_without_contact > weeks * 7,
        STEP_OVERDUE: not row.ended and row.step_overdue,
        MEASUREMENT_DUE: row.measurement_now,
        CONSENT_MISSING: not row.ended and row.consent_missing,
        FOLLOW_UP_DUE: row.follow_up_due is not None,
    }
    row.flags = [name for name in FLAGS if checks[name] and name not in row.decided]
    return row


def caseload(mine: Any, on: datetime.date, weeks: int | None = None) -> list[CaseRow]:
    """The rows of ``mine`` (the user's own enrolments, already restricted) on ``on``; four queries.

    Needing action first (the most flags), then the longest without contact; the table may
    re-sort by any column. ``weeks``: "no contact for N weeks" (the contacts app's setting).
    """
    weeks = no_contact_weeks() if weeks is None else weeks
    rows = [_flag(row, weeks) for row in _ongoing(mine, on) + _ended_with_follow_up(mine, on)]
    rows.sort(key=lambda r: (-r.attention, -r.days_without_contact, r.enrollment.pk))
    return rows


def due_for_measurement(rows: list[CaseRow]) -> list[Any]:
    """The enrolments of ``rows`` due for a measurement, most urgent first (as the due list orders)."""
    due = [row.enrollment for row in rows if row.measurement_now]
    due.sort(key=lambda e: (e.next_due, e.pk))
    return due

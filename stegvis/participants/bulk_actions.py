"""Bulk variants of the participant actions, for volumes where one action per row is too slow.

:func:`bulk_register_and_enroll` does what :func:`~stegvis.participants.actions.register_person`,
:func:`~stegvis.participants.actions.enroll_participant`,
:func:`~stegvis.participants.actions.change_coordinator` and
:func:`~stegvis.participants.actions.register_exit` do for each row, for a whole batch of *new*
persons at once: the same checks (the same functions of :mod:`stegvis.participants.rules`, with
the lookups done in memory or with one query per batch instead of one per row), then ``bulk_create`` of persons, references, enrolments, coordinator history and audit
entries, in one transaction. Either the whole batch is written or nothing is.

Because every person in a batch is new, checks that compare with existing enrolments of the
person (overlaps) only need to look inside the row itself.

A row::

    {"person": {"organization": Organization, "personnummer": "", "protected_identity": False,
                "ref": "", **person fields},
     "enrollments": [{"project": Project, "organization": Organization, "coordinator": User or None,
                      "start_date": date, **enrolment fields (need_group as a NeedGroup),
                      "coordinator_changes": [(from_date, User), ...],
                      "exit": {"end_date": date, "exit_reason": ..., ...} or None}]}
"""

import datetime
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record_many
from stegvis.core.access import scope_of, works_on
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.organizations.models import Organization, Project
from stegvis.participants import actions, rules
from stegvis.participants import personnummer as pnr
from stegvis.participants.access import may_register_for
from stegvis.participants.models import (
    CoordinatorAssignment,
    Enrollment,
    ParticipantRef,
    Person,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django_stubs_ext import StrOrPromise

    from stegvis.core.access import Actor

    #: A problem of one row: ``(row number, field, message)``.
    RowError = tuple[int, str, StrOrPromise]
    #: A coordinator change: ``(from date, new coordinator, coordinator before)``.
    Change = tuple[datetime.date, User | None, User | None]

T = TypeVar("T")

# SQLite before 3.32 allows 999 parameters per statement; lookups are chunked below that.
_LOOKUP_CHUNK = 900
_EXIT_KEYS = actions.EXIT_FIELDS


@dataclass
class BulkResult:
    persons: int = 0
    enrollments: int = 0
    exits: int = 0
    coordinator_changes: int = 0
    audit_entries: int = 0


def _chunks(values: Iterable[T], size: int = _LOOKUP_CHUNK) -> Iterator[list[T]]:
    listed = list(values)
    for start in range(0, len(listed), size):
        yield listed[start : start + size]


class _Checks:
    """Per-batch caches so each project, organisation pair and coordinator is checked once."""

    def __init__(self, user: "Actor") -> None:
        self.user = user
        self.today = datetime.date.today()
        self._project_orgs: dict[int, set[int]] = {}
        self._may_enrol: set[tuple[int, int]] = set()
        self._coordinator_ok: dict[tuple[int, int, int], bool] = {}

    def project_orgs(self, project: Project) -> set[int]:
        if project.pk not in self._project_orgs:
            self._project_orgs[project.pk] = set(project.organizations().values_list("pk", flat=True))
        return self._project_orgs[project.pk]

    def may_enrol(self, project: Project, organization: Organization) -> None:
        key = (project.pk, organization.pk)
        if key not in self._may_enrol:
            actions._check_may_enrol(self.user, project, organization)
            self._may_enrol.add(key)

    def coordinator_works_here(
        self, coordinator: "User", project: Project, organization: Organization
    ) -> bool:
        key = (coordinator.pk, project.pk, organization.pk)
        if key not in self._coordinator_ok:
            self._coordinator_ok[key] = works_on(coordinator, project, organization)
        return self._coordinator_ok[key]


def _person_from(
    row: Mapping[str, Any], errors: "list[RowError]", label: int, today: datetime.date
) -> tuple[Person, Organization, str]:
    """Build the unsaved Person the way ``register_person`` would, collecting errors under ``label``."""
    data = dict(row)
    organization = data.pop("organization")
    number = data.pop("personnummer", "") or ""
    protected = bool(data.pop("protected_identity", False))
    ref = (data.pop("ref", "") or "").strip()
    unknown = set(data) - set(actions.PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    # Foreign keys are set by id: the descriptors cost more than the rest of the row at this volume.
    person = Person(registered_by_id=organization.pk, protected_identity=protected, **data)
    if number:
        try:
            parsed = pnr.parse(number, today=today)
        except ValidationError as exc:
            errors.append((label, "personnummer", exc.messages[0]))
        else:
            person.birth_date = parsed.birth_date
            person.birth_year = parsed.birth_date.year
            person.personnummer = None if protected else parsed.number
    for field, message in (
        ("birth_year", rules.birth_year_error(person.birth_year, today=today)),
        ("gender", rules.gender_error(person.gender)),
    ):
        if message:
            errors.append((label, field, message))
    return person, organization, ref


def _enrollment_from(
    row: Mapping[str, Any], checks: _Checks, errors: "list[RowError]", label: int, previous: list[Enrollment]
) -> "tuple[Enrollment, list[Change]]":
    data = dict(row)
    project, organization = data.pop("project"), data.pop("organization")
    coordinator = data.pop("coordinator", None)
    changes = list(data.pop("coordinator_changes", None) or [])
    exit_data = data.pop("exit", None)
    for name in data:
        if name not in actions.ENROLLMENT_FIELDS:
            raise TypeError(f"Unknown enrolment field: {name}")
    need_group = data.pop("need_group", None)
    checks.may_enrol(project, organization)
    enrollment = Enrollment(
        project_id=project.pk,
        organization_id=organization.pk,
        coordinator_id=getattr(coordinator, "pk", None),
        need_group_id=getattr(need_group, "pk", None),
        **data,
    )
    start = enrollment.start_date
    if not start:
        errors.append((label, "start_date", _("Ange startdatum.")))
        return enrollment, changes
    for field, message in (
        ("start_date", rules.project_period_error(project, start)),
        ("organization", rules.organization_error(organization.pk, checks.project_orgs(project))),
        ("need_group", rules.need_group_error(need_group, project)),
    ):
        if message:
            errors.append((label, field, message))
    if exit_data:
        unknown = set(exit_data) - set(_EXIT_KEYS)
        if unknown:
            raise TypeError(f"Unknown exit fields: {sorted(unknown)}")
        end, reason = exit_data.get("end_date"), exit_data.get("exit_reason") or ""
        for field, message in (
            (
                "end_date",
                rules.exit_date_error(end, today=checks.today) or rules.end_before_start_error(start, end),
            ),
            ("exit_reason", rules.exit_reason_error(reason)),
            ("next_actor", rules.next_actor_error(exit_data.get("next_actor"))),
        ):
            if message:
                errors.append((label, field, message))
        enrollment.end_date = end
        enrollment.exit_reason = reason
        enrollment.next_actor = exit_data.get("next_actor") or ""
        enrollment.income_source_exit = exit_data.get("income_source_exit") or ""
        enrollment.occupation_exit = exit_data.get("occupation_exit") or ""
        enrollment.work_extent_exit = exit_data.get("work_extent_exit")
        enrollment.gained_qualification = exit_data.get("gained_qualification")
    for field, message in rules.status_errors(enrollment):
        errors.append((label, field, message))
    for other in previous:
        if (
            other.project_id == project.pk
            and other.start_date
            and rules.periods_overlap(start, enrollment.end_date, other.start_date, other.end_date)
        ):
            errors.append((label, "start_date", rules.overlap_message()))
    for who in [coordinator] + [who for _d, who in changes]:
        if who is not None and not checks.coordinator_works_here(who, project, organization):
            errors.append(
                (
                    label,
                    "coordinator",
                    _("Den valda personen arbetar inte med projektet i den här organisationen."),
                )
            )
    for from_date, _who in changes:
        message = rules.coordinator_from_date_error(from_date, start)
        if message:
            errors.append((label, "from_date", message))
    # Keep who had the enrolment before each change, so the history starts with the first coordinator.
    chained: list[Change] = []
    current = coordinator
    for from_date, who in changes:
        chained.append((from_date, who, current))
        current = who
    enrollment.coordinator_id = getattr(current, "pk", None)
    # The version an enrolment written through the actions would have: one per later save.
    enrollment.version = 1 + len(changes) + (1 if exit_data else 0)
    return enrollment, chained


def _raise(errors: "list[RowError]") -> NoReturn:
    by_field: dict[str, list[StrOrPromise]] = {}
    for label, field, message in errors[:50]:
        by_field.setdefault(field, []).append(
            _("Rad %(row)s: %(message)s") % {"row": label, "message": message}
        )
    raise ActionError(by_field)


@transaction.atomic
def bulk_register_and_enroll(
    user: "Actor", rows: Iterable[Mapping[str, Any]], *, first_row_number: int = 1, detail: str = ""
) -> BulkResult:
    """Register new persons and their enrolments (with coordinator changes and exits) in one go.

    ``rows`` is a list (one batch; the caller decides its size). Row numbers in error messages
    count from ``first_row_number``. Returns a :class:`BulkResult`. Raises :class:`ActionError`
    listing the bad rows (at most 50) and writes nothing if any row is bad.
    """
    if user is not None:
        scope = scope_of(user)
        if not scope.has_personal_data_access:
            raise NotAllowed()
    checks = _Checks(user)
    errors: list[RowError] = []
    persons: list[Person] = []
    refs: list[tuple[Organization, str]] = []
    plans: list[list[tuple[Enrollment, list[Change]]]] = []
    numbers: dict[str, int] = {}
    refs_seen: dict[tuple[int, str], int] = {}
    for offset, row in enumerate(rows):
        label = first_row_number + offset
        person, organization, ref = _person_from(row["person"], errors, label, checks.today)
        if user is not None and not may_register_for(user, organization):
            raise NotAllowed()
        if person.personnummer:
            if person.personnummer in numbers:
                errors.append(
                    (
                        label,
                        "personnummer",
                        _("Samma personnummer finns på rad %(row)s.") % {"row": numbers[person.personnummer]},
                    )
                )
            numbers.setdefault(person.personnummer, label)
        if ref:
            key = (organization.pk, ref)
            if key in refs_seen:
                errors.append(
                    (label, "ref", _("Samma referens finns på rad %(row)s.") % {"row": refs_seen[key]})
                )
            refs_seen.setdefault(key, label)
        enrolments: list[tuple[Enrollment, list[Change]]] = []
        for data in row.get("enrollments", ()):
            enrollment, changes = _enrollment_from(data, checks, errors, label, [e for e, _c in enrolments])
            enrolments.append((enrollment, changes))
        persons.append(person)
        refs.append((organization, ref))
        plans.append(enrolments)

    for chunk in _chunks(numbers):
        taken = Person.objects.filter(personnummer__in=chunk).values_list("personnummer", flat=True)
        for number in cast("Iterable[str]", taken):  # found by number, so never empty
            errors.append((numbers[number], "personnummer", rules.personnummer_taken_message()))
    by_org: dict[int, dict[str, int]] = {}
    for (org_id, ref), label in refs_seen.items():
        by_org.setdefault(org_id, {})[ref] = label
    for org_id, labels in by_org.items():
        for chunk in _chunks(labels):
            for ref in ParticipantRef.objects.filter(organization_id=org_id, ref__in=chunk).values_list(
                "ref", flat=True
            ):
                errors.append(
                    (
                        labels[ref],
                        "ref",
                        _("Referensen %(ref)s används redan för en annan deltagare.") % {"ref": ref},
                    )
                )
    if errors:
        errors.sort(key=lambda e: e[0])
        _raise(errors)

    return _write(user, persons, refs, plans, detail)


def _write(
    user: "Actor",
    persons: list[Person],
    refs: list[tuple[Organization, str]],
    plans: "list[list[tuple[Enrollment, list[Change]]]]",
    detail: str,
) -> BulkResult:
    result = BulkResult()
    for person, enrolments in zip(persons, plans, strict=False):
        # Every person here is new, and their enrolments are written below in this transaction:
        # the hint is written with the person rather than cleared by a later UPDATE.
        person.not_yet_enrolled = not enrolments
    Person.objects.bulk_create(persons)
    ParticipantRef.objects.bulk_create(
        [
            ParticipantRef(person_id=p.pk, organization_id=org.pk, ref=ref)
            for p, (org, ref) in zip(persons, refs, strict=False)
            if ref
        ]
    )
    assigned_by = user.pk if user is not None and user.is_authenticated else None
    enrollments = []
    for person, enrolments in zip(persons, plans, strict=False):
        for enrollment, _changes in enrolments:
            enrollment.person_id = person.pk
            enrollment.gender = person.gender  # as registered at the start, like enroll_participant
            enrollment.age_at_start = person.age_on(enrollment.start_date)  # what Enrollment.save sets
            if enrollment.education_level_start is None:
                enrollment.education_level_start = (
                    person.education_level
                )  # the snapshot enroll_participant takes
            enrollments.append(enrollment)
    Enrollment.objects.bulk_create(enrollments)
    history: list[CoordinatorAssignment] = []
    changed: list[Enrollment] = []
    exited: list[Enrollment] = []
    for enrolments in plans:
        for enrollment, changes in enrolments:
            # The first coordinator: the one before the first change, else the one it has.
            initial = enrollment.coordinator_id
            if changes:
                before = changes[0][2]
                initial = before.pk if before is not None else None
            if initial is not None:
                history.append(
                    CoordinatorAssignment(
                        enrollment_id=enrollment.pk,
                        coordinator_id=initial,
                        from_date=enrollment.start_date,
                        assigned_by_id=assigned_by,
                    )
                )
            for from_date, coordinator, _before in changes:
                history.append(
                    CoordinatorAssignment(
                        enrollment_id=enrollment.pk,
                        coordinator_id=getattr(coordinator, "pk", None),
                        from_date=from_date,
                        assigned_by_id=assigned_by,
                    )
                )
                changed.append(enrollment)
            if enrollment.end_date:
                exited.append(enrollment)
    CoordinatorAssignment.objects.bulk_create(history)
    entries = record_many(user, AuditAction.CREATE, persons, detail=detail or _("massregistrering"))
    entries += record_many(user, AuditAction.CREATE, enrollments, detail=detail or _("massregistrering"))
    entries += record_many(user, AuditAction.UPDATE, changed, detail=_("byte av koordinator"))
    entries += record_many(user, AuditAction.UPDATE, exited, detail="avslut")
    result.persons, result.enrollments = len(persons), len(enrollments)
    result.exits, result.coordinator_changes, result.audit_entries = len(exited), len(changed), entries
    return result

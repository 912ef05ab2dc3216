"""Writing an import's new rows by set: what the actions write for one row, for many at once.

The importer (:mod:`stegvis.exchange.importer`) decides row by row, in memory, what is new,
what is unchanged and what needs an action (a change of something Stegvis has, or a row an
action would refuse). The new rows that pass every check the action makes are handed here and
written with a few ``INSERT`` statements per table: the same rows, the same field values and the
same audit entries (with the same change history) that :func:`register_person`,
:func:`set_participant_ref`, :func:`enroll_participant`, :func:`register_exit`,
:func:`record_measurement` and :func:`record_language_level` write for one row. Everything runs
in the importer's transaction, so an error anywhere still writes nothing.

Rows are written without ``bulk_create``'s value-by-value SQL: with ``COPY`` on PostgreSQL and
one prepared ``INSERT`` for many rows on SQLite (:func:`stegvis.core.inserts.insert` for model
instances, :func:`_insert_answers` for the answers, by far the most rows, which need none).
"""

import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.db import connection

from stegvis.audit.log import AuditAction, diff, record_many, snapshot
from stegvis.core import inserts
from stegvis.core.access import acting_user
from stegvis.participants.actions import (
    ENROLLMENT_FIELDS,
    EXIT_FIELDS,
    PERSON_FIELDS,
    exit_snapshot,
    mark_enrolled,
)
from stegvis.participants.models import CoordinatorAssignment, Enrollment, ExitOutcome, ParticipantRef, Person
from stegvis.progression.models import Answer, LanguageLevel, Measurement, Source
from stegvis.progression.scoring import refresh_scores

# Rows written (and audited) at a time: the audit entries of a whole large file at once would
# need more memory than the rows themselves.
CHUNK = 5000
NULL = "\\N"  # NULL in COPY's text format


@dataclass
class NewPerson:
    person: Person  # unsaved, identity applied
    refs: list  # [(Organization, ref), ...]: the first is the one register_person sets


@dataclass
class NewEnrollment:
    enrollment: Enrollment  # unsaved, every field set as enroll_participant (and register_exit) would
    project_code: str
    organization_code: str
    coordinator: Any
    other_outcomes: tuple[str, ...] = ()  # of an ended one, besides its reason


@dataclass
class NewMeasurement:
    enrollment_id: int
    person_id: int
    instrument: Any
    respondent: str
    date: datetime.date
    answers: dict  # {Item: value}, in the file's order
    measurement: Measurement | None = field(default=None)


def _in_chunks(create):
    """``create(user, rows)`` applied to ``CHUNK`` rows at a time."""

    def in_chunks(user, rows):
        for start in range(0, len(rows), CHUNK):
            create(user, rows[start : start + CHUNK])

    in_chunks.__doc__ = create.__doc__
    return in_chunks


@_in_chunks
def create_persons(user, new: list[NewPerson]) -> None:
    """What register_person (and set_participant_ref for a second reference) writes."""
    persons = [n.person for n in new]
    inserts.insert(persons)
    inserts.insert(
        [ParticipantRef(person_id=n.person.pk, organization=org, ref=ref) for n in new for org, ref in n.refs]
    )
    record_many(
        user,
        AuditAction.CREATE,
        persons,
        changes=[diff({}, snapshot(p, PERSON_FIELDS)) for p in persons],
    )
    # A reference beyond the first is added the way set_participant_ref adds it, with its entry.
    more = [(n.person, org, ref) for n in new for org, ref in n.refs[1:]]
    record_many(
        user,
        AuditAction.UPDATE,
        [p for p, _org, _ref in more],
        changes=[{"ref": [None, f"{org.code}:{ref}"]} for _p, org, ref in more],
    )


_FRESH_EXIT: dict[str, Any] = {name: None for name in EXIT_FIELDS} | {
    "exit_reason": "",
    "next_actor": "",
    "income_source_exit": "",
    "occupation_exit": "",
    "project_exit_reason": None,
    "other_outcomes": [],
}


@_in_chunks
def create_enrollments(user, new: list[NewEnrollment]) -> None:
    """What enroll_participant (and register_exit for an ended one) writes."""
    enrollments = [n.enrollment for n in new]
    # The entry enroll_participant writes is taken before the exit is set.
    created = [
        diff(
            {},
            {
                **{name: getattr(n.enrollment, name) for name in ENROLLMENT_FIELDS},
                "project": n.project_code,
                "organization": n.organization_code,
                "coordinator": n.coordinator,
            },
        )
        for n in new
    ]
    inserts.insert(enrollments)
    mark_enrolled(e.person_id for e in enrollments)  # as enroll_participant does: one UPDATE per chunk
    staff = acting_user(user)
    inserts.insert(
        [
            CoordinatorAssignment(
                enrollment_id=e.pk, coordinator_id=e.coordinator_id, from_date=e.start_date, assigned_by=staff
            )
            for e in enrollments
            if e.coordinator_id is not None
        ]
    )
    inserts.insert(
        [ExitOutcome(enrollment_id=n.enrollment.pk, outcome=o) for n in new for o in n.other_outcomes]
    )
    record_many(user, AuditAction.CREATE, enrollments, changes=created)
    exited = [n for n in new if n.enrollment.end_date is not None]
    record_many(
        user,
        AuditAction.UPDATE,
        [n.enrollment for n in exited],
        detail="avslut",
        changes=[diff(_FRESH_EXIT, exit_snapshot(n.enrollment, list(n.other_outcomes))) for n in exited],
    )


@_in_chunks
def create_measurements(user, new: list[NewMeasurement]) -> None:
    """What record_measurement writes."""
    staff = acting_user(user)
    measurements = []
    for n in new:
        values = [v for v in n.answers.values() if v is not None]
        n.measurement = Measurement(
            enrollment_id=n.enrollment_id,
            instrument=n.instrument,
            respondent=n.respondent,
            date=n.date,
            source=Source.IMPORT,
            registered_by=staff,
            language="",
            answered_sum=sum(values),
            answered_count=len(values),
        )
        measurements.append(n.measurement)
    inserts.insert(measurements)
    _insert_answers(
        (n.measurement.pk, item.pk, value) for n in new for item, value in n.answers.items() if n.measurement
    )
    # The stored score, from the answers just written (one UPDATE per batch, as every writer does).
    refresh_scores([m.pk for m in measurements])
    record_many(
        user,
        AuditAction.CREATE,
        measurements,
        person_ids=[n.person_id for n in new],
        changes=[
            {
                "instrument": [None, n.instrument.code],
                "respondent": [None, n.respondent],
                "date": [None, str(n.date)],
                "answers": [None, {item.code: value for item, value in n.answers.items()}],
            }
            for n in new
        ],
    )
    for n in new:
        n.measurement = None  # written: let it go


def _insert_answers(rows) -> None:
    """``(measurement id, item id, value)`` rows into the answers table, without a model instance
    per row: ``COPY`` on PostgreSQL, one prepared ``INSERT`` run for every row elsewhere."""
    table = connection.ops.quote_name(Answer._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in ("measurement_id", "item_id", "value"))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            for measurement_id, item_id, value in rows:
                buffer.write(f"{measurement_id}\t{item_id}\t{NULL if value is None else value}\n")
            with connection.wrap_database_errors, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write(buffer.getvalue())
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s)", list(rows))


@_in_chunks
def create_language_levels(user, levels: list[LanguageLevel]) -> None:
    """What record_language_level writes."""
    inserts.insert(levels)
    record_many(
        user,
        AuditAction.CREATE,
        levels,
        changes=[
            {"framework": [None, lv.framework], "level": [None, lv.level], "date": [None, str(lv.date)]}
            for lv in levels
        ],
    )

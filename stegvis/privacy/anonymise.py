"""Removing a person's identity while every report figure stays what it was.

:func:`anonymise_persons` is the one way identity is removed, for the retention run and for
erasure on request alike. The person row stays with gender, birth year, home municipality,
education level and the enrolments, exits, measurements and outcomes: those are what reports
count. Name, personnummer, contact details, the organisations' references, and the casework
texts, named survey texts and links of the person's enrolments go, and the change history's
old and new values about the person are dropped.

Everything is done in bulk updates over the given ids; the only per-person work in Python is
the birth date (see :func:`age_keeping_birth_dates`), computed from one query.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from stegvis.audit.models import AuditEntry
from stegvis.audit.retention import redact_changes
from stegvis.participants.models import Enrollment, ParticipantRef, Person
from stegvis.privacy import targets

ANONYMOUS_REF_PREFIX = "anonym-"


def with_merged(person_ids: Iterable[int]) -> list[int]:
    """The ids and every record merged into them (a merged record holds the same individual)."""
    found = set(person_ids)
    frontier = set(found)
    while frontier:
        frontier = (
            set(Person.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True)) - found
        )
        found |= frontier
    return sorted(found)


def _month_day(day: datetime.date) -> tuple[int, int]:
    return (day.month, day.day)


def age_keeping_birth_date(birth_date: datetime.date, starts: Iterable[datetime.date]) -> datetime.date:
    """A date in the birth year that gives the same age on every start date as the real birth date.

    Reports count age on an enrolment's start date, which depends on whether the birthday had
    come that year. The replacement is the day after the latest start (by month and day) that
    fell before the birthday, or 1 January when none did: every start keeps its side of the
    birthday, so every age band is unchanged, and the true birth date is gone.
    """
    birthday = _month_day(birth_date)
    before = [_month_day(start) for start in starts if _month_day(start) < birthday]
    if not before:
        return datetime.date(birth_date.year, 1, 1)
    month, day = max(before)
    if (month, day) == (2, 29):  # the day after is 1 March in every year
        return datetime.date(birth_date.year, 3, 1)
    return datetime.date(birth_date.year, month, day) + datetime.timedelta(days=1)


def age_keeping_birth_dates(person_ids: list[int]) -> list[Person]:
    """The persons with a birth date, each with its replacement (one query for all starts)."""
    starts: dict[int, list[datetime.date]] = defaultdict(list)
    for person_id, start in Enrollment.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "start_date"
    ):
        starts[person_id].append(start)
    changed = []
    rows = Person.objects.filter(pk__in=person_ids, birth_date__isnull=False).values_list("pk", "birth_date")
    for pk, birth_date in rows:
        assert birth_date is not None  # filtered above
        replacement = age_keeping_birth_date(birth_date, starts[pk])
        if replacement != birth_date:
            changed.append(Person(pk=pk, birth_date=replacement))
    return changed


def clear_casework(enrollments: "QuerySet[Enrollment]") -> dict[str, int]:
    """Blank the casework texts of ``enrollments``: ``{model label: rows changed}``."""
    ids = enrollments.values("pk")
    return {t.model._meta.label_lower: t.clear(ids) for t in targets.CASEWORK}


def clear_named_answers(enrollments: "QuerySet[Enrollment]") -> int:
    """Blank the free-text answers of surveys answered with name by ``enrollments``."""
    return sum(t.clear(enrollments.values("pk")) for t in targets.ANSWERS)


def void_links(enrollments: "QuerySet[Enrollment]", now: datetime.datetime) -> int:
    """Make the one-time links of ``enrollments`` unusable and empty their unsent answers.

    The rows stay (reports count invitations).
    """
    targets.LINK_DRAFTS.clear(enrollments.values("pk"))
    voided = 0
    for model in targets.LINK_MODELS:
        links = model._default_manager.filter(enrollment__in=enrollments.values("pk")).exclude(
            token_hash__startswith=targets.VOID_PREFIX
        )
        voided += links.update(
            token_hash=Concat(Value(targets.VOID_PREFIX), Cast("pk", output_field=CharField())),
        )
        model._default_manager.filter(enrollment__in=enrollments.values("pk"), expires_at__gt=now).update(
            expires_at=now
        )
    return voided


def clear_expired_drafts(now: datetime.datetime) -> int:
    """Empty the unsent answers kept on links that have expired (they can no longer be sent)."""
    return targets.LINK_DRAFTS.clear(Q(expires_at__lte=now))


def expired_drafts(now: datetime.datetime) -> int:
    """How many expired links still hold unsent answers (what :func:`clear_expired_drafts` would empty)."""
    return targets.LINK_DRAFTS.rows(Q(expires_at__lte=now)).count()


def anonymise_persons(person_ids: Iterable[int], now: datetime.datetime | None = None) -> dict[str, int]:
    """Remove the identity of these persons (and of records merged into them); returns counts.

    Safe to call for someone already anonymised: nothing is left to remove, so the counts of
    removed values are zero. Runs in one transaction.
    """
    now = now or timezone.now()
    ids = with_merged(person_ids)
    with transaction.atomic():
        persons = Person.objects.filter(pk__in=ids)
        enrollments = Enrollment.objects.filter(person_id__in=ids)
        Person.objects.bulk_update(age_keeping_birth_dates(ids), ["birth_date"], batch_size=500)
        anonymised = persons.filter(anonymised_at__isnull=True).update(anonymised_at=now)
        persons.update(
            personnummer=None,
            first_name="",
            last_name="",
            phone="",
            email="",
            contact_preference="",
            language="",
            interpreter_needed=None,
            version=F("version") + 1,
        )
        references = (
            ParticipantRef.objects.filter(person_id__in=ids)
            .exclude(ref__startswith=ANONYMOUS_REF_PREFIX)
            .update(ref=Concat(Value(ANONYMOUS_REF_PREFIX), Cast("pk", output_field=CharField())))
        )
        counts = {
            "persons": anonymised,
            "references": references,
            "identity_elsewhere": sum(t.clear(persons.values("pk")) for t in targets.IDENTITY),
            "casework": sum(clear_casework(enrollments).values()),
            "answers": clear_named_answers(enrollments),
            "links": void_links(enrollments, now),
            "audit_redacted": redact_changes(AuditEntry.objects.filter(person_id__in=ids)),
        }
    return counts

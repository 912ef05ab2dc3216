"""The age at an enrolment's start, stored on the enrolment and kept current by its writers.

Every report counts people by their age on the enrolment's start date (the age bands, the ESF+
age classes, SUS). Working it out in each query means reading the person of every enrolment:
a look-up per row in a table of a million persons, which cost more than the rest of the
report's grouped query together. Stored on the enrolment (``Enrollment.age_at_start``) the age
is one more column of the index the report already reads.

The age follows the spec: from the birth date when the person has one (one less before the
birthday in the start year), else start year minus birth year. It is written by
``Enrollment.save`` and by every writer that changes a start date or a birth date without it:
:func:`refresh_ages` after a person's birth date changes or enrolments move to another person
(a merge), the bulk writers when they build enrolments (:meth:`Person.age_on`). :func:`stale_ages`
finds an enrolment whose stored age disagrees with its person; the test suite checks after every
test that there is none, so a writer that forgets is caught.
"""

import datetime
from typing import Any

from django.apps import apps
from django.db.models import Case, F, IntegerField, OuterRef, QuerySet, Subquery, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.db.models.lookups import Exact, GreaterThan


def age_on(birth_date: datetime.date | None, birth_year: int, day: datetime.date) -> int:
    """Age on ``day``: from the birth date when known, else the difference of the years (the spec's rule)."""
    if birth_date:
        return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
    return day.year - birth_year


def _person_age_expression() -> Case:
    """Age on the enrolment's start date, over a person row, with the start date from the outer query."""
    start_year = OuterRef("_start_year")
    birth_month, birth_day = ExtractMonth("birth_date"), ExtractDay("birth_date")
    before_birthday = GreaterThan(birth_month, OuterRef("_start_month")) | (
        Exact(birth_month, OuterRef("_start_month")) & GreaterThan(birth_day, OuterRef("_start_day"))
    )
    return Case(
        When(birth_date__isnull=True, then=start_year - F("birth_year")),
        When(before_birthday, then=start_year - ExtractYear("birth_date") - 1),
        default=start_year - ExtractYear("birth_date"),
        output_field=IntegerField(),
    )


def _with_start_parts(enrollments: QuerySet[Any]) -> QuerySet[Any]:
    """The start date's year, month and day as columns, for the person subquery to compare with."""
    return enrollments.annotate(
        _start_year=ExtractYear("start_date"),
        _start_month=ExtractMonth("start_date"),
        _start_day=ExtractDay("start_date"),
    )


def _age_from_person(person_model: Any) -> Subquery:
    """The age of the enrolment's person on its start date, read from the person row.

    Only valid on a queryset of enrolments with the start parts annotated (:func:`_with_start_parts`).
    """
    person = person_model.objects.filter(pk=OuterRef("person_id")).annotate(_age=_person_age_expression())
    return Subquery(person.values("_age")[:1], output_field=IntegerField())


def refresh_ages(enrollments: "QuerySet[Any]") -> int:
    """Write the age at the start of ``enrollments`` from their persons: one UPDATE, however many.

    Works on a migration's historical models too: the person model is the one ``enrollments`` names.
    """
    person_model = enrollments.model._meta.get_field("person").related_model
    return _with_start_parts(enrollments.order_by()).update(age_at_start=_age_from_person(person_model))


def stale_ages() -> "QuerySet[Any]":
    """Enrolments whose stored age disagrees with their person's: none, when every writer is right."""
    enrollment_model = apps.get_model("participants", "Enrollment")
    person_model = enrollment_model._meta.get_field("person").related_model
    return (
        _with_start_parts(enrollment_model.objects.order_by())
        .alias(_age=_age_from_person(person_model))
        .exclude(age_at_start=F("_age"))
    )

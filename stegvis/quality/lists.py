"""The rows of the data-quality page: one kind at a time, a page at a time, each with where it is fixed.

Every list starts from the enrolments the page covers (already limited to what the user may
see) and from :func:`stegvis.quality.kinds.flagged`, so a row is listed exactly when it is
counted. A page of rows costs two queries (its count and its rows; duplicates one more for the
two persons of each pair), whatever the number of rows.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from stegvis.participants.models import Person
from stegvis.participants.tables import user_label
from stegvis.quality.duplicates import DuplicatePairs
from stegvis.quality.kinds import (
    CONSENT,
    DUPLICATES,
    ENROLLMENT_FLAGS,
    MISSING_EXIT,
    OUTSIDE,
    STATUS_EXIT,
    STATUS_START,
    count_aggregates,
    flagged,
    outside_measurements,
)

PER_PAGE = 25

#: Where each kind is put right, and what the link says.
FIX = {
    MISSING_EXIT: ("participants:exit", _("Registrera avslut")),
    STATUS_START: ("participants:enrollment_edit", _("Ändra inskrivningen")),
    STATUS_EXIT: ("participants:exit", _("Rätta avslutet")),
    CONSENT: ("consent:create", _("Registrera samtycke")),
    OUTSIDE: ("progression:measurement_edit", _("Ändra mätningen")),
    DUPLICATES: ("participants:merge", _("Jämför och slå samman")),
}


@dataclass
class Row:
    """One problem as the page shows it: who, what, and the link that fixes it."""

    persons: list
    project: object
    detail: str
    coordinator: str
    fix_url: str


def _fix_url(kind, pk, query=""):
    return reverse(FIX[kind][0], args=[pk]) + query


def _enrollment_rows(kind, scope, on, number):
    rows = (
        flagged(scope, on)
        .filter(**{kind: True})
        .select_related("person", "project", "organization", "coordinator")
        .order_by("start_date", "pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(number)
    query = "?typ=registrering" if kind == CONSENT else ""
    return page, [
        Row(
            persons=[e.person],
            project=e.project,
            detail=_enrollment_detail(kind, e, on),
            coordinator=user_label(e.coordinator),
            fix_url=_fix_url(kind, e.pk, query),
        )
        for e in page.object_list
    ]


def _enrollment_detail(kind, enrollment, on):
    period = f"{enrollment.start_date:%Y-%m-%d}–{enrollment.end_date or ''}"
    if kind == MISSING_EXIT:
        ended = enrollment.project.end_date is not None and enrollment.project.end_date < on
        reason = _("projektet slutade %(day)s") % {"day": enrollment.project.end_date} if ended else None
        return f"{period}, {reason or _('ingen registrering på 180 dagar')}"
    return f"{period}, {enrollment.organization.name}"


def _measurement_rows(scope, on, number):
    rows = (
        outside_measurements(on)
        .filter(enrollment__in=scope)
        .select_related("enrollment__person", "enrollment__project", "enrollment__coordinator", "instrument")
        .order_by("date", "pk")
    )
    page = Paginator(rows, PER_PAGE).get_page(number)
    return page, [
        Row(
            persons=[m.enrollment.person],
            project=m.enrollment.project,
            detail=_("%(instrument)s %(day)s, inskrivning %(start)s–%(end)s")
            % {
                "instrument": m.instrument.name,
                "day": m.date,
                "start": m.enrollment.start_date,
                "end": m.enrollment.end_date or "",
            },
            coordinator=user_label(m.enrollment.coordinator),
            fix_url=_fix_url(OUTSIDE, m.pk),
        )
        for m in page.object_list
    ]


def _duplicate_rows(scope, number):
    page = Paginator(DuplicatePairs(scope), PER_PAGE).get_page(number)
    pairs = list(page.object_list)
    ids = {pk for pair in pairs for pk in pair}
    persons = Person.objects.in_bulk(ids) if ids else {}
    rows = []
    for first_id, second_id in pairs:
        first, second = persons[first_id], persons[second_id]
        born = first.birth_date or first.birth_year
        rows.append(
            Row(
                persons=[first, second],
                project=None,
                detail=_("född %(born)s") % {"born": born},
                coordinator="",
                fix_url=_fix_url(DUPLICATES, first_id, f"?duplicate={second_id}"),
            )
        )
    return page, rows


def problem_rows(kind, scope, on, number=1):
    """``(page, rows)`` of ``kind`` among ``scope`` on ``on``: the page of the paginator and its rows."""
    if kind == DUPLICATES:
        return _duplicate_rows(scope, number)
    if kind == OUTSIDE:
        return _measurement_rows(scope, on, number)
    return _enrollment_rows(kind, scope, on, number)


def per_coordinator(scope, on):
    """Counts of the enrolment kinds and the measurements outside, per coordinator (one query).

    Duplicates are pairs of persons, not anyone's enrolment, so they have no coordinator.
    """
    rows = (
        scope.order_by()
        .values("coordinator_id")
        .annotate(
            **count_aggregates(on),
            _first=F("coordinator__first_name"),
            _last=F("coordinator__last_name"),
            _username=F("coordinator__username"),
        )
        .order_by("_first", "_last", "coordinator_id")
    )
    result = []
    for row in rows:
        counts = {kind: row[kind] or 0 for kind in (*ENROLLMENT_FLAGS, OUTSIDE)}
        if not any(counts.values()):
            continue
        name = f"{row['_first'] or ''} {row['_last'] or ''}".strip() or row["_username"] or ""
        result.append({"name": name, "counts": counts, "total": sum(counts.values())})
    return result

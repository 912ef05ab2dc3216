"""What is due under the retention rules on a given day, as database filters.

Each kind of data has a period per organisation (:class:`RetentionRule`, or the defaults). A
period runs from the day an enrolment of that organisation ends; an active enrolment is never
due. Identity and audit entries belong to the person, so they are due only when *every* one of
the person's enrolments is due in its own organisation: the longest period wins. Casework texts,
survey answers and links belong to one enrolment and follow that enrolment's organisation.

The filters hold one term per organisation with its own rule, never one per person, so a run
asks the database a fixed number of questions however many people are due.
"""

import datetime
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q, QuerySet

from stegvis.organizations.models import Organization
from stegvis.participants.models import Enrollment, Person
from stegvis.privacy.models import (
    DEFAULT_ANSWERS_MONTHS,
    DEFAULT_AUDIT_MONTHS,
    DEFAULT_CASEWORK_MONTHS,
    DEFAULT_IDENTITY_MONTHS,
    DEFAULT_LINKS_MONTHS,
    RetentionRule,
)

IDENTITY = "identity"
CASEWORK = "casework"
ANSWERS = "answers"
LINKS = "links"
AUDIT = "audit"

DEFAULT_MONTHS = {
    IDENTITY: DEFAULT_IDENTITY_MONTHS,
    CASEWORK: DEFAULT_CASEWORK_MONTHS,
    ANSWERS: DEFAULT_ANSWERS_MONTHS,
    LINKS: DEFAULT_LINKS_MONTHS,
    AUDIT: DEFAULT_AUDIT_MONTHS,
}
KINDS = tuple(DEFAULT_MONTHS)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved back ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


@dataclass(frozen=True)
class Cutoffs:
    """For one kind: enrolments that ended before the cutoff of their organisation are due."""

    by_organization: dict[int, datetime.date]
    default: datetime.date

    def ended_before(self, field: str = "") -> Q:
        """Enrolments (reached through ``field``, e.g. ``"enrollment__"``) whose period has passed."""
        terms = [
            Q(**{f"{field}organization_id": org_id, f"{field}end_date__lt": cutoff})
            for org_id, cutoff in self.by_organization.items()
        ]
        terms.append(
            ~Q(**{f"{field}organization_id__in": list(self.by_organization)})
            & Q(**{f"{field}end_date__lt": self.default})
        )
        return reduce(or_, terms)

    def still_held(self) -> Q:
        """Enrolments that still hold the data: active, or ended within their organisation's period.

        Stated positively rather than as a negation of :meth:`ended_before`, so an open end date
        (NULL) plainly counts as held on every database.
        """
        terms = [Q(end_date__isnull=True)]
        terms += [
            Q(organization_id=org_id, end_date__gte=cutoff) for org_id, cutoff in self.by_organization.items()
        ]
        terms.append(~Q(organization_id__in=list(self.by_organization)) & Q(end_date__gte=self.default))
        return reduce(or_, terms)

    def registered_before(self) -> Q:
        """Persons never enrolled: their period runs from when they were registered."""
        terms = [
            Q(registered_by_id=org_id, created_at__date__lt=cutoff)
            for org_id, cutoff in self.by_organization.items()
        ]
        terms.append(
            ~Q(registered_by_id__in=list(self.by_organization)) & Q(created_at__date__lt=self.default)
        )
        return reduce(or_, terms)


def cutoffs(kind: str, today: datetime.date) -> Cutoffs:
    """The cutoff dates of ``kind`` on ``today``: one per organisation with a rule, and the default."""
    field = f"{kind}_months"
    months = dict(RetentionRule.objects.values_list("organization_id", field))
    return Cutoffs(
        {org_id: months_before(today, n) for org_id, n in months.items()},
        months_before(today, DEFAULT_MONTHS[kind]),
    )


def due_enrollments(kind: str, today: datetime.date) -> "QuerySet[Enrollment]":
    """Ended enrolments whose ``kind`` data has passed its organisation's period."""
    return Enrollment.objects.filter(cutoffs(kind, today).ended_before())


def persons_due(kind: str, today: datetime.date) -> "QuerySet[Person]":
    """Persons none of whose enrolments still holds ``kind`` (every organisation's period passed).

    A person never enrolled is due by the rule of the organisation that registered them. Records
    merged into another follow the record they were merged into (see :mod:`.anonymise`).
    """
    cut = cutoffs(kind, today)
    enrolments = Enrollment.objects.filter(person=OuterRef("pk"))
    held = enrolments.filter(cut.still_held())
    return Person.objects.filter(merged_into__isnull=True).filter(
        ~Exists(held) & (Exists(enrolments) | cut.registered_before())
    )


def identity_due(today: datetime.date) -> "QuerySet[Person]":
    """Persons to anonymise on ``today``: not yet anonymised, and every enrolment's period passed."""
    return persons_due(IDENTITY, today).filter(anonymised_at__isnull=True)


def months_of(organization: Organization) -> dict[str, int]:
    """``{kind: months}`` in force for ``organization`` (its rule, or the defaults)."""
    rule = RetentionRule.objects.filter(organization=organization).first()
    if rule is None:
        return dict(DEFAULT_MONTHS)
    return {kind: getattr(rule, f"{kind}_months") for kind in KINDS}

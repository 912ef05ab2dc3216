"""Every write of the privacy app: the retention rules and erasure on request.

``user`` is the staff member acting (``None``: the command line). Each action validates, writes
and records its audit entry in one transaction; errors are :class:`ActionError` keyed by field.
"""

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, record
from stegvis.core.access import scope_of
from stegvis.core.concurrency import save_versioned
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.organizations.models import Organization
from stegvis.participants.models import Person
from stegvis.privacy.anonymise import anonymise_persons
from stegvis.privacy.models import MAX_MONTHS, MIN_MONTHS, RetentionRule
from stegvis.privacy.rules import KINDS

if TYPE_CHECKING:
    from stegvis.core.access import Actor

REASON_MAX_LENGTH = 300


def _require_admin(user: "Actor") -> None:
    if user is not None and not scope_of(user).is_admin:
        raise NotAllowed()


def _months(values: dict[str, Any]) -> dict[str, int]:
    months: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for kind in KINDS:
        name = f"{kind}_months"
        try:
            months[name] = int(values.get(name))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            months[name] = 0
        if not MIN_MONTHS <= months[name] <= MAX_MONTHS:
            errors[name] = [
                _("Ange ett helt antal månader mellan %(min)s och %(max)s.")
                % {"min": MIN_MONTHS, "max": MAX_MONTHS}
            ]
    if errors:
        raise ActionError(errors)
    return months


@transaction.atomic
def set_retention_rule(
    user: "Actor", organization: Organization, *, version: int | str | None = None, **values: Any
) -> RetentionRule:
    """Set how many months ``organization`` keeps each kind of data after an enrolment ends."""
    _require_admin(user)
    months = _months(values)
    rule, created = RetentionRule.objects.get_or_create(organization=organization, defaults=months)
    before = {name: getattr(rule, name) for name in months}
    if not created:
        for name, value in months.items():
            setattr(rule, name, value)
        save_versioned(rule, rule.version if version in (None, "") else version, list(months))
    record(
        user,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        rule,
        changes={name: [None if created else before[name], months[name]] for name in months},
    )
    return rule


@transaction.atomic
def anonymise_on_request(
    user: "Actor", person: Person, *, reason: str, force: bool = False
) -> dict[str, int]:
    """Erase a person's identity on request (the same removal as retention); returns the counts.

    Refused while the person has an active enrolment unless ``force``: the enrolment's work is
    then done without a name. The audit entry holds the reason and the counts, never a value.
    """
    _require_admin(user)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError({"reason": [_("Ange skälet till anonymiseringen.")]})
    if len(reason) > REASON_MAX_LENGTH:
        raise ActionError({"reason": [_("Skälet får vara högst %(n)s tecken.") % {"n": REASON_MAX_LENGTH}]})
    if not force and person.enrollments.filter(end_date__isnull=True).exists():
        raise ActionError(
            {
                "force": [
                    _(
                        "Deltagaren har en pågående inskrivning. Avsluta den först, eller bekräfta att "
                        "uppgifterna ska anonymiseras ändå."
                    )
                ]
            }
        )
    counts = anonymise_persons([person.pk])
    record(
        user,
        AuditAction.DELETE,
        person,
        changes={name: [None, value] for name, value in counts.items()},
        detail=_("Anonymiserad på begäran: %(reason)s") % {"reason": reason},
    )
    return counts

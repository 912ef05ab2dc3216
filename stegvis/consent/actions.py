"""Every write of consent: validate, write and audit in one transaction.

``user`` is the staff member acting (``None``: the command line or the demo); the one who records
is stored automatically, never chosen in a form. Errors are :class:`~stegvis.core.errors.ActionError`
with Swedish messages keyed by field, so the form shows each at its field. Two people recording
the same consent at once: the partial unique index lets one win and the other gets the
"already recorded" message; a stale withdrawal raises :class:`~stegvis.core.errors.ConflictError`.
"""

import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, diff, record
from stegvis.consent.models import Consent, ConsentKind, ConsentMethod, actor_key
from stegvis.core.access import CHANGE, acting_user, require
from stegvis.core.concurrency import save_versioned
from stegvis.core.errors import ActionError
from stegvis.organizations.models import Organization
from stegvis.participants.actions import clear_voluntary_answers
from stegvis.participants.models import Enrollment

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from stegvis.core.access import Actor

ACTOR_NAME_MAX: int = Consent._meta.get_field("actor_name").max_length or 0
GIVEN_FIELDS = ("kind", "actor_organization", "actor_name", "given_on", "method", "note")
WITHDRAWN_FIELDS = ("withdrawn_on", "withdrawal_note", "withdrawn_recorded_by")


def _date_errors(day: datetime.date | None, missing: str) -> list[str]:
    if day is None:
        return [missing]
    if day > datetime.date.today():
        return [_("Datumet kan inte vara i framtiden.")]
    return []


def _actor_field(consent: Consent) -> str:
    """Where a message about "this consent again" belongs: the actor for contact, else the kind."""
    return "actor_name" if consent.kind == ConsentKind.CONTACT else "kind"


def _validate_given(consent: Consent) -> None:
    """All field errors at once, so the form shows every problem in one round."""
    errors: dict[str, list[str]] = {}
    if consent.kind not in ConsentKind.values:
        errors["kind"] = [_("Välj vad samtycket gäller.")]
    if consent.method not in ConsentMethod.values:
        errors["method"] = [_("Välj hur samtycket lämnades.")]
    if problems := _date_errors(consent.given_on, _("Ange datum då samtycket lämnades.")):
        errors["given_on"] = problems
    has_actor = consent.actor_organization_id is not None or consent.actor_name
    if consent.kind == ConsentKind.CONTACT and not has_actor:
        errors["actor_name"] = [
            _("Ange vilken aktör samtycket gäller: välj en organisation eller skriv namnet.")
        ]
    elif consent.kind in (ConsentKind.REGISTRATION, ConsentKind.SUS) and has_actor:
        errors["actor_name"] = [_("Aktör anges bara för samtycke till kontakt med annan aktör.")]
    if len(consent.actor_name) > ACTOR_NAME_MAX:
        errors["actor_name"] = [_("Aktörens namn får vara högst %(max)s tecken.") % {"max": ACTOR_NAME_MAX}]
    if errors:
        raise ActionError(errors)


def _same_consent(consent: Consent) -> "QuerySet[Consent]":
    return Consent.objects.filter(
        enrollment_id=consent.enrollment_id, kind=consent.kind, actor_key=consent.actor_key
    )


def _already_in_force(consent: Consent, current: Consent | None) -> ActionError:
    """The message for a consent that is in force already (``current``, when it could be read)."""
    shown = current or consent
    what = (
        _("Kontakt med %(actor)s") % {"actor": shown.actor_label}
        if consent.kind == ConsentKind.CONTACT
        else consent.get_kind_display()
    )
    return ActionError(
        {
            _actor_field(consent): [
                _(
                    "%(what)s: samtycke är redan registrerat och gäller sedan %(date)s. Återkalla det först om något "
                    "har ändrats."
                )
                % {"what": what, "date": shown.given_on}
            ]
        }
    )


def _check_history(consent: Consent) -> None:
    """One consent of the kind (and actor) in force at a time, and periods that do not overlap."""
    same = _same_consent(consent)
    current = same.filter(withdrawn_on__isnull=True).select_related("actor_organization").first()
    if current is not None:
        raise _already_in_force(consent, current)
    last = same.order_by("-withdrawn_on").values_list("withdrawn_on", flat=True).first()
    if last is not None and consent.given_on < last:
        raise ActionError(
            {
                "given_on": [
                    _(
                        "Ett tidigare samtycke av samma slag återkallades %(date)s. Det nya samtycket kan gälla "
                        "tidigast från den dagen."
                    )
                    % {"date": last}
                ]
            }
        )


def _snapshot(consent: Consent, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(consent, name) for name in names}


@transaction.atomic
def give_consent(
    user: "Actor",
    enrollment: Enrollment,
    *,
    kind: str | None,
    given_on: datetime.date | None,
    method: str | None,
    actor_organization: Organization | None = None,
    actor_name: str | None = "",
    note: str | None = "",
) -> Consent:
    """Record that the participant of ``enrollment`` gave consent of ``kind`` on ``given_on``.

    For ``kontakt`` the actor is named by ``actor_organization``, ``actor_name`` (free text) or both.
    A consent given again after a withdrawal is a new record; the withdrawn one stays as history.
    """
    require(user, CHANGE, enrollment)
    consent = Consent(
        enrollment=enrollment,
        kind=kind or "",
        given_on=given_on,  # type: ignore[misc]  # a missing date is reported by _validate_given
        method=method or "",
        actor_organization=actor_organization,
        actor_name=" ".join((actor_name or "").split()),
        note=(note or "").strip(),
        recorded_by=acting_user(user),
    )
    _validate_given(consent)
    consent.actor_key = actor_key(consent.kind, consent.actor_organization_id, consent.actor_name)
    _check_history(consent)
    try:
        with transaction.atomic():
            consent.save()
    except IntegrityError:  # recorded by someone else a moment ago
        current = (
            _same_consent(consent)
            .filter(withdrawn_on__isnull=True)
            .select_related("actor_organization")
            .first()
        )
        raise _already_in_force(consent, current) from None
    record(
        user,
        AuditAction.CREATE,
        consent,
        person=enrollment.person,
        changes=diff({}, _snapshot(consent, GIVEN_FIELDS)),
        detail=_("Samtycke lämnat"),
    )
    return consent


def voluntary_consent_in_force(enrollment: Enrollment) -> bool:
    """Whether the enrolment has the consent to the voluntary ESF+ data in force today."""
    return Consent.objects.filter(
        enrollment=enrollment, kind=ConsentKind.ESF, withdrawn_on__isnull=True
    ).exists()


def give_voluntary_consent(
    user: "Actor", enrollment: Enrollment, given_on: datetime.date, method: str
) -> None:
    """The consent to the voluntary ESF+ data, given with the answers in the enrolment's form."""
    give_consent(user, enrollment, kind=ConsentKind.ESF, given_on=given_on, method=method)


@transaction.atomic
def withdraw_consent(
    user: "Actor",
    consent: Consent,
    *,
    version: int | str,
    withdrawn_on: datetime.date | None,
    note: str | None = "",
) -> Consent:
    """Record that ``consent`` was withdrawn on ``withdrawn_on``; the record itself is kept.

    ``version`` is the one the form was opened with, so a withdrawal recorded by someone else in
    the meantime is a conflict rather than a second withdrawal over the first.
    """
    enrollment = consent.enrollment
    require(user, CHANGE, enrollment)
    if consent.withdrawn_on is not None:
        raise ActionError(_("Samtycket återkallades redan %(date)s.") % {"date": consent.withdrawn_on})
    errors: dict[str, list[str]] = {}
    if problems := _date_errors(withdrawn_on, _("Ange datum då samtycket återkallades.")):
        errors["withdrawn_on"] = problems
    elif withdrawn_on is not None and withdrawn_on < consent.given_on:
        errors["withdrawn_on"] = [
            _("Samtycket kan inte återkallas före den dag det lämnades (%(date)s).")
            % {"date": consent.given_on}
        ]
    if errors:
        raise ActionError(errors)
    before = _snapshot(consent, WITHDRAWN_FIELDS)
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_note = (note or "").strip()
    consent.withdrawn_recorded_by = acting_user(user)
    consent.withdrawn_recorded_at = timezone.now()
    save_versioned(consent, version, [*WITHDRAWN_FIELDS, "withdrawn_recorded_at"])
    record(
        user,
        AuditAction.UPDATE,
        consent,
        person=enrollment.person,
        changes=diff(before, _snapshot(consent, WITHDRAWN_FIELDS)),
        detail=_("Samtycke återkallat"),
    )
    if consent.kind == ConsentKind.ESF:
        clear_voluntary_answers(user, enrollment)
    return consent

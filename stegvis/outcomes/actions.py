"""Every write of follow-ups after exit: validate, write and audit in one transaction.

``user`` is the staff member acting (``None``: the command line or the demo). Errors are
:class:`~stegvis.core.errors.ActionError` with Swedish messages keyed by the field they concern,
so the form shows each at its field; a stale edit raises :class:`~stegvis.core.errors.ConflictError`.
"""

import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, diff, record
from stegvis.core.access import CHANGE, acting_user, require
from stegvis.core.concurrency import save_versioned
from stegvis.core.errors import ActionError
from stegvis.outcomes import schedule
from stegvis.outcomes.models import ExitFollowUp, Situation
from stegvis.participants.models import Enrollment

if TYPE_CHECKING:
    from stegvis.core.access import Actor

FIELDS = ("months", "followed_up_on", "situation", "work_extent", "improved_situation", "note")
EDITABLE = FIELDS[1:]  # the point itself is fixed once recorded


def _validate(enrollment: Enrollment, follow_up: ExitFollowUp) -> None:
    """All field errors at once, so the form shows every problem in one round."""
    if enrollment.end_date is None:
        raise ActionError(
            _("Inskrivningen är inte avslutad. Uppföljning efter avslut görs först efter avslutet.")
        )
    errors: dict[str, list[str]] = {}
    months = follow_up.months
    if months not in schedule.POINTS:
        errors["months"] = [_("Välj uppföljning efter 1, 3 eller 6 månader.")]
    day = follow_up.followed_up_on
    if day is None:
        errors["followed_up_on"] = [_("Ange uppföljningsdatum.")]
    elif day > datetime.date.today():
        errors["followed_up_on"] = [_("Uppföljningsdatum kan inte vara i framtiden.")]
    elif day < enrollment.end_date:
        errors["followed_up_on"] = [
            _("Uppföljningsdatum kan inte vara före avslutet (%(date)s).") % {"date": enrollment.end_date}
        ]
    elif months in schedule.POINTS and day < schedule.window_opens(enrollment.end_date, months):
        errors["followed_up_on"] = [
            _("Uppföljningen efter %(months)s månad(er) kan göras tidigast %(date)s.")
            % {"months": months, "date": schedule.window_opens(enrollment.end_date, months)}
        ]
    if follow_up.situation not in Situation.values:
        errors["situation"] = [_("Välj personens situation.")]
    extent = follow_up.work_extent
    if extent is not None:
        if follow_up.situation != Situation.ARBETE:
            errors["work_extent"] = [_("Arbetstid anges bara när situationen är arbete.")]
        elif not 0 <= extent <= 100:
            errors["work_extent"] = [_("Arbetstid ska vara mellan 0 och 100 %.")]
    if follow_up.improved_situation not in (None, True, False):
        errors["improved_situation"] = [_("Svara ja, nej eller lämna tomt.")]
    if errors:
        raise ActionError(errors)


def _snapshot(follow_up: ExitFollowUp) -> dict[str, Any]:
    return {name: getattr(follow_up, name) for name in FIELDS}


def _already_recorded(months: int) -> ActionError:
    return ActionError(
        {
            "months": [
                _("Uppföljningen efter %(months)s månad(er) är redan registrerad för den här inskrivningen.")
                % {"months": months}
            ]
        }
    )


@transaction.atomic
def record_exit_follow_up(
    user: "Actor",
    enrollment: Enrollment,
    *,
    months: int,
    followed_up_on: datetime.date | None,
    situation: str | None,
    work_extent: int | None = None,
    improved_situation: bool | None = None,
    note: str | None = "",
) -> ExitFollowUp:
    """Record the person's situation ``months`` (1, 3 or 6) after the enrolment ended."""
    require(user, CHANGE, enrollment)
    follow_up = ExitFollowUp(
        enrollment=enrollment,
        months=months,
        followed_up_on=followed_up_on,  # type: ignore[misc]  # a missing date is reported by _validate
        situation=situation or "",
        work_extent=work_extent,
        improved_situation=improved_situation,
        note=(note or "").strip(),
        recorded_by=acting_user(user),
    )
    _validate(enrollment, follow_up)
    if ExitFollowUp.objects.filter(enrollment=enrollment, months=months).exists():
        raise _already_recorded(months)
    try:
        with transaction.atomic():
            follow_up.save()
    except IntegrityError:  # recorded by someone else a moment ago
        raise _already_recorded(months) from None
    record(
        user, AuditAction.CREATE, follow_up, person=enrollment.person, changes=diff({}, _snapshot(follow_up))
    )
    return follow_up


@transaction.atomic
def update_exit_follow_up(
    user: "Actor", follow_up: ExitFollowUp, *, version: int | str, **fields: Any
) -> ExitFollowUp:
    """Correct a recorded follow-up; ``version`` is the one the form was opened with."""
    enrollment = follow_up.enrollment
    require(user, CHANGE, enrollment)
    before = _snapshot(follow_up)
    for name, value in fields.items():
        if name not in EDITABLE:
            raise TypeError(f"Unknown or fixed follow-up field: {name}")
        setattr(follow_up, name, value)
    follow_up.note = (follow_up.note or "").strip()
    follow_up.situation = follow_up.situation or ""
    _validate(enrollment, follow_up)
    after = _snapshot(follow_up)
    save_versioned(follow_up, version, list(EDITABLE))
    record(user, AuditAction.UPDATE, follow_up, person=enrollment.person, changes=diff(before, after))
    return follow_up

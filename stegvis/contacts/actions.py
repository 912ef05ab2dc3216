"""Every write of contacts, network meetings and support periods: validate, write, audit, in one transaction.

``user`` is the staff member acting (``None``: the command line or the demo). Errors are
:class:`~stegvis.core.errors.ActionError` with Swedish messages keyed by field, so forms show
each at its field; edits carry the ``version`` the form was opened with, and a stale one raises
:class:`~stegvis.core.errors.ConflictError` without writing anything.
"""

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, diff, record
from stegvis.contacts.models import Actor as MeetingActorKind
from stegvis.contacts.models import (
    Channel,
    Contact,
    MeetingActor,
    MeetingKind,
    NetworkMeeting,
    SupportEndReason,
    SupportFollowUp,
    SupportKind,
    SupportPeriod,
)
from stegvis.core.access import CHANGE, acting_user, require
from stegvis.core.concurrency import save_versioned
from stegvis.core.errors import ActionError, ConflictError
from stegvis.participants.models import Enrollment

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import Model, QuerySet

    from stegvis.core.access import Actor

# A meeting may be booked ahead; further than this is more likely a typo in the year.
MAX_DAYS_AHEAD = 366
MAX_DURATION_MINUTES = 600


def _today() -> datetime.date:
    return datetime.date.today()


def _strip(value: str | None) -> str:
    return (value or "").strip()


def _apply(
    row: "Model",
    fields: dict[str, Any],
    allowed: Iterable[str],
    *,
    text: Iterable[str] = (),
    choices: Iterable[str] = (),
) -> None:
    """Set ``fields`` on ``row`` for an update, trimming free text and blanking empty choices."""
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"Unknown or fixed {type(row).__name__} field: {name}")
        setattr(row, name, value)
    for name in text:
        setattr(row, name, _strip(getattr(row, name)))
    for name in choices:
        setattr(row, name, getattr(row, name) or "")


def eligible_staff(enrollment: Enrollment) -> "QuerySet[User]":
    """Staff who can have taken part in a contact: anyone with a role in the enrolling
    organisation or the project, plus the enrolment's coordinator (who may have moved on)."""
    return (
        get_user_model()
        .objects.filter(
            Q(staff_roles__organization_id=enrollment.organization_id)
            | Q(staff_roles__project_id=enrollment.project_id)
            | Q(pk=enrollment.coordinator_id),
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _date_in_enrollment(
    errors: dict[str, list[str]],
    field: str,
    day: datetime.date | None,
    enrollment: Enrollment,
    *,
    future_allowed: bool = False,
    label: str,
) -> None:
    """The common date checks: given, not before the enrolment started, not in the future."""
    if day is None:
        errors[field] = [_("Ange %(label)s.") % {"label": label}]
    elif day < enrollment.start_date:
        errors[field] = [
            _("Datumet kan inte vara före inskrivningens start (%(date)s).") % {"date": enrollment.start_date}
        ]
    elif not future_allowed and day > _today():
        errors[field] = [_("Datumet kan inte vara i framtiden.")]
    elif future_allowed and day > _today() + datetime.timedelta(days=MAX_DAYS_AHEAD):
        errors[field] = [_("Datumet ligger mer än ett år fram i tiden. Kontrollera året.")]


# --- Contacts ------------------------------------------------------------------------------------

CONTACT_FIELDS = ("contact_date", "contact_time", "channel", "other_participants", "duration_minutes", "note")


def _validate_contact(contact: Contact, staff: list["User"]) -> None:
    enrollment = contact.enrollment
    errors: dict[str, list[str]] = {}
    _date_in_enrollment(errors, "contact_date", contact.contact_date, enrollment, label=_("datum"))
    if "contact_date" not in errors and enrollment.end_date and contact.contact_date > enrollment.end_date:
        errors["contact_date"] = [
            _(
                "Inskrivningen avslutades %(date)s. Kontakter efter avslutet registreras som uppföljning "
                "efter avslut eller i en stödperiod."
            )
            % {"date": enrollment.end_date}
        ]
    if contact.channel not in Channel.values:
        errors["channel"] = [_("Välj kontaktform.")]
    minutes = contact.duration_minutes
    if minutes is not None and not 1 <= minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = [
            _("Längden anges i minuter, mellan 1 och %(max)s.") % {"max": MAX_DURATION_MINUTES}
        ]
    if len(contact.other_participants) > 300:
        errors["other_participants"] = [_("Högst 300 tecken.")]
    allowed = set(eligible_staff(enrollment).values_list("pk", flat=True))
    if any(user.pk not in allowed for user in staff):
        errors["staff"] = [_("Välj personal som arbetar i projektet eller organisationen.")]
    if errors:
        raise ActionError(errors)


def _contact_snapshot(contact: Contact, staff: Iterable["User"]) -> dict[str, Any]:
    values = {name: getattr(contact, name) for name in CONTACT_FIELDS}
    values["staff"] = ", ".join(sorted(str(user.pk) for user in staff))
    return values


@transaction.atomic
def record_contact(
    user: "Actor",
    enrollment: Enrollment,
    *,
    contact_date: datetime.date | None,
    channel: str | None,
    staff: Iterable["User"] | None = None,
    contact_time: datetime.time | None = None,
    other_participants: str | None = "",
    duration_minutes: int | None = None,
    note: str | None = "",
) -> Contact:
    """Log one contact. ``staff`` defaults to the enrolment's coordinator."""
    require(user, CHANGE, enrollment)
    if staff is None:
        coordinator = enrollment.coordinator if enrollment.coordinator_id else None
        staff = [coordinator] if coordinator is not None else []
    staff = list(staff)
    contact = Contact(  # type: ignore[misc]  # a missing date is reported by _validate_contact
        enrollment=enrollment,
        contact_date=contact_date,
        contact_time=contact_time,
        channel=channel or "",
        other_participants=_strip(other_participants),
        duration_minutes=duration_minutes,
        note=_strip(note),
        recorded_by=acting_user(user),
    )
    _validate_contact(contact, staff)
    contact.save()
    contact.staff.set(staff)
    record(
        user,
        AuditAction.CREATE,
        contact,
        person=enrollment.person,
        changes=diff({}, _contact_snapshot(contact, staff)),
    )
    return contact


@transaction.atomic
def update_contact(
    user: "Actor",
    contact: Contact,
    *,
    version: int | str,
    staff: Iterable["User"] | None = None,
    **fields: Any,
) -> Contact:
    """Correct a logged contact; ``staff`` (when given) replaces those who took part."""
    enrollment = contact.enrollment
    require(user, CHANGE, enrollment)
    old_staff = list(contact.staff.all())
    before = _contact_snapshot(contact, old_staff)
    _apply(contact, fields, CONTACT_FIELDS, text=("other_participants", "note"), choices=("channel",))
    new_staff = old_staff if staff is None else list(staff)
    _validate_contact(contact, new_staff)
    save_versioned(contact, version, list(CONTACT_FIELDS))
    contact.staff.set(new_staff)
    record(
        user,
        AuditAction.UPDATE,
        contact,
        person=enrollment.person,
        changes=diff(before, _contact_snapshot(contact, new_staff)),
    )
    return contact


@transaction.atomic
def delete_contact(user: "Actor", contact: Contact, *, version: int | str) -> None:
    """Remove a contact logged by mistake (e.g. on the wrong person); the audit entry keeps what it was."""
    enrollment = contact.enrollment
    require(user, CHANGE, enrollment)
    before = _contact_snapshot(contact, list(contact.staff.all()))
    pk = contact.pk
    deleted, _rows = Contact.objects.filter(pk=pk, version=version).delete()
    if not deleted:
        raise ConflictError()
    record(
        user,
        AuditAction.DELETE,
        object_type=Contact._meta.label_lower,
        object_id=pk,
        person=enrollment.person,
        changes=diff(before, {name: None for name in before}),
    )


# --- Network meetings ----------------------------------------------------------------------------

MEETING_FIELDS = ("meeting_date", "kind", "actor_names", "decisions", "next_meeting_date", "note")


def clean_decisions(decisions: str | Iterable[str] | None) -> list[str]:
    """One decision per non-empty line (a form sends text; the demo and tests send lists)."""
    if isinstance(decisions, str):
        decisions = decisions.splitlines()
    return [line.strip() for line in decisions or [] if line and line.strip()]


def _validate_meeting(meeting: NetworkMeeting, actors: list[str]) -> None:
    enrollment = meeting.enrollment
    errors: dict[str, list[str]] = {}
    _date_in_enrollment(
        errors, "meeting_date", meeting.meeting_date, enrollment, future_allowed=True, label=_("mötets datum")
    )
    if meeting.kind not in MeetingKind.values:
        errors["kind"] = [_("Välj typ av möte.")]
    if not actors:
        errors["actors"] = [_("Välj minst en aktör som var med på mötet.")]
    elif any(actor not in MeetingActorKind.values for actor in actors):
        errors["actors"] = [_("Välj aktörer i listan.")]
    if meeting.decisions and meeting.meeting_date and meeting.meeting_date > _today():
        errors["decisions"] = [_("Beslut registreras när mötet har hållits.")]
    if any(len(line) > 500 for line in meeting.decisions):
        errors["decisions"] = [_("Varje beslut får vara högst 500 tecken.")]
    following = meeting.next_meeting_date
    if following is not None and meeting.meeting_date is not None and following <= meeting.meeting_date:
        errors["next_meeting_date"] = [_("Nästa möte måste vara efter det här mötet.")]
    if errors:
        raise ActionError(errors)


def _meeting_snapshot(meeting: NetworkMeeting, actors: Iterable[str]) -> dict[str, Any]:
    values = {name: getattr(meeting, name) for name in MEETING_FIELDS}
    values["decisions"] = " | ".join(meeting.decisions)
    values["actors"] = ", ".join(sorted(actors))
    return values


def _set_actors(meeting: NetworkMeeting, actors: Iterable[str]) -> None:
    meeting.actors.all().delete()
    MeetingActor.objects.bulk_create(
        [MeetingActor(meeting=meeting, actor=actor) for actor in sorted(set(actors))]
    )


@transaction.atomic
def record_meeting(
    user: "Actor",
    enrollment: Enrollment,
    *,
    meeting_date: datetime.date | None,
    kind: str | None,
    actors: Iterable[str] | None,
    actor_names: str | None = "",
    decisions: str | Iterable[str] | None = (),
    next_meeting_date: datetime.date | None = None,
    note: str | None = "",
) -> NetworkMeeting:
    """Record a SIP or network meeting (held, or booked ahead without decisions)."""
    require(user, CHANGE, enrollment)
    chosen = list(actors or [])
    meeting = NetworkMeeting(  # type: ignore[misc]  # a missing date is reported by _validate_meeting
        enrollment=enrollment,
        meeting_date=meeting_date,
        kind=kind or "",
        actor_names=_strip(actor_names),
        decisions=clean_decisions(decisions),
        next_meeting_date=next_meeting_date,
        note=_strip(note),
        recorded_by=acting_user(user),
    )
    _validate_meeting(meeting, chosen)
    meeting.save()
    _set_actors(meeting, chosen)
    record(
        user,
        AuditAction.CREATE,
        meeting,
        person=enrollment.person,
        changes=diff({}, _meeting_snapshot(meeting, chosen)),
    )
    return meeting


@transaction.atomic
def update_meeting(
    user: "Actor",
    meeting: NetworkMeeting,
    *,
    version: int | str,
    actors: Iterable[str] | None = None,
    **fields: Any,
) -> NetworkMeeting:
    """Correct a meeting or add what was decided once it has been held."""
    enrollment = meeting.enrollment
    require(user, CHANGE, enrollment)
    old_actors = [a.actor for a in meeting.actors.all()]
    before = _meeting_snapshot(meeting, old_actors)
    _apply(meeting, fields, MEETING_FIELDS, text=("actor_names", "note"), choices=("kind",))
    meeting.decisions = clean_decisions(meeting.decisions)
    new_actors = old_actors if actors is None else list(actors)
    _validate_meeting(meeting, new_actors)
    save_versioned(meeting, version, list(MEETING_FIELDS))
    _set_actors(meeting, new_actors)
    record(
        user,
        AuditAction.UPDATE,
        meeting,
        person=enrollment.person,
        changes=diff(before, _meeting_snapshot(meeting, new_actors)),
    )
    return meeting


# --- Support periods -----------------------------------------------------------------------------

PERIOD_FIELDS = ("kind", "started_on", "place", "role", "note")


def _validate_period(period: SupportPeriod) -> None:
    errors: dict[str, list[str]] = {}
    _date_in_enrollment(errors, "started_on", period.started_on, period.enrollment, label=_("startdatum"))
    if period.kind not in SupportKind.values:
        errors["kind"] = [_("Välj typ av stöd.")]
    if not period.place:
        errors["place"] = [_("Ange arbetsgivare eller skola.")]
    elif len(period.place) > 200:
        errors["place"] = [_("Högst 200 tecken.")]
    if len(period.role) > 200:
        errors["role"] = [_("Högst 200 tecken.")]
    if "started_on" not in errors and period.pk:
        first = period.follow_ups.order_by("followed_up_on").values_list("followed_up_on", flat=True).first()
        if first and period.started_on > first:
            errors["started_on"] = [
                _("Det finns uppföljningar före det datumet (%(date)s).") % {"date": first}
            ]
        elif period.ended_on is not None and period.ended_on < period.started_on:
            errors["started_on"] = [
                _("Stödet avslutades %(date)s; starten kan inte vara senare.") % {"date": period.ended_on}
            ]
    if errors:
        raise ActionError(errors)


def _period_snapshot(period: SupportPeriod) -> dict[str, Any]:
    return {name: getattr(period, name) for name in (*PERIOD_FIELDS, "ended_on", "end_reason")}


@transaction.atomic
def start_support_period(
    user: "Actor",
    enrollment: Enrollment,
    *,
    kind: str | None,
    started_on: datetime.date | None,
    place: str | None,
    role: str | None = "",
    note: str | None = "",
) -> SupportPeriod:
    """Start supported employment or education for a person who began work or studies."""
    require(user, CHANGE, enrollment)
    period = SupportPeriod(  # type: ignore[misc]  # a missing date is reported by _validate_period
        enrollment=enrollment,
        kind=kind or "",
        started_on=started_on,
        place=_strip(place),
        role=_strip(role),
        note=_strip(note),
        recorded_by=acting_user(user),
    )
    _validate_period(period)
    period.save()
    record(
        user, AuditAction.CREATE, period, person=enrollment.person, changes=diff({}, _period_snapshot(period))
    )
    return period


@transaction.atomic
def update_support_period(
    user: "Actor", period: SupportPeriod, *, version: int | str, **fields: Any
) -> SupportPeriod:
    """Correct a support period's details (not its end: see :func:`end_support_period`)."""
    enrollment = period.enrollment
    require(user, CHANGE, enrollment)
    before = _period_snapshot(period)
    _apply(period, fields, PERIOD_FIELDS, text=("place", "role", "note"), choices=("kind",))
    _validate_period(period)
    save_versioned(period, version, list(PERIOD_FIELDS))
    record(
        user,
        AuditAction.UPDATE,
        period,
        person=enrollment.person,
        changes=diff(before, _period_snapshot(period)),
    )
    return period


@transaction.atomic
def end_support_period(
    user: "Actor",
    period: SupportPeriod,
    *,
    version: int | str,
    ended_on: datetime.date | None,
    end_reason: str | None,
) -> SupportPeriod:
    """End the support explicitly: nothing ends it by itself, not even the enrolment's exit."""
    enrollment = period.enrollment
    require(user, CHANGE, enrollment)
    if period.ended_on is not None:
        raise ActionError(_("Stödperioden är redan avslutad (%(date)s).") % {"date": period.ended_on})
    errors: dict[str, list[str]] = {}
    if ended_on is None:
        errors["ended_on"] = [_("Ange datum då stödet avslutades.")]
    elif ended_on < period.started_on:
        errors["ended_on"] = [
            _("Stödet kan inte avslutas före starten (%(date)s).") % {"date": period.started_on}
        ]
    elif ended_on > _today():
        errors["ended_on"] = [_("Datumet kan inte vara i framtiden.")]
    else:
        last = period.follow_ups.order_by("-followed_up_on").values_list("followed_up_on", flat=True).first()
        if last and ended_on < last:
            errors["ended_on"] = [
                _("Det finns en uppföljning efter det datumet (%(date)s).") % {"date": last}
            ]
    if end_reason not in SupportEndReason.values:
        errors["end_reason"] = [_("Välj anledning till avslut.")]
    if errors:
        raise ActionError(errors)
    before = _period_snapshot(period)
    period.ended_on, period.end_reason = ended_on, end_reason  # type: ignore[assignment]  # both checked above
    save_versioned(period, version, ["ended_on", "end_reason"])
    record(
        user,
        AuditAction.UPDATE,
        period,
        person=enrollment.person,
        changes=diff(before, _period_snapshot(period)),
        detail="stödperiod avslutad",
    )
    return period


FOLLOW_UP_FIELDS = ("followed_up_on", "channel", "note")


def _validate_follow_up(follow_up: SupportFollowUp) -> None:
    period = follow_up.period
    errors: dict[str, list[str]] = {}
    day = follow_up.followed_up_on
    if day is None:
        errors["followed_up_on"] = [_("Ange datum.")]
    elif day < period.started_on:
        errors["followed_up_on"] = [
            _("Datumet kan inte vara före stödperiodens start (%(date)s).") % {"date": period.started_on}
        ]
    elif day > _today():
        errors["followed_up_on"] = [_("Datumet kan inte vara i framtiden.")]
    elif period.ended_on is not None and day > period.ended_on:
        errors["followed_up_on"] = [_("Stödperioden avslutades %(date)s.") % {"date": period.ended_on}]
    if follow_up.channel not in Channel.values:
        errors["channel"] = [_("Välj kontaktform.")]
    if errors:
        raise ActionError(errors)


def _follow_up_snapshot(follow_up: SupportFollowUp) -> dict[str, Any]:
    return {name: getattr(follow_up, name) for name in FOLLOW_UP_FIELDS}


@transaction.atomic
def record_support_follow_up(
    user: "Actor",
    period: SupportPeriod,
    *,
    followed_up_on: datetime.date | None,
    channel: str | None,
    note: str | None = "",
) -> SupportFollowUp:
    """Record one follow-up in a support period (a visit at work, a call with the person ...)."""
    enrollment = period.enrollment
    require(user, CHANGE, enrollment)
    if period.ended_on is not None:
        raise ActionError(
            _("Stödperioden är avslutad. Starta en ny stödperiod om personen vill ha stöd igen.")
        )
    follow_up = SupportFollowUp(  # type: ignore[misc]  # a missing date is reported by _validate_follow_up
        period=period,
        followed_up_on=followed_up_on,
        channel=channel or "",
        note=_strip(note),
        recorded_by=acting_user(user),
    )
    _validate_follow_up(follow_up)
    follow_up.save()
    record(
        user,
        AuditAction.CREATE,
        follow_up,
        person=enrollment.person,
        changes=diff({}, _follow_up_snapshot(follow_up)),
    )
    return follow_up


@transaction.atomic
def update_support_follow_up(
    user: "Actor", follow_up: SupportFollowUp, *, version: int | str, **fields: Any
) -> SupportFollowUp:
    enrollment = follow_up.period.enrollment
    require(user, CHANGE, enrollment)
    before = _follow_up_snapshot(follow_up)
    _apply(follow_up, fields, FOLLOW_UP_FIELDS, text=("note",), choices=("channel",))
    _validate_follow_up(follow_up)
    save_versioned(follow_up, version, list(FOLLOW_UP_FIELDS))
    record(
        user,
        AuditAction.UPDATE,
        follow_up,
        person=enrollment.person,
        changes=diff(before, _follow_up_snapshot(follow_up)),
    )
    return follow_up

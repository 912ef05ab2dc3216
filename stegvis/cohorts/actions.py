"""Every write of start groups: validate, write and audit in one transaction.

``user`` is the staff member acting (``None``: the command line or the demo). Errors are
:class:`~stegvis.core.errors.ActionError` with Swedish messages keyed by field; stale edits raise
:class:`~stegvis.core.errors.ConflictError`. Who may change a group is decided by the group's
row rule (:mod:`stegvis.cohorts.rules`): a new group is written, checked against the rule and
rolled back if the user may not change it, so the rule lives in one place.
"""

import datetime
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, diff, record, snapshot
from stegvis.cohorts.models import Attendance, AttendanceStatus, Cohort, CohortMember, CohortSession
from stegvis.core.access import CHANGE, VIEW, acting_user, may, require
from stegvis.core.concurrency import save_versioned
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.organizations.models import Organization, Project
from stegvis.participants.models import Enrollment

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from stegvis.core.access import Actor

COHORT_FIELDS = ("project", "organization", "name", "start_date", "end_date", "place", "description")
COHORT_EDITABLE = COHORT_FIELDS[2:]  # project and organisation are fixed once created
SESSION_FIELDS = ("date", "start_time", "end_time", "topic")


def _may_change(user: "Actor", cohort: Cohort) -> bool:
    return user is None or may(user, CHANGE, cohort)


def _check_cohort(user: "Actor", cohort: Cohort) -> None:
    if not _may_change(user, cohort):
        raise NotAllowed()


def _validate_cohort(cohort: Cohort) -> None:
    errors: dict[str, list[str]] = {}
    if not (cohort.name or "").strip():
        errors["name"] = [_("Ange gruppens namn.")]
    if cohort.start_date is None:
        errors["start_date"] = [_("Ange startdatum.")]
    elif cohort.end_date is not None and cohort.end_date < cohort.start_date:
        errors["end_date"] = [_("Slutdatum kan inte vara före startdatum.")]
    project = cohort.project
    if cohort.organization_id is None:
        errors["organization"] = [_("Välj organisationen som driver gruppen.")]
    elif not project.organizations().filter(pk=cohort.organization_id).exists():
        errors["organization"] = [
            _("Organisationen deltar inte i projektet %(project)s.") % {"project": project.name}
        ]
    if errors:
        raise ActionError(errors)


def _leader_changes(before: Sequence[int], after: Sequence[int]) -> dict[str, list[list[int]]]:
    if set(before) == set(after):
        return {}
    return {"leaders": [sorted(before), sorted(after)]}


@transaction.atomic
def create_cohort(
    user: "Actor",
    *,
    project: Project,
    organization: Organization | None,
    name: str | None,
    start_date: datetime.date | None,
    end_date: datetime.date | None = None,
    place: str | None = "",
    description: str | None = "",
    leaders: Iterable["User"] = (),
) -> Cohort:
    """A new start group of ``project`` run by ``organization``."""
    cohort = Cohort(
        project=project,
        organization=organization,
        name=(name or "").strip(),
        start_date=start_date,  # type: ignore[misc]  # a missing date is reported by _validate_cohort
        end_date=end_date,
        place=(place or "").strip(),
        description=(description or "").strip(),
    )
    _validate_cohort(cohort)
    cohort.save()
    _check_cohort(user, cohort)  # raises, and the transaction takes the row back
    leader_ids = [u.pk for u in leaders]
    cohort.leaders.set(leader_ids)
    changes = diff({}, snapshot(cohort, COHORT_FIELDS)) | _leader_changes([], leader_ids)
    record(user, AuditAction.CREATE, cohort, changes=changes)
    return cohort


@transaction.atomic
def update_cohort(
    user: "Actor",
    cohort: Cohort,
    *,
    version: int | str,
    leaders: Iterable["User"] | None = None,
    **fields: Any,
) -> Cohort:
    """Change a group's details; ``version`` is the one the form was opened with."""
    _check_cohort(user, cohort)
    before = snapshot(cohort, COHORT_EDITABLE)
    before_leaders = list(cohort.leaders.values_list("pk", flat=True))
    for name, value in fields.items():
        if name not in COHORT_EDITABLE:
            raise TypeError(f"Unknown or fixed cohort field: {name}")
        setattr(cohort, name, value.strip() if isinstance(value, str) else value)
    _validate_cohort(cohort)
    save_versioned(cohort, version, list(COHORT_EDITABLE))
    changes: dict[str, Any] = diff(before, snapshot(cohort, COHORT_EDITABLE))
    if leaders is not None:
        leader_ids = [u.pk for u in leaders]
        cohort.leaders.set(leader_ids)
        changes |= _leader_changes(before_leaders, leader_ids)
    record(user, AuditAction.UPDATE, cohort, changes=changes)
    return cohort


# --- Members ---------------------------------------------------------------------------------------


def _validate_membership(
    cohort: Cohort, enrollment: Enrollment, joined_on: datetime.date | None, left_on: datetime.date | None
) -> None:
    errors: dict[str, list[str]] = {}
    if joined_on is None:
        errors["joined_on"] = [_("Ange datum då deltagaren börjar i gruppen.")]
    else:
        if joined_on < cohort.start_date:
            errors["joined_on"] = [
                _("Datumet kan inte vara före gruppens start (%(date)s).") % {"date": cohort.start_date}
            ]
        elif cohort.end_date and joined_on > cohort.end_date:
            errors["joined_on"] = [
                _("Datumet kan inte vara efter gruppens slut (%(date)s).") % {"date": cohort.end_date}
            ]
        elif joined_on < enrollment.start_date:
            errors["joined_on"] = [
                _("Datumet kan inte vara före inskrivningen (%(date)s).") % {"date": enrollment.start_date}
            ]
        elif enrollment.end_date and joined_on > enrollment.end_date:
            errors["joined_on"] = [
                _("Inskrivningen avslutades %(date)s, före det datumet.") % {"date": enrollment.end_date}
            ]
    if left_on is not None and joined_on is not None and left_on < joined_on:
        errors["left_on"] = [_("Slutdatum kan inte vara före datumet då deltagaren började.")]
    if errors:
        raise ActionError(errors)


@transaction.atomic
def add_member(
    user: "Actor", cohort: Cohort, *, enrollment: Enrollment, joined_on: datetime.date | None
) -> CohortMember:
    """Add an enrolment of the group's project; later joiners are continuous intake."""
    _check_cohort(user, cohort)
    require(user, VIEW, enrollment)
    if enrollment.project_id != cohort.project_id:
        raise ActionError({"enrollment": [_("Deltagaren är inte inskriven i gruppens projekt.")]})
    _validate_membership(cohort, enrollment, joined_on, None)
    member = CohortMember(cohort=cohort, enrollment=enrollment, joined_on=joined_on)  # type: ignore[misc]  # None is refused above
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ActionError({"enrollment": [_("Deltagaren är redan med i gruppen.")]}) from None
    record(
        user,
        AuditAction.CREATE,
        member,
        person=enrollment.person,
        changes=diff({}, {"cohort": cohort.pk, "joined_on": joined_on}),
    )
    return member


@transaction.atomic
def change_membership(
    user: "Actor",
    member: CohortMember,
    *,
    version: int | str,
    joined_on: datetime.date | None,
    left_on: datetime.date | None = None,
) -> CohortMember:
    """Correct when a member joined, or register that they left (``left_on``); history is kept."""
    cohort = member.cohort
    _check_cohort(user, cohort)
    require(user, CHANGE, member)
    enrollment = member.enrollment
    _validate_membership(cohort, enrollment, joined_on, left_on)
    before = snapshot(member, ("joined_on", "left_on"))
    member.joined_on, member.left_on = joined_on, left_on  # type: ignore[assignment]  # None is refused above
    save_versioned(member, version, ["joined_on", "left_on"])
    record(
        user,
        AuditAction.UPDATE,
        member,
        person=enrollment.person,
        changes=diff(before, snapshot(member, ("joined_on", "left_on"))),
    )
    return member


# --- Sessions --------------------------------------------------------------------------------------


def _validate_session(cohort: Cohort, session: CohortSession) -> None:
    errors: dict[str, list[str]] = {}
    if session.date is None:
        errors["date"] = [_("Ange datum för träffen.")]
    elif session.date < cohort.start_date or (cohort.end_date and session.date > cohort.end_date):
        errors["date"] = [_("Träffen måste ligga inom gruppens period.")]
    if session.start_time and session.end_time and session.end_time <= session.start_time:
        errors["end_time"] = [_("Sluttiden måste vara efter starttiden.")]
    if not (session.topic or "").strip():
        errors["topic"] = [_("Ange träffens tema.")]
    if errors:
        raise ActionError(errors)


@transaction.atomic
def create_session(
    user: "Actor",
    cohort: Cohort,
    *,
    date: datetime.date | None,
    topic: str | None,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
) -> CohortSession:
    _check_cohort(user, cohort)
    session = CohortSession(
        cohort=cohort,
        date=date,  # type: ignore[misc]  # a missing date is reported by _validate_session
        start_time=start_time,
        end_time=end_time,
        topic=(topic or "").strip(),
    )
    _validate_session(cohort, session)
    session.save()
    record(user, AuditAction.CREATE, session, changes=diff({}, snapshot(session, SESSION_FIELDS)))
    return session


@transaction.atomic
def update_session(
    user: "Actor", session: CohortSession, *, version: int | str, **fields: Any
) -> CohortSession:
    _check_cohort(user, session.cohort)
    before = snapshot(session, SESSION_FIELDS)
    for name, value in fields.items():
        if name not in SESSION_FIELDS:
            raise TypeError(f"Unknown session field: {name}")
        setattr(session, name, value.strip() if isinstance(value, str) else value)
    _validate_session(session.cohort, session)
    save_versioned(session, version, list(SESSION_FIELDS))
    record(user, AuditAction.UPDATE, session, changes=diff(before, snapshot(session, SESSION_FIELDS)))
    return session


# --- Attendance ------------------------------------------------------------------------------------


@transaction.atomic
def register_attendance(
    user: "Actor", session: CohortSession, *, version: int | str, statuses: dict[int, str]
) -> int:
    """Save the attendance of one session in one go: ``statuses`` maps member id to a status.

    Only members the user may change and who were in the group on the session's date can be
    registered. ``version`` is the session's version when the page was opened: if someone else
    saved the attendance since, nothing is written (:class:`ConflictError`). Each changed row gets
    an audit entry tied to the person. Returns the number of rows written.
    """
    _check_cohort(user, session.cohort)
    rows = CohortMember.objects.filter(cohort=session.cohort, pk__in=list(statuses)).select_related(
        "enrollment__person"
    )
    if user is not None:
        rows = rows.filter(pk__in=CohortMember.objects.restrict(user, CHANGE).values("pk"))
    members = {m.pk: m for m in rows}
    errors: list[str] = []
    for member_id, status in statuses.items():
        member = members.get(member_id)
        if member is None:
            raise NotAllowed()
        if status not in AttendanceStatus.values:
            errors.append(_("Välj närvarande, frånvarande eller anmäld frånvaro."))
        elif not member.is_member_on(session.date):
            errors.append(_("En av deltagarna var inte med i gruppen den dagen."))
    if errors:
        raise ActionError({"statuses": sorted(set(errors))})
    save_versioned(session, version, [])  # the whole page is one edit of the session's attendance
    existing = {
        a.member_id: a for a in Attendance.objects.filter(session=session, member_id__in=list(members))
    }
    recorder = acting_user(user)
    new: list[Attendance] = []
    changed: list[tuple[Attendance, str]] = []
    for member_id, status in statuses.items():
        row = existing.get(member_id)
        if row is None:
            new.append(Attendance(session=session, member_id=member_id, status=status, recorded_by=recorder))
        elif row.status != status:
            changed.append((row, row.status))
            row.status, row.recorded_by, row.updated_at = status, recorder, timezone.now()
    Attendance.objects.bulk_create(new)
    if changed:
        Attendance.objects.bulk_update(
            [row for row, _old in changed], ["status", "recorded_by", "updated_at"]
        )
    for row in new:
        record(
            user,
            AuditAction.CREATE,
            row,
            person=members[row.member_id].enrollment.person,
            changes={"status": [None, row.status]},
            detail=str(session),
        )
    for row, old in changed:
        record(
            user,
            AuditAction.UPDATE,
            row,
            person=members[row.member_id].enrollment.person,
            changes={"status": [old, row.status]},
            detail=str(session),
        )
    return len(new) + len(changed)

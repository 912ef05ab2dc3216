"""Every write of time reports: validate, write and audit in one transaction.

``user`` is the staff member acting (``None``: the command line or the demo). Errors are
:class:`~stegvis.core.errors.ActionError` with Swedish messages keyed by field (a grid cell's
field is :func:`cell_field`); a month saved by someone else since the page was opened raises
:class:`~stegvis.core.errors.ConflictError` naming the participant, and nothing at all is written.

The rules, stated once here:

- Hours are saved per participant and month (:class:`~stegvis.timereports.models.MonthReport`),
  whose ``version`` the page sends back; a month whose hours did not change is left alone.
- Changing the hours of a signed-off month withdraws the sign-off (it has to be signed again).
- A reported month is locked: no hours change, and only a project leader or an administrator
  unlocks it, with a reason (it is then signed off, not reported).
- Only a signed-off month can be reported.
- Staff time is entered by the staff member or their manager and signed off by the manager
  (never by the staff member), which locks it; the manager unlocks it with a reason.
"""

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.audit.log import AuditAction, JsonValue, record, record_many
from stegvis.cohorts.models import CohortMember
from stegvis.core.access import CHANGE, acting_user, require
from stegvis.core.concurrency import parse_version, save_versioned
from stegvis.core.errors import ActionError, ConflictError, NotAllowed
from stegvis.interventions.models import ParticipantIntervention
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment
from stegvis.timereports.grid import last_of_month, month_label
from stegvis.timereports.models import (
    FREE_KINDS,
    ActivityKind,
    MonthReport,
    MonthStatus,
    StaffTime,
    TimeEntry,
    activity_key,
)
from stegvis.timereports.rules import is_manager, may_sign_staff_time, may_unlock
from stegvis.timereports.staff import staff_members

if TYPE_CHECKING:
    from stegvis.core.access import Actor

MAX_DAY_HOURS = Decimal("24")
_NUMBER = re.compile(r"^\d{1,3}([.,]\d{1,2})?$")

Cell = tuple[str, datetime.date]


def cell_field(enrollment_id: int, key: str, day: int) -> str:
    """The form field of one cell of the grid: ``h-<enrolment>-<activity>-<day of month>``."""
    return f"h-{enrollment_id}-{key}-{day}"


def parse_hours(raw: str | Decimal | int | None, highest: Decimal = MAX_DAY_HOURS) -> Decimal | None:
    """Hours as typed (``2,5``, ``2.5``, ``3``); empty or zero is ``None`` (no hours).

    Raises ``ValueError`` for anything else, including more than two decimals or more than ``highest``.
    """
    if raw is None:
        return None
    if isinstance(raw, (Decimal, int)) and not isinstance(raw, bool):
        value = Decimal(raw)
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        if not _NUMBER.match(text):
            raise ValueError(text)
        try:
            value = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(text) from None
    if value < 0 or value > highest or value != value.quantize(Decimal("0.01")):
        raise ValueError(raw)
    return value.quantize(Decimal("0.01")) if value else None


def _ensure_month(month: datetime.date) -> None:
    if month.day != 1:
        raise ActionError({"month": [_("Ange månaden som dess första dag (ÅÅÅÅ-MM-01).")]})


def _hours_text(value: Decimal | None) -> JsonValue:
    return None if value is None else str(value)


# --- Participants' hours ---------------------------------------------------------------------------


@dataclass
class MonthInput:
    """What the grid sends for one participant's month: the version it was opened with and the
    cells, by (activity key, day of month), as typed (empty: no hours)."""

    version: int | str | None
    cells: dict[tuple[str, int], str | Decimal | None] = field(default_factory=dict)


def _changeable_enrollments(user: "Actor", ids: list[int]) -> dict[int, Enrollment]:
    rows = Enrollment.objects.filter(pk__in=ids).select_related("person")
    if user is not None:
        rows = rows.filter(pk__in=Enrollment.objects.restrict(user, CHANGE).values("pk"))
    found = {e.pk: e for e in rows}
    if len(found) != len(set(ids)):
        raise NotAllowed()
    return found


def _allowed_keys(ids: list[int]) -> dict[int, set[str]]:
    """The activities each enrolment may have hours in: its start groups, its interventions and
    the kinds without a record (two queries)."""
    keys: dict[int, set[str]] = defaultdict(lambda: {str(k) for k in FREE_KINDS})
    for enrollment_id, cohort_id in CohortMember.objects.filter(enrollment_id__in=ids).values_list(
        "enrollment_id", "cohort_id"
    ):
        keys[enrollment_id].add(activity_key(ActivityKind.COHORT, cohort_id))
    for enrollment_id, pk in ParticipantIntervention.objects.filter(enrollment_id__in=ids).values_list(
        "enrollment_id", "pk"
    ):
        keys[enrollment_id].add(activity_key(ActivityKind.INTERVENTION, None, pk))
    return keys


def _enrolled_on(enrollment: Enrollment, day: datetime.date) -> bool:
    return enrollment.start_date <= day and (enrollment.end_date is None or day <= enrollment.end_date)


def _parse_cells(
    enrollment: Enrollment,
    month: datetime.date,
    given: MonthInput,
    allowed: set[str],
    errors: dict[str, list[str]],
) -> dict[Cell, Decimal | None]:
    name = enrollment.person.display_name
    parsed: dict[Cell, Decimal | None] = {}
    last = last_of_month(month).day
    for (key, day_number), raw in given.cells.items():
        name_of_field = cell_field(enrollment.pk, key, day_number)
        if key not in allowed or not 1 <= int(day_number) <= last:
            errors[name_of_field] = [
                _("%(name)s: okänd aktivitet eller dag i tidrapporten.") % {"name": name}
            ]
            continue
        day = month.replace(day=int(day_number))
        try:
            hours = parse_hours(raw)
        except ValueError:
            errors[name_of_field] = [
                _("Timmar för %(name)s den %(day)s: skriv ett tal mellan 0 och 24, t.ex. 2,5.")
                % {"name": name, "day": day.isoformat()}
            ]
            continue
        if hours is not None and not _enrolled_on(enrollment, day):
            errors[name_of_field] = [
                _("%(name)s var inte inskriven den %(day)s, så dagen kan inte ha timmar.")
                % {"name": name, "day": day.isoformat()}
            ]
            continue
        parsed[(key, day)] = hours
    return parsed


def _check_day_totals(
    enrollment: Enrollment,
    parsed: dict[Cell, Decimal | None],
    saved: dict[Cell, TimeEntry],
    errors: dict[str, list[str]],
) -> None:
    totals: dict[datetime.date, Decimal] = defaultdict(Decimal)
    for (key, day), entry in saved.items():
        if (key, day) not in parsed:
            totals[day] += entry.hours
    for (_key, day), hours in parsed.items():
        totals[day] += hours or 0
    for day, total in sorted(totals.items()):
        if total > MAX_DAY_HOURS:
            errors[f"day-{enrollment.pk}-{day.day}"] = [
                _("%(name)s har %(hours)s timmar den %(day)s: en dag har högst 24 timmar.")
                % {"name": enrollment.person.display_name, "hours": total, "day": day.isoformat()}
            ]


def _locked_message(enrollment: Enrollment, month: datetime.date) -> str:
    return _(
        "Tidrapporten för %(name)s i %(month)s är rapporterad till Försäkringskassan och låst. "
        "Be projektledaren låsa upp den om något måste rättas."
    ) % {"name": enrollment.person.display_name, "month": month_label(month)}


def _conflict(enrollment: Enrollment, month: datetime.date) -> ConflictError:
    return ConflictError(
        _(
            "Någon annan har ändrat tidrapporten för %(name)s i %(month)s sedan du öppnade sidan. "
            "Ingenting sparades. Ladda om sidan och gör din ändring igen."
        )
        % {"name": enrollment.person.display_name, "month": month_label(month)}
    )


def _new_entry(report: MonthReport, key: str, day: datetime.date, hours: Decimal, by: Any) -> TimeEntry:
    kind, _sep, pk = key.partition(":")
    return TimeEntry(
        report=report,
        day=day,
        kind=kind,
        cohort_id=int(pk) if kind == ActivityKind.COHORT else None,
        intervention_id=int(pk) if kind == ActivityKind.INTERVENTION else None,
        hours=hours,
        recorded_by=by,
    )


def _seen_as_new(version: int | str | None) -> bool:
    """Whether the page saw no saved row (version 0, or none sent); a broken version is refused."""
    if version is None or version == "":
        return True
    return parse_version(version) == 0


def _open_report(enrollment: Enrollment, month: datetime.date, given: MonthInput) -> MonthReport:
    """A new month: the page must have seen none (version 0), and no one may have made it since."""
    if not _seen_as_new(given.version):
        raise _conflict(enrollment, month)
    report = MonthReport(enrollment=enrollment, month=month)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise _conflict(enrollment, month) from None
    return report


@transaction.atomic
def save_month_hours(user: "Actor", month: datetime.date, inputs: dict[int, MonthInput]) -> int:
    """Save the hours of many participants' months at once (the grid): all or nothing.

    ``inputs`` maps enrolment id to :class:`MonthInput`. Returns how many months changed.
    """
    _ensure_month(month)
    ids = list(inputs)
    if not ids:
        return 0
    enrollments = _changeable_enrollments(user, ids)
    allowed = _allowed_keys(ids)
    reports = {r.enrollment_id: r for r in MonthReport.objects.filter(enrollment_id__in=ids, month=month)}
    saved: dict[int, dict[Cell, TimeEntry]] = defaultdict(dict)
    for row in TimeEntry.objects.filter(report__in=list(reports.values())).select_related("report"):
        saved[row.report.enrollment_id][(row.activity_key, row.day)] = row
    errors: dict[str, list[str]] = {}
    changes: dict[int, dict[Cell, tuple[Decimal | None, Decimal | None]]] = {}
    for enrollment_id, given in inputs.items():
        enrollment = enrollments[enrollment_id]
        parsed = _parse_cells(enrollment, month, given, allowed[enrollment_id], errors)
        _check_day_totals(enrollment, parsed, saved[enrollment_id], errors)
        changed = {}
        for cell, hours in parsed.items():
            saved_entry = saved[enrollment_id].get(cell)
            old_hours = saved_entry.hours if saved_entry is not None else None
            if old_hours != hours:
                changed[cell] = (old_hours, hours)
        if changed:
            report = reports.get(enrollment_id)
            if report is not None and report.locked:
                errors[f"month-{enrollment_id}"] = [_locked_message(enrollment, month)]
            changes[enrollment_id] = changed
    if errors:
        raise ActionError(errors)
    by = acting_user(user)
    written: list[MonthReport] = []
    audit_changes: list[dict[str, list[JsonValue]]] = []
    person_ids: list[int] = []
    for enrollment_id, changed in changes.items():
        enrollment = enrollments[enrollment_id]
        report = reports.get(enrollment_id)
        audit: dict[str, list[JsonValue]] = {}
        if report is None:
            report = _open_report(enrollment, month, inputs[enrollment_id])
        else:
            if report.status == MonthStatus.SIGNED:
                audit["status"] = [report.status, MonthStatus.OPEN]
                report.status, report.signed_by, report.signed_at = MonthStatus.OPEN, None, None
            try:
                save_versioned(report, inputs[enrollment_id].version, ["status", "signed_by", "signed_at"])
            except ConflictError:
                raise _conflict(enrollment, month) from None
        new: list[TimeEntry] = []
        updated: list[TimeEntry] = []
        removed: list[int] = []
        for (key, day), (old, hours) in sorted(changed.items()):
            audit[f"{day.isoformat()} {key}"] = [_hours_text(old), _hours_text(hours)]
            entry = saved[enrollment_id].get((key, day))
            if entry is None:
                if hours is not None:  # an empty cell that stays empty is no change
                    new.append(_new_entry(report, key, day, hours, by))
            elif hours is None:
                removed.append(entry.pk)
            else:
                entry.hours, entry.recorded_by, entry.updated_at = hours, by, timezone.now()
                updated.append(entry)
        TimeEntry.objects.filter(pk__in=removed).delete()
        TimeEntry.objects.bulk_update(updated, ["hours", "recorded_by", "updated_at"])
        TimeEntry.objects.bulk_create(new)
        written.append(report)
        audit_changes.append(audit)
        person_ids.append(enrollment.person_id)
    record_many(
        user,
        AuditAction.UPDATE,
        written,
        detail=_("Tidrapport %(month)s") % {"month": month_label(month)},
        changes=audit_changes,
        person_ids=person_ids,
    )
    return len(written)


def _transition(
    user: "Actor",
    month: datetime.date,
    versions: dict[int, int | str | None],
    *,
    field_name: str,
    check: Any,
    apply: Any,
) -> int:
    """Move many months from one status to the next: all checked first, then all written."""
    _ensure_month(month)
    ids = list(versions)
    if not ids:
        raise ActionError({field_name: [_("Välj minst en deltagare.")]})
    enrollments = _changeable_enrollments(user, ids)
    reports = {r.enrollment_id: r for r in MonthReport.objects.filter(enrollment_id__in=ids, month=month)}
    errors: list[str] = []
    for enrollment_id in ids:
        message = check(enrollments[enrollment_id], reports.get(enrollment_id))
        if message:
            errors.append(message)
    if errors:
        raise ActionError({field_name: errors})
    changed: list[MonthReport] = []
    audit: list[dict[str, list[JsonValue]]] = []
    for enrollment_id in ids:
        report = reports[enrollment_id]
        before = report.status
        apply(report, acting_user(user))
        try:
            save_versioned(
                report,
                versions[enrollment_id],
                ["status", "signed_by", "signed_at", "reported_by", "reported_at"],
            )
        except ConflictError:
            raise _conflict(enrollments[enrollment_id], month) from None
        changed.append(report)
        audit.append({"status": [before, report.status]})
    record_many(
        user,
        AuditAction.UPDATE,
        changed,
        detail=_("Tidrapport %(month)s") % {"month": month_label(month)},
        changes=audit,
        person_ids=[enrollments[r.enrollment_id].person_id for r in changed],
    )
    return len(changed)


@transaction.atomic
def sign_months(user: "Actor", month: datetime.date, versions: dict[int, int | str | None]) -> int:
    """The coordinator's sign-off (attest) of participants' months: the hours are right.

    ``versions`` maps enrolment id to the month's version as the page showed it.
    """

    def check(enrollment: Enrollment, report: MonthReport | None) -> str:
        name = enrollment.person.display_name
        if report is None:
            return _("%(name)s har inga sparade timmar i %(month)s att attestera.") % {
                "name": name,
                "month": month_label(month),
            }
        if report.locked:
            return _locked_message(enrollment, month)
        if report.status == MonthStatus.SIGNED:
            return _("%(name)s: tidrapporten för %(month)s är redan attesterad.") % {
                "name": name,
                "month": month_label(month),
            }
        return ""

    def apply(report: MonthReport, by: Any) -> None:
        report.status, report.signed_by, report.signed_at = MonthStatus.SIGNED, by, timezone.now()

    return _transition(user, month, versions, field_name="sign", check=check, apply=apply)


@transaction.atomic
def report_months(user: "Actor", month: datetime.date, versions: dict[int, int | str | None]) -> int:
    """Mark signed-off months as reported to Försäkringskassan, which locks them."""

    def check(enrollment: Enrollment, report: MonthReport | None) -> str:
        values = {"name": enrollment.person.display_name, "month": month_label(month)}
        if report is None or report.status == MonthStatus.OPEN:
            return _("%(name)s: attestera tidrapporten för %(month)s innan den rapporteras.") % values
        if report.locked:
            return _("%(name)s: tidrapporten för %(month)s är redan rapporterad.") % values
        return ""

    def apply(report: MonthReport, by: Any) -> None:
        report.status, report.reported_by, report.reported_at = MonthStatus.REPORTED, by, timezone.now()

    return _transition(user, month, versions, field_name="report", check=check, apply=apply)


@transaction.atomic
def unlock_month(
    user: "Actor", report: MonthReport, *, version: int | str | None, reason: str | None
) -> MonthReport:
    """Unlock a reported month so its hours can be corrected: project leaders and administrators,
    with a reason kept in the audit log. The month stays signed off until its hours change."""
    enrollment = report.enrollment
    require(user, CHANGE, enrollment)
    if not may_unlock(user, enrollment.project_id):
        raise NotAllowed(_("Bara projektledaren eller en administratör kan låsa upp en rapporterad månad."))
    reason = (reason or "").strip()
    if not report.locked:
        raise ActionError({"reason": [_("Månaden är inte låst.")]})
    if not reason:
        raise ActionError({"reason": [_("Skriv varför månaden låses upp (orsak).")]})
    before = (report.status, report.reported_by, report.reported_at)
    report.status, report.reported_by, report.reported_at = MonthStatus.SIGNED, None, None
    try:
        save_versioned(report, version, ["status", "reported_by", "reported_at"])
    except ConflictError:
        report.status, report.reported_by, report.reported_at = before  # the page shows it as it was
        raise
    record(
        user,
        AuditAction.UPDATE,
        report,
        person=enrollment.person,
        changes={"status": [before[0], report.status], "reason": [None, reason]},
        detail=_("Upplåst tidrapport %(month)s") % {"month": month_label(report.month)},
    )
    return report


# --- Staff time ------------------------------------------------------------------------------------


MAX_STAFF_PERCENT = Decimal("100")
MAX_STAFF_HOURS = Decimal("744")  # 31 days of 24 hours: more is a typing error


@dataclass
class StaffInput:
    """One staff member's month as the staff page sends it; both values empty removes it."""

    version: int | str | None
    percent: str | Decimal | None = None
    hours: str | Decimal | None = None


def staff_field(name: str, staff_id: int, organization_id: int) -> str:
    """The staff page's fields: ``percent-<user>-<organisation>``, ``hours-…``."""
    return f"{name}-{staff_id}-{organization_id}"


STAFF_FIELDS = ("percent", "hours")


def _parse_staff(
    given: StaffInput, staff_id: int, organization_id: int, label: str, errors: dict[str, list[str]]
) -> tuple[Decimal | None, Decimal | None]:
    values: list[Decimal | None] = []
    for name, highest, message in (
        ("percent", MAX_STAFF_PERCENT, _("Andel av heltid för %(name)s: skriv procent mellan 0 och 100.")),
        ("hours", MAX_STAFF_HOURS, _("Timmar för %(name)s: skriv ett tal mellan 0 och 744.")),
    ):
        try:
            values.append(parse_hours(getattr(given, name), highest))
        except ValueError:
            errors[staff_field(name, staff_id, organization_id)] = [message % {"name": label}]
            values.append(None)
    return values[0], values[1]


@transaction.atomic
def save_staff_time(
    user: "Actor", project: Project, month: datetime.date, inputs: dict[tuple[int, int], StaffInput]
) -> int:
    """Save staff members' time of one month (``inputs`` by (user id, organisation id)): all or
    nothing. A staff member enters their own; a manager anyone's. Signed-off time is locked."""
    _ensure_month(month)
    members = {(m.user.pk, m.organization.pk): m for m in staff_members(project)}
    manager = user is None or is_manager(user, project.pk)
    rows = {
        (r.staff_id, r.organization_id): r
        for r in StaffTime.objects.filter(project=project, month=month).select_related("staff")
    }
    errors: dict[str, list[str]] = {}
    plans: list[tuple[tuple[int, int], Decimal | None, Decimal | None]] = []
    for key, given in inputs.items():
        member = members.get(key)
        if member is None or not (manager or (user is not None and user.pk == key[0])):
            raise NotAllowed()
        percent, hours = _parse_staff(given, key[0], key[1], member.name, errors)
        row = rows.get(key)
        old = (row.percent, row.hours) if row else (None, None)
        if (percent, hours) == old:
            continue
        if row is not None and row.signed:
            errors[staff_field("percent", *key)] = [
                _("Tiden för %(name)s i %(month)s är attesterad och låst.")
                % {"name": member.name, "month": month_label(month)}
            ]
        plans.append((key, percent, hours))
    if errors:
        raise ActionError(errors)
    by = acting_user(user)
    written: list[StaffTime] = []
    audit: list[dict[str, list[JsonValue]]] = []
    removed: list[int] = []
    for key, percent, hours in plans:
        row = rows.get(key)
        given = inputs[key]
        change = {
            "percent": [_hours_text(row.percent if row else None), _hours_text(percent)],
            "hours": [_hours_text(row.hours if row else None), _hours_text(hours)],
        }
        if row is None:
            if not _seen_as_new(given.version):
                raise ConflictError()
            row = StaffTime(
                project=project,
                organization_id=key[1],
                staff_id=key[0],
                month=month,
                percent=percent,
                hours=hours,
                entered_by=by,
            )
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                raise ConflictError() from None
        else:
            row.percent, row.hours, row.entered_by = percent, hours, by
            if percent is None and hours is None:
                save_versioned(row, given.version, ["entered_by"])  # the version check, then away
                removed.append(row.pk)
            else:
                save_versioned(row, given.version, ["percent", "hours", "entered_by"])
        written.append(row)
        audit.append(change)
    record_many(
        user,
        AuditAction.UPDATE,
        written,
        detail=_("Personaltid %(month)s") % {"month": month_label(month)},
        changes=audit,
    )
    StaffTime.objects.filter(pk__in=removed).delete()
    return len(written)


@transaction.atomic
def sign_staff_time(
    user: "Actor", project: Project, month: datetime.date, versions: dict[int, int | str | None]
) -> int:
    """The manager's sign-off of staff time rows (by id, with their versions); it locks them."""
    _ensure_month(month)
    rows = list(
        StaffTime.objects.filter(project=project, month=month, pk__in=list(versions)).select_related("staff")
    )
    if not versions or len(rows) != len(set(versions)):
        raise ActionError({"sign": [_("Välj minst en rad med sparad tid.")]})
    errors = []
    for row in rows:
        if not may_sign_staff_time(user, project.pk, row.staff_id):
            raise NotAllowed(
                _("Tiden attesteras av projektledaren eller en administratör, aldrig av en själv.")
            )
        if row.signed:
            errors.append(
                _("Tiden för %(name)s är redan attesterad.")
                % {"name": row.staff.get_full_name() or row.staff.get_username()}
            )
    if errors:
        raise ActionError({"sign": errors})
    now, by = timezone.now(), acting_user(user)
    for row in rows:
        row.signed_by, row.signed_at = by, now
        save_versioned(row, versions[row.pk], ["signed_by", "signed_at"])
    record_many(
        user,
        AuditAction.UPDATE,
        rows,
        detail=_("Personaltid %(month)s attesterad") % {"month": month_label(month)},
        changes=[{"signed": [False, True]} for _row in rows],
    )
    return len(rows)


@transaction.atomic
def unlock_staff_time(
    user: "Actor", row: StaffTime, *, version: int | str | None, reason: str | None
) -> StaffTime:
    """Withdraw a manager's sign-off so the time can be corrected; the reason is audited."""
    if user is not None and not is_manager(user, row.project_id):
        raise NotAllowed(_("Bara projektledaren eller en administratör kan låsa upp attesterad tid."))
    reason = (reason or "").strip()
    if not row.signed:
        raise ActionError({"reason": [_("Tiden är inte attesterad.")]})
    if not reason:
        raise ActionError({"reason": [_("Skriv varför tiden låses upp (orsak).")]})
    before = (row.signed_by, row.signed_at)
    row.signed_by, row.signed_at = None, None
    try:
        save_versioned(row, version, ["signed_by", "signed_at"])
    except ConflictError:
        row.signed_by, row.signed_at = before  # the page shows it as it was
        raise
    record(
        user,
        AuditAction.UPDATE,
        row,
        changes={"signed": [True, False], "reason": [None, reason]},
        detail=_("Upplåst personaltid %(month)s") % {"month": month_label(row.month)},
    )
    return row


__all__ = [
    "MonthInput",
    "StaffInput",
    "cell_field",
    "parse_hours",
    "report_months",
    "save_month_hours",
    "save_staff_time",
    "sign_months",
    "sign_staff_time",
    "staff_field",
    "unlock_month",
    "unlock_staff_time",
]

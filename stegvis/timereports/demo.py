"""Demo time reports: one start group's last whole month, and the staff's time in every project.

The month is the last whole calendar month before the demo's today. For the members of one start
group running that month, the hours come from the group's attendance (a session they came to
counts its length) plus, some weeks, an hour's talk with the coordinator. About half of the
months are signed off by the group's leader, and one of those is reported to Försäkringskassan
(locked). Every demo project's staff have a share of full time for that month; the project's
leader signs off most of it, a few rows wait for sign-off.

Everything is written with ``bulk_create``: a handful of queries, whatever the number of participants.
Enrolments and exits are not touched.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from stegvis.audit.log import AuditAction, record_many
from stegvis.cohorts.models import Attendance, AttendanceStatus, Cohort, CohortMember
from stegvis.core.roles import Role
from stegvis.organizations.models import Project, StaffRole
from stegvis.timereports.grid import in_month_q, last_of_month, month_days, session_hours
from stegvis.timereports.models import ActivityKind, MonthReport, MonthStatus, StaffTime, TimeEntry
from stegvis.timereports.staff import staff_members

#: Runs after the start groups (see stegvis.demo.extensions).
DEMO_ORDER = 50

SIGNED_SHARE = 0.5
TALK_SHARE = 0.5  # weeks with an hour's talk with the coordinator
TALK_WEEKDAY = 1  # Tuesday
STAFF_SHARES = (Decimal("25"), Decimal("50"), Decimal("50"), Decimal("75"), Decimal("100"))
STAFF_UNSIGNED = 0.15


def demo_month(as_of: datetime.date) -> datetime.date:
    """The last whole calendar month before ``as_of``."""
    return (as_of.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def _signed_at(month: datetime.date, days: int) -> datetime.datetime:
    day = last_of_month(month) + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(15, 0)))


def demo_data(dataset, rng):
    month = demo_month(dataset.as_of)
    _participant_months(dataset, rng, month)
    _staff_time(dataset, rng, month)


def _participant_months(dataset, rng, month):
    cohort = (
        Cohort.objects.filter(project__code__in=dataset.projects)
        .filter(in_month_q(month, "start_date", "end_date"))
        .order_by("project__code", "-start_date", "pk")
        .first()
    )
    if cohort is None:
        return
    leader_id = cohort.leaders.order_by("pk").values_list("pk", flat=True).first()
    members = list(
        CohortMember.objects.filter(cohort=cohort)
        .filter(in_month_q(month, "joined_on", "left_on"))
        .order_by("pk")
        .values_list(
            "pk", "enrollment_id", "enrollment__person_id", "enrollment__start_date", "enrollment__end_date"
        )
    )
    hours = defaultdict(dict)  # enrolment -> {(kind, day): hours}
    member_enrollment = {pk: enrollment_id for pk, enrollment_id, *_rest in members}
    for member_id, day, start, end in Attendance.objects.filter(
        member_id__in=list(member_enrollment),
        status=AttendanceStatus.PRESENT,
        session__date__range=(month, last_of_month(month)),
    ).values_list("member_id", "session__date", "session__start_time", "session__end_time"):
        length = session_hours(start, end)
        if length:
            key = (ActivityKind.COHORT, day)
            enrollment_hours = hours[member_enrollment[member_id]]
            enrollment_hours[key] = enrollment_hours.get(key, Decimal("0")) + length
    for _pk, enrollment_id, _person, start, end in members:
        for day in month_days(month):
            enrolled = start <= day and (end is None or day <= end)
            if enrolled and day.weekday() == TALK_WEEKDAY and rng.random() < TALK_SHARE:
                hours[enrollment_id][(ActivityKind.TALK, day)] = Decimal("1")
    reports, persons = [], []
    for _pk, enrollment_id, person_id, _start, _end in members:
        if not hours[enrollment_id]:
            continue
        report = MonthReport(enrollment_id=enrollment_id, month=month)
        if rng.random() < SIGNED_SHARE:
            report.status, report.signed_by_id, report.signed_at = (
                MonthStatus.SIGNED,
                leader_id,
                _signed_at(month, 2),
            )
        reports.append(report)
        persons.append(person_id)
    signed = [r for r in reports if r.status == MonthStatus.SIGNED]
    if signed:
        locked = signed[0]
        locked.status, locked.reported_by_id, locked.reported_at = (
            MonthStatus.REPORTED,
            leader_id,
            _signed_at(month, 4),
        )
    MonthReport.objects.bulk_create(reports)
    entries = [
        TimeEntry(
            report=report,
            day=day,
            kind=kind,
            cohort=cohort if kind == ActivityKind.COHORT else None,
            hours=value,
            recorded_by_id=leader_id,
        )
        for report in reports
        for (kind, day), value in sorted(hours[report.enrollment_id].items())
    ]
    TimeEntry.objects.bulk_create(entries, batch_size=2000)
    record_many(None, AuditAction.CREATE, reports, detail="demodata", person_ids=persons)


def _staff_time(dataset, rng, month):
    rows = []
    for project in Project.objects.filter(code__in=dataset.projects).select_related("owner").order_by("code"):
        leader_id = (
            StaffRole.objects.filter(role=Role.PROJECT_LEADER, project=project)
            .order_by("pk")
            .values_list("user_id", flat=True)
            .first()
        )
        for member in staff_members(project):
            row = StaffTime(
                project=project,
                organization=member.organization,
                staff=member.user,
                month=month,
                percent=rng.choice(STAFF_SHARES),
                entered_by=member.user,
            )
            if leader_id is not None and leader_id != member.user.pk and rng.random() >= STAFF_UNSIGNED:
                row.signed_by_id, row.signed_at = leader_id, _signed_at(month, 5)
            rows.append(row)
    StaffTime.objects.bulk_create(rows)
    record_many(None, AuditAction.CREATE, rows, detail="demodata")

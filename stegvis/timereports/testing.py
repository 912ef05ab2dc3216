"""Test helpers of the time reports, used by its own tests and the URL walk."""

import datetime

from stegvis.cohorts.testing import kba_cohort
from stegvis.timereports import actions
from stegvis.timereports.models import MonthReport, StaffTime

MONTH = datetime.date(2023, 3, 1)


def save_hours(world, name, cells, month=MONTH, user=None):
    """Save ``cells`` ({(activity key, day): hours}) for a world enrolment; returns its month report."""
    enrollment = world.enrollments[name]
    report = MonthReport.objects.filter(enrollment=enrollment, month=month).first()
    actions.save_month_hours(
        user,
        month,
        {enrollment.pk: actions.MonthInput(version=report.version if report else 0, cells=cells)},
    )
    return MonthReport.objects.get(enrollment=enrollment, month=month)


def reported_month(world, name="anna", month=MONTH):
    """A month with hours that is signed off and reported (locked)."""
    report = save_hours(world, name, {("samtal", 6): "2"}, month)
    actions.sign_months(None, month, {report.enrollment_id: report.version})
    report.refresh_from_db()
    actions.report_months(None, month, {report.enrollment_id: report.version})
    report.refresh_from_db()
    return report


def signed_staff_time(world, username="coord_kba", org="kungsbacka", month=MONTH, percent="50"):
    project = world.projects["helhetslyftet"]
    user, organization = world.users[username], world.orgs[org]
    actions.save_staff_time(
        None, project, month, {(user.pk, organization.pk): actions.StaffInput(version=0, percent=percent)}
    )
    row = StaffTime.objects.get(project=project, staff=user, month=month)
    actions.sign_staff_time(None, project, month, {row.pk: row.version})
    row.refresh_from_db()
    return row


def project_month_kwargs(world):
    return {"code": world.projects["helhetslyftet"].code, "month": MONTH}


def cohort_month_kwargs(world):
    return {"pk": kba_cohort(world).pk, "month": MONTH}


def anna_month_kwargs(world):
    return {"pk": world.enrollments["anna"].pk, "month": MONTH}


def anna_locked_kwargs(world):
    reported_month(world)
    return anna_month_kwargs(world)


def staff_unlock_kwargs(world):
    return {"pk": signed_staff_time(world).pk}

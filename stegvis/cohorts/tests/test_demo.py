"""Demo start groups: a few per project, weekly sessions, plausible attendance."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from stegvis.cohorts.figures import attendance_totals
from stegvis.cohorts.models import Attendance, Cohort, CohortMember, CohortSession
from stegvis.participants.models import Enrollment


@pytest.mark.django_db
def test_demo_start_groups_are_plausible():
    today = datetime.date.today()
    call_command("demo-data", participants=80, today=today, verbosity=0, stdout=StringIO())
    per_project = dict(Cohort.objects.values_list("project__code").annotate(n=Count("pk")).order_by())
    assert per_project and all(2 <= n <= 3 for n in per_project.values())
    assert not CohortMember.objects.exclude(enrollment__project=F("cohort__project")).exists()
    assert CohortMember.objects.filter(joined_on__gt=F("cohort__start_date")).exists()  # continuous intake
    assert not Attendance.objects.filter(session__date__gt=today).exists()
    assert not Attendance.objects.filter(
        Q(session__date__lt=F("member__joined_on")) | Q(session__date__gt=F("member__left_on"))
    ).exists()
    dates = list(CohortSession.objects.filter(cohort=Cohort.objects.first()).values_list("date", flat=True))
    assert {(b - a).days for a, b in zip(dates, dates[1:], strict=False)} == {7}
    share = attendance_totals(Enrollment.objects.all())["share"]
    assert 0.6 < share < 0.95

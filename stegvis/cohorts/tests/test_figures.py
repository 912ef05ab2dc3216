"""Attendance share per enrolment, in the database."""

import pytest

from stegvis.cohorts import actions
from stegvis.cohorts.figures import attendance_by_enrollment, attendance_totals
from stegvis.cohorts.testing import kba_cohort
from stegvis.participants.models import Enrollment

pytestmark = pytest.mark.django_db


def _register(cohort, per_session):
    members = {m.enrollment_id: m.pk for m in cohort.members.all()}
    for session, statuses in zip(cohort.sessions.order_by("date"), per_session, strict=False):
        actions.register_attendance(
            None, session, version=session.version, statuses={members[e.pk]: s for e, s in statuses.items()}
        )


def test_share_per_enrollment_and_totals(world, django_assert_num_queries):
    anna, bo = world.enrollments["anna"], world.enrollments["bo"]
    cohort = kba_cohort(world, sessions=4)
    _register(
        cohort,
        [
            {anna: "narvarande", bo: "narvarande"},
            {anna: "narvarande", bo: "anmald_franvaro"},
            {anna: "franvarande", bo: "franvarande"},
            {anna: "narvarande"},  # bo not registered for the last session: not counted
        ],
    )
    enrollments = Enrollment.objects.all()
    with django_assert_num_queries(1):
        rows = {r["enrollment_id"]: r for r in attendance_by_enrollment(enrollments)}
    assert set(rows) == {anna.pk, bo.pk}
    assert (rows[anna.pk]["registered"], rows[anna.pk]["present"], rows[anna.pk]["absent"]) == (4, 3, 1)
    assert rows[anna.pk]["share"] == pytest.approx(0.75)
    assert (rows[bo.pk]["registered"], rows[bo.pk]["excused"]) == (3, 1)
    assert rows[bo.pk]["share"] == pytest.approx(1 / 3)
    with django_assert_num_queries(1):
        totals = attendance_totals(enrollments)
    assert totals["enrollments"] == 2 and totals["registered"] == 7 and totals["present"] == 4
    assert totals["share"] == pytest.approx(4 / 7)
    only_bo = attendance_totals(Enrollment.objects.filter(pk=bo.pk))
    assert only_bo["enrollments"] == 1 and only_bo["share"] == pytest.approx(1 / 3)


def test_nothing_registered_gives_no_share(world):
    assert list(attendance_by_enrollment(Enrollment.objects.all())) == []
    assert attendance_totals(Enrollment.objects.all())["share"] is None

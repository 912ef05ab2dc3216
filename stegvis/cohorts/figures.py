"""Attendance figures per enrolment, aggregated in the database.

For the "what works" comparison (does taking part in a start group go with progression and
exits to work or studies?) and for the pages of this app. Every function takes an enrolment
queryset (already restricted or scoped by the caller) and runs one query however many rows.

The attendance share is *present ÷ registered sessions*: a session counts once attendance is
registered for the member; reported absence (anmäld frånvaro) is still absence, but is counted
separately so a report can show it. Sessions without a registration are not counted at all.
"""

from django.db.models import Count, F, FloatField, Q, Value
from django.db.models.functions import Cast, NullIf

from stegvis.cohorts.models import Attendance, AttendanceStatus

PRESENT = Q(status=AttendanceStatus.PRESENT)
EXCUSED = Q(status=AttendanceStatus.EXCUSED)
ABSENT = Q(status=AttendanceStatus.ABSENT)


def share(numerator, denominator):
    """``numerator / denominator`` as a float in the database, NULL when nothing is registered."""
    return Cast(numerator, FloatField()) / Cast(NullIf(denominator, Value(0)), FloatField())


def attendance_counts(prefix=""):
    """The annotations ``registered``, ``present``, ``excused``, ``absent`` and ``share``.

    ``prefix`` is the path to :class:`Attendance` from the model being annotated (e.g.
    ``"attendance__"`` from a member), so members, sessions and enrolments count the same way.
    """

    def count(condition=None):
        if condition is None:
            return Count(f"{prefix}pk" if prefix else "pk")
        prefixed = Q(**{f"{prefix}{key}": value for key, value in condition.children})
        return Count(f"{prefix}pk" if prefix else "pk", filter=prefixed)

    return {
        "registered": count(),
        "present": count(PRESENT),
        "excused": count(EXCUSED),
        "absent": count(ABSENT),
        "share": share(count(PRESENT), count()),
    }


def attendance_by_enrollment(enrollments):
    """Per enrolment with any registered attendance: ``enrollment_id``, counts and ``share``.

    One row per enrolment (all its start groups together), ordered by enrolment id.
    """
    return (
        Attendance.objects.filter(member__enrollment__in=enrollments)
        .values(enrollment_id=F("member__enrollment_id"))
        .annotate(**attendance_counts())
        .order_by("enrollment_id")
    )


def attendance_totals(enrollments):
    """Over all the enrolments: ``enrollments`` (with attendance), counts and overall ``share``."""
    counts = attendance_counts()
    return Attendance.objects.filter(member__enrollment__in=enrollments).aggregate(
        enrollments=Count("member__enrollment_id", distinct=True),
        **counts,
    )

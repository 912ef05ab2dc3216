"""Test helpers of the outcomes app, used by its own tests and the URL walk."""

import datetime

from stegvis.outcomes.actions import record_exit_follow_up
from stegvis.participants.actions import register_exit

EXIT_DAY = datetime.date(2023, 6, 30)


def end_enrollment(enrollment, day=EXIT_DAY, reason="annat"):
    """End ``enrollment`` through the action (as the command line would)."""
    return register_exit(None, enrollment, version=enrollment.version, end_date=day, exit_reason=reason)


def anna_follow_up(world, months=1, situation="arbete", **fields):
    """anna's enrolment (test world) ended on ``EXIT_DAY`` with a follow-up at ``months``."""
    enrollment = world.enrollments["anna"]
    if enrollment.end_date is None:
        end_enrollment(enrollment)
    from stegvis.outcomes.schedule import point_date

    fields.setdefault("followed_up_on", point_date(enrollment.end_date, months))
    return record_exit_follow_up(None, enrollment, months=months, situation=situation, **fields)


def anna_follow_up_kwargs(world):
    return {"pk": anna_follow_up(world).pk}

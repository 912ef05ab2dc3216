"""The reminder sources this app registers: what the worklist already counts, for the e-mail.

Each counts the user's own enrolments (those they coordinate, as the worklist does by default,
restricted through ``Enrollment.objects.restrict``) with the worklist's own rules, so the e-mail
and the worklist always agree. One query per source, whatever the number of enrolments.
"""

from django.utils.translation import gettext_lazy as _

from stegvis.core.access import VIEW
from stegvis.participants.models import Enrollment


def own_enrollments(user):
    """The enrolments ``user`` coordinates and may see."""
    return Enrollment.objects.restrict(user, VIEW).filter(coordinator=user)


def measurements_due(user, today):
    from stegvis.worklist.rules import measurements_due as rows

    return len(rows(own_enrollments(user), today))


def follow_ups_due(user, today):
    from stegvis.worklist.rules import follow_ups_due as rows

    return rows(own_enrollments(user), today).count()


def plan_steps_overdue(user, today):
    """Open plan steps past their date, of enrolments not ended before today."""
    from stegvis.casework.figures import due_steps
    from stegvis.worklist.rules import not_ended

    return (
        due_steps(not_ended(own_enrollments(user), today), today, lookahead_days=0)
        .filter(overdue=True)
        .count()
    )


def register_sources():
    from stegvis.notifications.reminders import register_reminder_source

    register_reminder_source(
        "progression.measurements_due",
        label=_("Mätningar att göra"),
        count=measurements_due,
        url_name="progression:due_list",
        order=10,
    )
    register_reminder_source(
        "casework.plan_steps_overdue",
        label=_("Försenade steg i planer"),
        count=plan_steps_overdue,
        url_name="worklist:index",
        order=20,
    )
    register_reminder_source(
        "outcomes.follow_ups_due",
        label=_("Uppföljningar efter avslut att göra"),
        count=follow_ups_due,
        url_name="outcomes:due_list",
        order=30,
    )

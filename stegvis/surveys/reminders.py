"""Which enrolments still need an exit survey link: the reminder source and the due list share it."""

import datetime

from django.db.models import Exists, OuterRef

from stegvis.core.access import VIEW
from stegvis.participants.models import Enrollment, counted_q
from stegvis.surveys.models import SurveyLink

RECENT_EXIT_DAYS = 30


def without_survey_link(user, today):
    """Enrolments ``user`` may see that ended in the last 30 days and have no survey link yet."""
    links = SurveyLink.objects.filter(enrollment_id=OuterRef("pk"), course_evaluation__isnull=True)
    return (
        Enrollment.objects.restrict(user, VIEW)
        .filter(
            counted_q(), end_date__gte=today - datetime.timedelta(days=RECENT_EXIT_DAYS), end_date__lte=today
        )
        .exclude(Exists(links))
    )


def exit_surveys_to_send(user, today):
    """The reminder's count: one query."""
    return without_survey_link(user, today).count()

"""How the ESF+ six-month indicators read the follow-ups after exit (registered in ``OutcomesConfig.ready``).

The ESF+ section is counted by the reports app
(:func:`stegvis.reports.external.esf.register_follow_up_after_exit`); the follow-ups and their
schedule are this app's, so this app hands the reports app the three pieces it needs rather than
the reports app importing this one. A point has passed when its day after exit is on or before
``on`` (as the follow-up pages count); a follow-up counts when it was recorded by ``on``.
"""

from django.db.models import Exists, OuterRef

from stegvis.outcomes.models import ExitFollowUp, Situation
from stegvis.outcomes.schedule import latest_exit_for, point_passed_q


def exited_by(on, months):
    """The latest exit date whose point ``months`` after exit is on or before ``on``."""
    return latest_exit_for(on, months)


def due(on, months):
    """Enrolments whose point ``months`` after exit has passed by ``on``."""
    return point_passed_q(on, months)


def recorded(on, months):
    """Per enrolment: followed up ``months`` after exit by ``on``, in work then, in an improved situation then."""
    follow_up = ExitFollowUp.objects.filter(enrollment=OuterRef("pk"), months=months, followed_up_on__lte=on)
    return {
        "followed_up": Exists(follow_up),
        "in_employment": Exists(follow_up.filter(situation=Situation.ARBETE)),
        "improved_situation": Exists(follow_up.filter(improved_situation=True)),
    }

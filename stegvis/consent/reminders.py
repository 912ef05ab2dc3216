"""What staff are reminded of about consent, and the list the reminder links to.

Personal data should not be registered without consent, so an active enrolment without
registration consent is something to put right at the next meeting. "Active" means not ended
by ``today``; the enrolments are only those the user may see.
"""

from django.db.models import Q

from stegvis.consent.active import in_force
from stegvis.consent.models import ConsentKind
from stegvis.core.access import VIEW
from stegvis.participants.models import Enrollment


def active_q(today):
    return Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gt=today))


def without_registration_consent(user, today):
    """Active enrolments ``user`` may see with no registration consent in force ``today``."""
    return (
        Enrollment.objects.restrict(user, VIEW)
        .filter(active_q(today))
        .annotate(_registration=in_force(ConsentKind.REGISTRATION, today))
        .filter(_registration=False)
    )


def missing_registration_consent(user, today):
    """The reminder's count: one query."""
    return without_registration_consent(user, today).count()

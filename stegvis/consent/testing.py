"""Test helpers of the consent app, used by its own tests, the URL walk and other apps' tests."""

import datetime

from stegvis.consent.actions import give_consent

GIVEN_ON = datetime.date(2023, 1, 10)


def give(enrollment, kind="registrering", given_on=GIVEN_ON, method="skriftligt", **fields):
    """Record a consent as the command line would (no user)."""
    return give_consent(None, enrollment, kind=kind, given_on=given_on, method=method, **fields)


def give_sus_consent(*enrollments, given_on=None):
    """Registration and SUS consent for each enrolment, given on its start date (or ``given_on``)."""
    for enrollment in enrollments:
        for kind in ("registrering", "sus"):
            give(enrollment, kind, given_on=given_on or enrollment.start_date)


def anna_consent_kwargs(world):
    return {"pk": give(world.enrollments["anna"], "sus").pk}

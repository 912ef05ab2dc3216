"""Test helpers of the measuring part, used by its own tests and the URL walk."""

import datetime

from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Instrument


def default_card():
    return Instrument.objects.get(code="progressionskort", version=1)


def anna_measurement(world, day=datetime.date(2023, 1, 20), **answers):
    """A self-assessment of anna's enrolment (test world), made through the action."""
    measurement = record_measurement(
        None,
        world.enrollments["anna"],
        default_card(),
        respondent="deltagare",
        date=day,
        answers=answers or {"q1": 4, "q2": 6, "q3": None},
    )
    return measurement


def anna_measurement_kwargs(world):
    return {"pk": anna_measurement(world).pk}

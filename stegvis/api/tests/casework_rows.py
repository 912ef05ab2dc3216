"""Casework rows of the test world's enrolments, made through the apps' actions.

One of each kind (a measurement, an intervention, a contact, a plan goal with a step) for anna's
enrolment (Kungsbacka, Helhetslyftet) or cia's (Växjö, SPiK), made once per world and reused, so
the access matrix and the casework tests look at rows the pages would have written.
"""

import datetime

from stegvis.casework.actions import create_goal, create_step
from stegvis.contacts.actions import record_contact
from stegvis.interventions.actions import add_participant_intervention
from stegvis.interventions.testing import catalogue_entry
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Instrument

PROJECT_OF = {"anna": "helhetslyftet", "bo": "helhetslyftet", "cia": "spik"}


def card():
    return Instrument.objects.get(code="progressionskort", version=1)


def casework_rows(world, key):
    """``{"measurement": …, "intervention": …, "contact": …, "plan-goal": …, "plan-step": …}``
    of the enrolment ``key`` (anna, bo or cia), made the first time asked."""
    made = world.__dict__.setdefault("casework_rows", {})
    if key in made:
        return made[key]
    enrollment = world.enrollments[key]
    day = enrollment.start_date + datetime.timedelta(days=10)
    entry = catalogue_entry(world, project=PROJECT_OF[key])
    goal = create_goal(None, enrollment, horizon="lang", direction="arbete", text="Jobb inom förskolan")
    made[key] = {
        "measurement": record_measurement(
            None, enrollment, card(), respondent="deltagare", date=day, answers={"q1": 4, "q2": 6, "q3": None}
        ),
        "intervention": add_participant_intervention(None, enrollment, intervention=entry, start_date=day),
        "contact": record_contact(None, enrollment, contact_date=day, channel="mote"),
        "plan-goal": goal,
        "plan-step": create_step(
            None, goal, what="Praktik på en förskola", owner="koordinator", due_date=day
        ),
    }
    return made[key]


def row_kwargs(kind, key):
    """A kwargs function for the URL tests: the detail address of ``key``'s row of ``kind``."""

    def kwargs(world):
        return {"pk": casework_rows(world, key)[kind].pk}

    kwargs.__name__ = f"{key}_{kind.replace('-', '_')}"
    return kwargs


KINDS = ("measurement", "intervention", "contact", "plan-goal", "plan-step")

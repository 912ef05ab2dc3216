"""Test helpers of the casework app, used by its own tests and the URL walk."""

import datetime

from stegvis.casework.actions import create_goal, create_step, save_mapping_entry
from stegvis.casework.models import LifeArea


def anna_entry(world, area="halsa", **fields):
    """A mapped area of anna's enrolment (test world), recorded from the command line."""
    values = {
        "own_words": "Jag sover dåligt.",
        "strengths": "Promenerar varje dag.",
        "obstacles": "Ryggont.",
        "recorded_on": datetime.date(2023, 2, 1),
    }
    values.update(fields)
    return save_mapping_entry(None, world.enrollments["anna"], area=LifeArea.objects.get(code=area), **values)


def anna_goal(world, **fields):
    values = {"horizon": "lang", "direction": "arbete", "text": "Jobb inom förskolan"}
    values.update(fields)
    return create_goal(None, world.enrollments["anna"], **values)


def anna_step(world, goal=None, **fields):
    values = {"what": "Praktik på en förskola", "owner": "koordinator", "due_date": datetime.date(2023, 4, 1)}
    values.update(fields)
    return create_step(None, goal or anna_goal(world), **values)


def anna_mapping_kwargs(world):
    return {"pk": world.enrollments["anna"].pk, "area": "halsa"}


def anna_goal_kwargs(world):
    return {"pk": anna_goal(world).pk}


def anna_step_kwargs(world):
    return {"pk": anna_step(world).pk}

"""Test helpers of the contacts app, used by its own tests and the URL walk."""

import datetime

from stegvis.contacts import actions

DAY = datetime.date(2023, 3, 1)


def anna_contact(world, day=DAY, **fields):
    """A contact in anna's enrolment (test world), logged from the command line."""
    fields.setdefault("channel", "mote")
    return actions.record_contact(None, world.enrollments["anna"], contact_date=day, **fields)


def anna_meeting(world, day=DAY, **fields):
    fields.setdefault("kind", "sip")
    fields.setdefault("actors", ["af", "region"])
    return actions.record_meeting(None, world.enrollments["anna"], meeting_date=day, **fields)


def anna_support_period(world, day=DAY, **fields):
    fields.setdefault("kind", "supported_employment")
    fields.setdefault("place", "Förskolan Solstrålen")
    return actions.start_support_period(None, world.enrollments["anna"], started_on=day, **fields)


def anna_support_follow_up(world, **fields):
    period = anna_support_period(world)
    fields.setdefault("channel", "telefon")
    return actions.record_support_follow_up(
        None, period, followed_up_on=DAY + datetime.timedelta(days=7), **fields
    )


def anna_contact_kwargs(world):
    return {"pk": anna_contact(world).pk}


def anna_meeting_kwargs(world):
    return {"pk": anna_meeting(world).pk}


def anna_support_kwargs(world):
    return {"pk": anna_support_period(world).pk}


def anna_support_follow_up_kwargs(world):
    return {"pk": anna_support_follow_up(world).pk}

"""Test helpers of the principles app, used by its tests and the URL walk."""

import datetime

from stegvis.principles import actions


def anna_adaptation(world, kind="tolk", **fields):
    fields.setdefault("given_on", datetime.date(2023, 2, 1))
    return actions.add_adaptation(None, world.enrollments["anna"], kind=kind, **fields)


def anna_adaptation_kwargs(world):
    return {"pk": anna_adaptation(world).pk}

"""Small builders for report tests: every enrolment is made through the participants' actions."""

import datetime

from stegvis.organizations.actions import save_project
from stegvis.participants import actions
from stegvis.participants.personnummer import luhn_ok

D = datetime.date
EPOCH = D(2000, 1, 1)


def make_project(world, code="testprojekt", start=EPOCH):
    """A project of Kungsbacka with no enrolments, so every figure can be computed by hand."""
    project, _created, _changes = save_project(
        None,
        code=code,
        name=f"Projekt {code}",
        owner=world.orgs["kungsbacka"],
        start_date=start,
    )
    return project


def personnummer_for(birth_date, serial="123"):
    """A valid 12-digit personnummer for ``birth_date`` (the check digit computed)."""
    base = f"{birth_date:%y%m%d}{serial}"
    check = next(str(c) for c in range(10) if luhn_ok(base + str(c)))
    return f"{birth_date:%Y%m%d}{serial}{check}"


def person(world, gender="K", birth_year=1990, **fields):
    return actions.register_person(
        None, organization=world.orgs["kungsbacka"], gender=gender, birth_year=birth_year, **fields
    )


def enrol(world, project, who, start, end=None, reason="arbete", **fields):
    """Enrol ``who`` from ``start``; with ``end`` also register the exit (reason ``reason``)."""
    enrollment = actions.enroll_participant(
        None, who, project=project, organization=world.orgs["kungsbacka"], start_date=start, **fields
    )
    if end is not None:
        actions.register_exit(None, enrollment, version=enrollment.version, end_date=end, exit_reason=reason)
    return enrollment

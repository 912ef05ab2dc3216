"""Test helpers of the data-quality app: a project of its own and persons enrolled in it."""

import datetime

from stegvis.organizations.actions import save_project
from stegvis.participants import actions

D = datetime.date


def quality_project(world, code="kvalitet", end_date=None):
    """A Kungsbacka project from 2020 (no end unless given), so the world's own enrolments stay out."""
    project, _created, _changed = save_project(
        None,
        code=code,
        name=code.capitalize(),
        owner=world.orgs["kungsbacka"],
        start_date=D(2020, 1, 1),
        end_date=end_date,
    )
    return project


def person(world, first="Eva", last="Ek", org="kungsbacka", **fields):
    fields.setdefault("gender", "K")
    if "personnummer" not in fields and "birth_year" not in fields:
        fields["birth_year"] = 1980
    return actions.register_person(
        None, organization=world.orgs[org], first_name=first, last_name=last, **fields
    )


START = D(2023, 1, 1)
STATUS = {"income_source_start": "forsorjningsstod", "occupation_start": "arbetssokande"}


def enrol(world, project, who, start=START, org="kungsbacka", coordinator="coord_kba", **fields):
    """Enrol ``who`` with a complete status at start unless the fields say otherwise."""
    return actions.enroll_participant(
        None,
        who,
        project=project,
        organization=world.orgs[org],
        start_date=start,
        coordinator=world.users[coordinator] if coordinator else None,
        **{**STATUS, **fields},
    )


def end(enrollment, day, reason="arbete", **status):
    return actions.register_exit(
        None, enrollment, version=enrollment.version, end_date=day, exit_reason=reason, **status
    )

"""Builders for the what-works tests: every record is made through the apps' own actions."""

import datetime

from stegvis.contacts.actions import record_contact
from stegvis.interventions import actions as interventions
from stegvis.interventions.models import Category, Kind
from stegvis.participants.actions import change_coordinator
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Instrument

D = datetime.date


def catalogue(project):
    """A small catalogue in ``project``: one entry per category (and praktik)."""
    entries = {
        "praktik": (Category.ARBETSINRIKTAD, Kind.PRAKTIK),
        "sfi": (Category.KOMPETENSHOJANDE, Kind.SFI),
        "min_halsa": (Category.HALSA, Kind.KURS),
        "foraldragrupp": (Category.SOCIAL, Kind.ANNAN_AKTOR),
    }
    return {
        name: interventions.create_intervention(
            None,
            project,
            name=name,
            category=category,
            kind=kind,
            provider_organization=project.owner,
        )
        for name, (category, kind) in entries.items()
    }


def take(enrollment, entry, start, end=None):
    return interventions.add_participant_intervention(
        None, enrollment, intervention=entry, start_date=start, end_date=end
    )


def placement(enrollment, entry, start, end, workplace_type, outcome):
    participation = take(enrollment, entry, start, end)
    return interventions.add_placement(
        None, participation, workplace_name="Arbetsplatsen", workplace_type=workplace_type, outcome=outcome
    )


def measure(enrollment, day, value):
    """A card with every item answered ``value`` (so the score is ``value``)."""
    card = Instrument.objects.get(code="progressionskort", version=1)
    answers = {f"q{i}": value for i in range(1, 11)}
    return record_measurement(None, enrollment, card, respondent="deltagare", date=day, answers=answers)


def measure_items(enrollment, day, values):
    card = Instrument.objects.get(code="progressionskort", version=1)
    answers = {f"q{i}": v for i, v in enumerate(values, start=1)}
    return record_measurement(None, enrollment, card, respondent="deltagare", date=day, answers=answers)


def contacts(enrollment, days):
    for day in days:
        record_contact(None, enrollment, contact_date=day, channel="mote", staff=[])


def coordinators(enrollment, coordinator, days):
    """Hand ``enrollment`` to ``coordinator`` on each of ``days`` (the first is the first assignment)."""
    for day in days:
        enrollment.refresh_from_db()
        change_coordinator(
            None, enrollment, coordinator=coordinator, version=enrollment.version, from_date=day
        )

"""A project with exits, measurements and language levels, so every chapter of the exports has figures."""

import datetime

import pytest

from stegvis.progression.actions import record_language_level, record_measurement
from stegvis.progression.models import Instrument
from stegvis.progression.statistics.rule import progression_provider
from stegvis.reports import project_report
from stegvis.reports.tests.helpers import enrol, person

D = datetime.date
ON = D(2024, 6, 30)


@pytest.fixture(autouse=True)
def _progression_provider():
    """Other tests swap the report's progression hook; the exports need the real one."""
    project_report.register_progression_provider(progression_provider)


def measure(enrollment, day, values):
    card = Instrument.objects.get(code="progressionskort", version=1)
    answers = {f"q{i}": v for i, v in enumerate(values, start=1)}
    return record_measurement(None, enrollment, card, respondent="deltagare", date=day, answers=answers)


def add_participants(world, n=1):
    """``n`` rounds of six enrolments in Helhetslyftet: exits, measurements, language levels."""
    project = world.projects["helhetslyftet"]
    for _round in range(n):
        women = [person(world, gender="K", birth_year=1990) for _i in range(3)]
        men = [person(world, gender="M", birth_year=1970) for _i in range(3)]
        worked = enrol(
            world, project, women[0], D(2023, 3, 1), end=D(2023, 12, 1), reason="arbete", referrer="af"
        )
        enrol(world, project, women[1], D(2023, 4, 1), end=D(2024, 1, 15), reason="studier", referrer="fk")
        active = enrol(world, project, women[2], D(2023, 5, 1), referrer="socialtjanst")
        moved = enrol(world, project, men[0], D(2023, 3, 1), end=D(2023, 9, 1), reason="flytt", referrer="af")
        enrol(world, project, men[1], D(2023, 6, 1), referrer="af")
        enrol(world, project, men[2], D(2023, 6, 1), referrer="fk")
        measure(worked, D(2023, 3, 10), [3, 4, 3, 5, 4, 3, 2, 4, 3, 4])
        measure(worked, D(2023, 11, 10), [6, 6, 5, 7, 6, 5, 5, 6, 6, 7])
        measure(active, D(2023, 5, 10), [5, 5, 5, 5, 5, 5, 5, 5, 5, 5])
        measure(active, D(2024, 2, 10), [5, 5, 5, 5, 5, 5, 5, 5, 5, 5])
        measure(moved, D(2023, 3, 10), [6, 6, 6, 6, 6, 6, 6, 6, 6, 6])
        measure(moved, D(2023, 8, 10), [4, 4, 4, 4, 4, 4, 4, 4, 4, 4])
        record_language_level(None, women[0], date=D(2023, 3, 5), framework="sfi", level="B")
        record_language_level(None, women[0], date=D(2023, 11, 5), framework="sfi", level="C")
        record_language_level(None, men[0], date=D(2023, 3, 5), framework="sfi", level="A")
        record_language_level(None, men[0], date=D(2023, 8, 5), framework="sfi", level="A")
    return project


@pytest.fixture
def project(world):
    return add_participants(world)

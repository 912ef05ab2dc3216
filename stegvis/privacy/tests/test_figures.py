"""Anonymising never changes a report: the report JSON before and after is identical."""

import datetime

import pytest

from stegvis.participants.models import Person
from stegvis.privacy.actions import anonymise_on_request
from stegvis.privacy.anonymise import age_keeping_birth_date
from stegvis.privacy.retention import run
from stegvis.privacy.tests.helpers import LATER, build_history, reports

pytestmark = pytest.mark.django_db


def test_retention_run_leaves_every_report_figure_as_it_was(world):
    build_history(world)
    before = reports()
    counts = run(LATER)
    assert counts["persons"] == 4
    assert Person.objects.filter(anonymised_at__isnull=True).count() == 0
    assert reports() == before


def test_erasure_on_request_leaves_every_report_figure_as_it_was(world):
    build_history(world)
    before = reports()
    anonymise_on_request(world.users["admin"], world.persons["dag"], reason="Begäran om radering")
    dag = Person.objects.get(pk=world.persons["dag"].pk)
    assert dag.personnummer is None and dag.first_name == "" and dag.birth_date == datetime.date(1993, 3, 2)
    assert reports() == before


@pytest.mark.parametrize(
    ("birth", "starts", "expected"),
    [
        (
            datetime.date(1990, 6, 15),
            [datetime.date(2023, 3, 1), datetime.date(2023, 11, 1)],
            datetime.date(1990, 3, 2),
        ),
        (datetime.date(1990, 6, 15), [datetime.date(2023, 6, 15)], datetime.date(1990, 1, 1)),
        (datetime.date(1990, 6, 15), [], datetime.date(1990, 1, 1)),
        (datetime.date(1990, 6, 15), [datetime.date(2024, 2, 29)], datetime.date(1990, 3, 1)),
        (datetime.date(1990, 6, 15), [datetime.date(2023, 6, 14)], datetime.date(1990, 6, 15)),
    ],
)
def test_the_replacement_birth_date_keeps_the_age_on_every_start(birth, starts, expected):
    replacement = age_keeping_birth_date(birth, starts)
    assert replacement == expected
    for start in starts:
        real = start.year - birth.year - ((start.month, start.day) < (birth.month, birth.day))
        kept = (
            start.year - replacement.year - ((start.month, start.day) < (replacement.month, replacement.day))
        )
        assert kept == real

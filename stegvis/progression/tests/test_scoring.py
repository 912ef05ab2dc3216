"""The stored score of a measurement follows its answers through every writer."""

import datetime

import pytest

from stegvis.progression.actions import record_measurement, update_measurement
from stegvis.progression.models import Answer, Instrument, Measurement
from stegvis.progression.scoring import refresh_scores, stale_scores
from stegvis.reports.tests.helpers import enrol, make_project, person

D = datetime.date


@pytest.fixture
def enrollment(world):
    project = make_project(world)
    return enrol(world, project, person(world), D(2024, 1, 10), end=None)


@pytest.fixture
def card(db):
    return Instrument.objects.get(code="progressionskort", version=1)


def answers(*values):
    return {f"q{i}": v for i, v in enumerate(values, start=1)}


def test_a_recorded_card_stores_the_sum_and_number_of_answered_items(enrollment, card):
    m = record_measurement(
        None,
        enrollment,
        card,
        respondent="deltagare",
        date=D(2024, 2, 1),
        answers=answers(3, 4, None, 5, 6, 7, 8, 9, 10, None),
    )
    m.refresh_from_db()
    assert (m.answered_sum, m.answered_count) == (52, 8)
    assert not stale_scores().exists()


def test_a_card_with_only_dont_know_answers_has_no_answered_items(enrollment, card):
    """Such a card arrives only through older imports; the rule skips it, as it has no score."""
    m = Measurement.objects.create(
        enrollment=enrollment, instrument=card, respondent="deltagare", date=D(2024, 3, 1)
    )
    Answer.objects.bulk_create([Answer(measurement=m, item=item, value=None) for item in card.items.all()])
    refresh_scores([m.pk])
    m.refresh_from_db()
    assert (m.answered_sum, m.answered_count) == (0, 0)
    assert not stale_scores().exists()


def test_a_corrected_card_stores_the_new_score(enrollment, card):
    m = record_measurement(
        None, enrollment, card, respondent="deltagare", date=D(2024, 2, 1), answers=answers(*[5] * 10)
    )
    m.refresh_from_db()
    update_measurement(None, m, version=m.version, answers=answers(*([7] * 9 + [None])))
    m.refresh_from_db()
    assert (m.answered_sum, m.answered_count) == (63, 9)
    assert not stale_scores().exists()


def test_answers_written_past_the_actions_are_found_stale_until_refreshed(enrollment, card):
    m = Measurement.objects.create(
        enrollment=enrollment, instrument=card, respondent="deltagare", date=D(2024, 3, 1)
    )
    Answer.objects.bulk_create([Answer(measurement=m, item=item, value=2) for item in card.items.all()])
    assert list(stale_scores()) == [m]
    assert refresh_scores(Measurement.objects.filter(pk=m.pk)) == 1
    assert not stale_scores().exists()
    m.refresh_from_db()
    assert (m.answered_sum, m.answered_count) == (20, 10)

import datetime

import pytest

from stegvis.core.errors import ActionError, NotAllowed
from stegvis.progression import actions
from stegvis.progression.models import Instrument, LanguageLevel, Measurement


@pytest.fixture
def card(db):
    return Instrument.objects.get(code="progressionskort", version=1)


def test_default_card_has_ten_items_on_a_1_to_10_scale(card):
    items = list(card.items.all())
    assert [i.code for i in items] == [f"q{n}" for n in range(1, 11)]
    assert {(i.scale_min, i.scale_max) for i in items} == {(1, 10)}
    assert all(i.text and i.staff_text and i.low_label and i.high_label for i in items)


def test_record_measurement_with_dont_know(world, card):
    e = world.enrollments["anna"]
    m = actions.record_measurement(
        world.users["coord_kba"],
        e,
        card,
        respondent="deltagare",
        date=datetime.date(2023, 2, 1),
        answers={"q1": 3, "q2": None, "q3": 7},
    )
    values = dict(m.answers.values_list("item__code", "value"))
    assert values == {"q1": 3, "q2": None, "q3": 7}


def test_values_outside_the_scale_and_dates_outside_the_enrolment_are_refused(world, card):
    e = world.enrollments["anna"]
    with pytest.raises(ActionError) as err:
        actions.record_measurement(
            None, e, card, respondent="deltagare", date=datetime.date(2023, 2, 1), answers={"q1": 11}
        )
    assert "q1" in err.value.message_dict
    with pytest.raises(ActionError) as err:
        actions.record_measurement(
            None, e, card, respondent="deltagare", date=datetime.date(2022, 1, 1), answers={"q1": 5}
        )
    assert "date" in err.value.message_dict
    with pytest.raises(ActionError):
        actions.record_measurement(
            None, e, card, respondent="deltagare", date=datetime.date(2023, 2, 1), answers={"q1": None}
        )
    assert not Measurement.objects.exists()


def test_other_organisation_cannot_record(world, card):
    with pytest.raises(NotAllowed):
        actions.record_measurement(
            world.users["coord_mdl"],
            world.enrollments["anna"],
            card,
            respondent="deltagare",
            date=datetime.date(2023, 2, 1),
            answers={"q1": 5},
        )


def test_measurements_are_restricted_like_enrolments(world, card):
    actions.record_measurement(
        None,
        world.enrollments["anna"],
        card,
        respondent="deltagare",
        date=datetime.date(2023, 2, 1),
        answers={"q1": 5},
    )
    assert Measurement.objects.restrict(world.users["coord_kba"]).count() == 1
    assert Measurement.objects.restrict(world.users["coord_mdl"]).count() == 0
    assert Measurement.objects.restrict(world.users["evaluator"]).count() == 0


def test_language_levels(world):
    anna = world.persons["anna"]
    actions.record_language_level(None, anna, date=datetime.date(2023, 2, 1), framework="sfi", level="A")
    with pytest.raises(ActionError):
        actions.record_language_level(None, anna, date=datetime.date(2023, 5, 1), framework="sfi", level="E")
    assert LanguageLevel.objects.restrict(world.users["coord_kba"]).count() == 1
    assert LanguageLevel.objects.restrict(world.users["coord_mdl"]).count() == 0

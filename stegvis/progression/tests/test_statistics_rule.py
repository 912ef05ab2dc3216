"""The progression rule, checked against figures computed by hand."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from stegvis.organizations.actions import update_project_settings
from stegvis.participants.models import Enrollment
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Answer, Instrument, Item, Measurement, ProjectProgressionSettings
from stegvis.progression.scoring import refresh_scores
from stegvis.progression.statistics.rule import compute_progression, progression_provider
from stegvis.reports import project_report
from stegvis.reports.project_report import build_report
from stegvis.reports.tests.helpers import enrol, make_project, person, personnummer_for

D = datetime.date
ON = D(2024, 6, 30)


@pytest.fixture(autouse=True)
def _provider():
    """Other tests swap the report's hook; these need the real one."""
    project_report.register_progression_provider(progression_provider)


@pytest.fixture
def project(world):
    return make_project(world)


@pytest.fixture
def card(db):
    return Instrument.objects.get(code="progressionskort", version=1)


def measure(enrollment, date, values, respondent="deltagare", instrument=None):
    """Record a card; ``values`` is a list for q1, q2, ... (None = not answered) or one number for all ten."""
    instrument = instrument or Instrument.objects.get(code="progressionskort", version=1)
    if not isinstance(values, list):
        values = [values] * 10
    answers = {f"q{i}": v for i, v in enumerate(values, start=1)}
    return record_measurement(None, enrollment, instrument, respondent=respondent, date=date, answers=answers)


def raw_measure(enrollment, date, value, instrument):
    """A measurement dated outside its enrolment, as an import or a later change of dates leaves it."""
    m = Measurement.objects.create(
        enrollment=enrollment, instrument=instrument, respondent="deltagare", date=date
    )
    Answer.objects.bulk_create(
        [Answer(measurement=m, item=item, value=value) for item in instrument.items.all()]
    )
    refresh_scores([m.pk])  # written around the actions: the stored score is kept by hand
    return m


def figures(project, on=ON):
    return compute_progression(project, Enrollment.objects.filter(project=project, start_date__lte=on), on)


def counts(result):
    return {k: result[k] for k in ("measured", "positive", "negative", "unchanged")}


def test_first_against_latest_not_previous(world, project):
    e = enrol(world, project, person(world), D(2023, 1, 1))
    measure(e, D(2023, 1, 5), 5)
    measure(e, D(2023, 4, 5), 9)  # previous: big rise
    measure(e, D(2023, 7, 5), 4)  # latest: below the first
    result = figures(project)
    assert counts(result) == {"measured": 1, "positive": 0, "negative": 1, "unchanged": 0}
    assert result["mean_change"] == -1.0


def test_one_measurement_is_not_measured(world, project):
    e = enrol(world, project, person(world), D(2023, 1, 1))
    measure(e, D(2023, 1, 5), 5)
    assert counts(figures(project)) == {"measured": 0, "positive": 0, "negative": 0, "unchanged": 0}
    assert figures(project)["mean_change"] is None


def test_score_is_mean_of_answered_items(world, project):
    e = enrol(world, project, person(world), D(2023, 1, 1))
    # First: q1..q3 answered 2, 4, 6, the rest not answered -> mean 4.
    measure(e, D(2023, 1, 5), [2, 4, 6] + [None] * 7)
    # Latest: ten answers summing to 43 -> 4.3; change 0.3.
    measure(e, D(2023, 4, 5), [4, 4, 4, 4, 4, 4, 4, 5, 5, 5])
    result = figures(project)
    assert counts(result)["positive"] == 1
    assert result["mean_change"] == 0.3
    # Counting the missing items as 0 would give a first score of 1.2 and a change of 3.1.
    assert result["by_item"]["q1"] == {
        "dimension": "Veta vägen till jobb",
        "mean_first": 2.0,
        "mean_latest": 4.0,
        "mean_change": 2.0,
        "answered": 1,
        "scale_min": 1,
        "scale_max": 10,
    }
    assert result["by_item"]["q4"]["answered"] == 0
    assert result["by_item"]["q4"]["mean_first"] is None


def test_measurement_with_nothing_answered_is_skipped(world, project, card):
    card.allow_dont_know = True
    card.save()
    e = enrol(world, project, person(world), D(2023, 1, 1))
    measure(e, D(2023, 1, 5), 5)
    measure(e, D(2023, 4, 5), 7)
    empty = Measurement.objects.create(
        enrollment=e, instrument=card, respondent="deltagare", date=D(2023, 7, 5)
    )
    Answer.objects.bulk_create([Answer(measurement=empty, item=i, value=None) for i in card.items.all()])
    result = figures(project)
    assert counts(result) == {"measured": 1, "positive": 1, "negative": 0, "unchanged": 0}
    assert result["mean_change"] == 2.0


@pytest.mark.parametrize(
    "threshold, expected",
    [
        ("0", "positive"),
        ("0.49", "positive"),
        ("0.5", "unchanged"),  # a change equal to the threshold is not greater than it
        ("1", "unchanged"),
    ],
)
def test_threshold_is_strict(world, project, threshold, expected):
    update_project_settings(None, project, progression_threshold=threshold)
    project.refresh_from_db()
    rise = enrol(world, project, person(world), D(2023, 1, 1))
    measure(rise, D(2023, 1, 5), 5)
    measure(rise, D(2023, 4, 5), [5] * 5 + [6] * 5)  # 5.5: change +0.5
    fall = enrol(world, project, person(world), D(2023, 1, 1))
    measure(fall, D(2023, 1, 5), [5] * 5 + [6] * 5)
    measure(fall, D(2023, 4, 5), 5)  # change -0.5
    result = figures(project)
    opposite = {"positive": "negative", "unchanged": "unchanged"}[expected]
    assert result[expected] == (2 if expected == "unchanged" else 1)
    assert result[opposite] == (2 if expected == "unchanged" else 1)
    assert result["threshold"] == float(Decimal(threshold))


def test_threshold_exact_for_thirds(world, project):
    """1/3 of a step is 0.333...: greater than a threshold of 0.33, exactly as the rule says."""
    update_project_settings(None, project, progression_threshold="0.33")
    project.refresh_from_db()
    e = enrol(world, project, person(world), D(2023, 1, 1))
    measure(e, D(2023, 1, 5), [5, 5, 5] + [None] * 7)
    measure(e, D(2023, 4, 5), [5, 5, 6] + [None] * 7)
    assert figures(project)["positive"] == 1


def test_several_enrolments_of_one_person_count_separately(world, project):
    who = person(world, personnummer=personnummer_for(D(1990, 5, 5)))
    first = enrol(world, project, who, D(2022, 1, 1), end=D(2022, 12, 31))
    measure(first, D(2022, 1, 10), 3)
    measure(first, D(2022, 6, 10), 6)
    second = enrol(world, project, who, D(2023, 2, 1))
    measure(second, D(2023, 2, 10), 6)
    measure(second, D(2023, 6, 10), 4)
    result = figures(project)
    assert counts(result) == {"measured": 2, "positive": 1, "negative": 1, "unchanged": 0}
    # (+3 + -2) / 2
    assert result["mean_change"] == 0.5


def test_only_measurements_inside_the_enrolment(world, project, card):
    who = person(world)
    e = enrol(world, project, who, D(2023, 1, 1), end=D(2023, 12, 31))
    raw_measure(e, D(2022, 12, 1), 1, card)  # before the start
    measure(e, D(2023, 1, 5), 5)
    measure(e, D(2023, 6, 5), 6)
    raw_measure(e, D(2024, 2, 1), 10, card)  # after the end
    result = figures(project)
    assert counts(result) == {"measured": 1, "positive": 1, "negative": 0, "unchanged": 0}
    assert result["mean_change"] == 1.0


def test_measurements_after_on_are_not_yet_taken(world, project):
    e = enrol(world, project, person(world), D(2023, 1, 1))
    measure(e, D(2023, 1, 5), 5)
    measure(e, D(2023, 4, 5), 7)
    measure(e, D(2023, 9, 5), 3)
    assert figures(project, on=D(2023, 6, 30))["positive"] == 1
    assert figures(project, on=D(2023, 12, 31))["negative"] == 1
    assert figures(project, on=D(2023, 3, 1))["measured"] == 0


def test_active_enrolment_on_date_ignores_later_exit(world, project):
    """An enrolment ending after ``on`` is active on ``on``: measurements up to ``on`` count."""
    e = enrol(world, project, person(world), D(2023, 1, 1), end=D(2023, 12, 31))
    measure(e, D(2023, 1, 5), 5)
    measure(e, D(2023, 4, 5), 7)
    assert figures(project, on=D(2023, 6, 30))["positive"] == 1


def test_staff_measurements_are_not_mixed_in(world, project):
    e = enrol(world, project, person(world), D(2023, 1, 1))
    measure(e, D(2023, 1, 5), 5)
    measure(e, D(2023, 2, 5), 2, respondent="handlaggare")
    measure(e, D(2023, 4, 5), 9, respondent="handlaggare")
    measure(e, D(2023, 5, 5), 4)
    participant = figures(project)
    assert counts(participant) == {"measured": 1, "positive": 0, "negative": 1, "unchanged": 0}
    assert participant["respondent"] == "deltagare"
    staff = compute_progression(
        project, Enrollment.objects.filter(project=project), ON, respondent="handlaggare"
    )
    assert counts(staff) == {"measured": 1, "positive": 1, "negative": 0, "unchanged": 0}
    assert staff["mean_change"] == 7.0


def test_versions_of_one_code_are_one_instrument(world, project, card):
    v2 = Instrument.objects.create(code="progressionskort", version=2, name="Progressionskort")
    Item.objects.bulk_create(
        [
            Item(
                instrument=v2,
                code=i.code,
                position=i.position,
                dimension=f"{i.dimension} (ny)",
                text=i.text,
                scale_min=1,
                scale_max=10,
                low_label=i.low_label,
                high_label=i.high_label,
            )
            for i in card.items.all()
        ]
    )
    other = Instrument.objects.create(code="annat-kort", version=1, name="Annat")
    Item.objects.create(
        instrument=other, code="q1", position=1, dimension="X", text="X", low_label="l", high_label="h"
    )
    e = enrol(world, project, person(world), D(2023, 1, 1))
    measure(e, D(2023, 1, 5), 4, instrument=card)
    record_measurement(None, e, other, respondent="deltagare", date=D(2023, 3, 5), answers={"q1": 10})
    measure(e, D(2023, 4, 5), 6, instrument=v2)
    result = figures(project)
    assert counts(result) == {"measured": 1, "positive": 1, "negative": 0, "unchanged": 0}
    assert result["mean_change"] == 2.0
    assert result["instrument"] == "progressionskort"
    # The newest version names the axes, and answers pair across versions by item code.
    assert result["by_item"]["q2"]["dimension"] == "Mina kunskaper (ny)"
    assert result["by_item"]["q2"]["mean_change"] == 2.0


def test_primary_instrument_of_the_project(world, project):
    other = Instrument.objects.create(code="annat-kort", version=1, name="Annat")
    Item.objects.create(
        instrument=other, code="a", position=1, dimension="A", text="A", low_label="l", high_label="h"
    )
    ProjectProgressionSettings.objects.create(project=project, primary_instrument_code="annat-kort")
    e = enrol(world, project, person(world), D(2023, 1, 1))
    measure(e, D(2023, 1, 5), 9)
    measure(e, D(2023, 4, 5), 1)
    record_measurement(None, e, other, respondent="deltagare", date=D(2023, 1, 5), answers={"a": 1})
    record_measurement(None, e, other, respondent="deltagare", date=D(2023, 4, 5), answers={"a": 3})
    result = figures(project)
    assert result["instrument"] == "annat-kort"
    assert counts(result) == {"measured": 1, "positive": 1, "negative": 0, "unchanged": 0}
    assert list(result["by_item"]) == ["a"]


def test_by_gender_and_age_band(world, project):
    # Women 25 and 45 at the start, a man of 33; plus a woman with one measurement only.
    k25 = enrol(world, project, person(world, gender="K", birth_year=1998), D(2023, 1, 1))
    k45 = enrol(world, project, person(world, gender="K", birth_year=1978), D(2023, 1, 1))
    m33 = enrol(world, project, person(world, gender="M", birth_year=1990), D(2023, 1, 1))
    once = enrol(world, project, person(world, gender="K", birth_year=1998), D(2023, 1, 1))
    for e, first, latest in [(k25, 3, 6), (k45, 5, 5), (m33, 6, 5)]:
        measure(e, D(2023, 1, 5), first)
        measure(e, D(2023, 5, 5), latest)
    measure(once, D(2023, 1, 5), 2)
    result = figures(project)
    cells = result["by_gender_and_age_band"]
    assert set(cells) == {"K", "M", "X"}
    assert all(set(bands) == {"-19", "20-29", "30-39", "40-49", "50-59", "60-"} for bands in cells.values())
    assert cells["K"]["20-29"] == {
        "measured": 1,
        "positive": 1,
        "negative": 0,
        "unchanged": 0,
        "mean_change": 3.0,
    }
    assert cells["K"]["40-49"] == {
        "measured": 1,
        "positive": 0,
        "negative": 0,
        "unchanged": 1,
        "mean_change": 0.0,
    }
    assert cells["M"]["30-39"] == {
        "measured": 1,
        "positive": 0,
        "negative": 1,
        "unchanged": 0,
        "mean_change": -1.0,
    }
    assert cells["X"]["60-"] == {
        "measured": 0,
        "positive": 0,
        "negative": 0,
        "unchanged": 0,
        "mean_change": None,
    }
    assert counts(result) == {"measured": 3, "positive": 1, "negative": 1, "unchanged": 1}
    assert result["share_positive"] == 0.3333
    assert result["mean_change"] == 0.67


def test_mean_change_rounding(world, project):
    a = enrol(world, project, person(world), D(2023, 1, 1))
    measure(a, D(2023, 1, 5), [5, 5, 5] + [None] * 7)
    measure(a, D(2023, 4, 5), [5, 5, 6] + [None] * 7)  # +1/3
    b = enrol(world, project, person(world), D(2023, 1, 1))
    measure(b, D(2023, 1, 5), 5)
    measure(b, D(2023, 4, 5), 5)
    # (1/3 + 0) / 2 = 0.1666... -> 0.17
    assert figures(project)["mean_change"] == 0.17


def _many(world, project, n):
    for i in range(n):
        e = enrol(world, project, person(world, gender="KM"[i % 2], birth_year=1960 + i % 40), D(2023, 1, 1))
        measure(e, D(2023, 1, 5), 1 + i % 5)
        measure(e, D(2023, 4, 5), 1 + (i * 3) % 7)
        if i % 3 == 0:
            measure(e, D(2023, 6, 5), 2 + (i * 7) % 8)


@pytest.mark.parametrize("n", [5, 50])
def test_query_count_does_not_grow(world, project, n, django_assert_max_num_queries):
    _many(world, project, n)
    scope = Enrollment.objects.filter(project=project)
    with django_assert_max_num_queries(4):
        result = progression_provider(project, scope, ON)
    assert result["measured"] == n


def test_report_has_progression_filled(world, project):
    e = enrol(world, project, person(world), D(2023, 1, 1))
    measure(e, D(2023, 1, 5), 5)
    measure(e, D(2023, 4, 5), 6)
    assert build_report(project, on=ON)["progression"]["positive"] == 1
    out = io.StringIO()
    call_command("report", project.code, "--format", "json", "--on", ON.isoformat(), stdout=out)
    progression = json.loads(out.getvalue())["progression"]
    assert {
        "instrument",
        "respondent",
        "measured",
        "positive",
        "negative",
        "unchanged",
        "by_gender_and_age_band",
    } <= set(progression)
    assert progression["instrument"] == "progressionskort"
    assert progression["respondent"] == "deltagare"
    assert progression["measured"] == 1 and progression["positive"] == 1
    assert progression["by_gender_and_age_band"]["K"]["30-39"]["positive"] == 1


def test_report_window_limits_progression(world, project):
    early = enrol(world, project, person(world), D(2022, 1, 1), end=D(2022, 6, 30))
    measure(early, D(2022, 1, 5), 5)
    measure(early, D(2022, 5, 5), 6)
    late = enrol(world, project, person(world), D(2023, 1, 1))
    measure(late, D(2023, 1, 5), 6)
    measure(late, D(2023, 5, 5), 5)
    report = build_report(project, on=ON, date_from=D(2023, 1, 1))
    assert report["progression"]["measured"] == 1
    assert report["progression"]["negative"] == 1


def test_mean_change_rounds_half_up(world, project):
    """Changes 0.25 and 0 average to 0.125: 0.13, rounded half up as the report does."""
    a = enrol(world, project, person(world), D(2023, 1, 1))
    measure(a, D(2023, 1, 5), [4, 4, 4, 4] + [None] * 6)
    measure(a, D(2023, 4, 5), [4, 4, 4, 5] + [None] * 6)  # +0.25
    b = enrol(world, project, person(world), D(2023, 1, 1))
    measure(b, D(2023, 1, 5), 5)
    measure(b, D(2023, 4, 5), 5)
    assert figures(project)["mean_change"] == 0.13


def test_each_lookup_is_written_once_not_per_count(world, project):
    """The first/latest lookups stay in one place per query: repeating them inside every conditional
    count (one statement with some 80 subqueries) made the report take seconds on a large database."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _many(world, project, 5)
    with CaptureQueriesContext(connection) as captured:
        progression_provider(project, Enrollment.objects.filter(project=project), ON)
    assert max(q["sql"].upper().count("SELECT") for q in captured.captured_queries) <= 20


def test_item_missing_from_the_first_measurement_is_not_taken_from_a_later_one(world, project, card):
    """By item pairs the first and the latest measurement only, even when the first has no row for an item."""
    e = enrol(world, project, person(world), D(2023, 1, 1))
    first = raw_measure(e, D(2023, 1, 5), 4, card)
    first.answers.filter(item__code="q1").delete()
    refresh_scores([first.pk])
    measure(e, D(2023, 3, 5), 9)  # a middle measurement that does answer q1
    measure(e, D(2023, 5, 5), 6)
    result = figures(project)
    assert result["by_item"]["q1"]["answered"] == 0
    assert result["by_item"]["q2"] == {
        "dimension": "Mina kunskaper",
        "mean_first": 4.0,
        "mean_latest": 6.0,
        "mean_change": 2.0,
        "answered": 1,
        "scale_min": 1,
        "scale_max": 10,
    }
    assert counts(result) == {"measured": 1, "positive": 1, "negative": 0, "unchanged": 0}

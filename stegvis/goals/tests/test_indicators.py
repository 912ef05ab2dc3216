"""Each built-in indicator against a hand-built report dict: value, numerator, denominator."""

from types import SimpleNamespace

import pytest

from stegvis.goals import indicators
from stegvis.goals.indicators import get_indicator


def goal(**parameters):
    return SimpleNamespace(parameters=parameters)


def read(code, report, **parameters):
    return get_indicator(code).func(report, goal(**parameters))


def test_work_or_studies_reads_the_reports_share():
    report = {"work_or_studies": {"count": 40, "share": 0.1498}, "exits": {"total": 267}}
    assert read("work_or_studies", report) == (0.1498, 40, 267)


def test_work_or_studies_without_exits_has_no_data():
    report = {"work_or_studies": {"count": 0, "share": 0}, "exits": {"total": 0}}
    assert read("work_or_studies", report) == (None, 0, 0)


def test_progression_positive_among_the_measured():
    report = {"progression": {"measured": 108, "positive": 71, "negative": 26, "unchanged": 11}}
    assert read("progression_positive", report) == (0.6574, 71, 108)
    report["progression"]["share_positive"] = 0.6574
    assert read("progression_positive", report) == (0.6574, 71, 108)


@pytest.mark.parametrize("progression", [None, {"measured": 0, "positive": 0}])
def test_progression_without_measurements_has_no_data(progression):
    assert read("progression_positive", {"progression": progression})[0] is None


def test_language_step_per_framework():
    report = {
        "language": {
            "sfi": {"measured": 10, "moved": 8, "share": 0.8},
            "cefr": {"measured": 4, "moved": 1, "share": 0.25},
        }
    }
    assert read("language_step", report, framework="sfi") == (0.8, 8, 10)
    assert read("language_step", report, framework="cefr") == (0.25, 1, 4)
    assert (
        read(
            "language_step", {"language": {"sfi": {"measured": 0, "moved": 0, "share": 0}}}, framework="sfi"
        )[0]
        is None
    )
    assert read("language_step", {}, framework="sfi") == (None, None, None)


def test_work_or_studies_after_exit_reads_the_point_asked_for():
    report = {
        "exits": {"total": 20},
        "after_exit": {
            "1": {
                "due": 18,
                "work_or_studies": {"count": 2, "share": 0.5},
                "work_or_studies_at_exit_or_after": {"count": 9, "share": 0.5, "at_exit": 7, "after_exit": 2},
            },
            "6": {
                "due": 12,
                "work_or_studies": {"count": 5, "share": 0.625},
                "work_or_studies_at_exit_or_after": {"count": 6, "share": 0.5, "at_exit": 4, "after_exit": 2},
            },
        },
    }
    assert read("work_or_studies_after_exit", report, months="6") == (0.5, 6, 12)
    assert read("work_or_studies_after_exit", report, months="1") == (0.5, 9, 18)
    # No exit has reached the point yet: no data, not 0 %.
    report["after_exit"]["1"] = {"due": 0, "work_or_studies_at_exit_or_after": {"count": 0, "share": 0}}
    assert read("work_or_studies_after_exit", report, months="1") == (None, 0, 0)


@pytest.mark.parametrize(
    "report",
    [
        {},
        {"after_exit": None},
        {"after_exit": {"1": {"work_or_studies": {"count": 1, "share": 0.5}}}},
        {"after_exit": {"3": "not a dict"}},
    ],
)
def test_work_or_studies_after_exit_missing_is_no_data(report):
    assert read("work_or_studies_after_exit", report, months="3") == (None, None, None)


def test_survey_agreement_has_no_data_until_surveys_exist():
    assert read("survey_agreement", {"enrollments": 10}, statement="till-hjalp") == (None, None, None)
    report = {"surveys": {"statements": {"till-hjalp": {"answered": 50, "agreeing": 31, "share": 0.62}}}}
    assert read("survey_agreement", report, statement="till-hjalp") == (0.62, 31, 50)
    assert read("survey_agreement", report, statement="annat") == (None, None, None)


def test_gender_balance_is_women_among_women_and_men():
    assert read("gender_balance", {"by_gender": {"K": 123, "M": 144, "X": 3}}) == (0.4607, 123, 267)
    assert read("gender_balance", {"by_gender": {"K": 0, "M": 0, "X": 2}}) == (None, 0, 0)


def test_registering_again_replaces_and_parameters_are_merged_by_name():
    before = indicators._indicators.copy()
    try:
        indicators.register_indicator("work_or_studies", "Eget", lambda r, g: (1.0, 1, 1))
        assert read("work_or_studies", {}) == (1.0, 1, 1)
        indicators.register_indicator(
            "other_language",
            "Annat",
            lambda r, g: (None, None, None),
            parameters=[indicators.Parameter("framework", "Skala")],
        )
        names = [p.name for p in indicators.all_parameters()]
        assert names.count("framework") == 1
        assert {"framework", "months", "statement"} <= set(names)
    finally:
        indicators._indicators = before

"""The validation rules, each stated once: the actions, the bulk actions, the forms and the importer use them."""

import datetime
from types import SimpleNamespace

import pytest

from stegvis.participants import rules

TODAY = datetime.date(2026, 6, 15)
RANGE = "Födelseåret måste vara ett årtal mellan 1900 och i år."
REQUIRED = "Ange födelseår när personnummer saknas."


@pytest.mark.parametrize(
    "year,has_number,expected",
    [
        (1900, False, None),
        (2026, False, None),
        ("1985", False, None),
        (1899, False, RANGE),
        (2027, False, RANGE),
        (2100, True, RANGE),
        ("19x5", False, RANGE),
        ("+1985", False, RANGE),
        (None, False, REQUIRED),
        ("", False, REQUIRED),
        (None, True, None),
    ],
)
def test_birth_year(year, has_number, expected):
    assert rules.birth_year_error(year, has_number=has_number, today=TODAY) == expected


def test_project_period():
    project = SimpleNamespace(start_date=datetime.date(2023, 1, 1), end_date=datetime.date(2025, 12, 31))
    assert rules.project_period_error(project, datetime.date(2023, 1, 1)) is None
    assert rules.project_period_error(project, datetime.date(2025, 12, 31)) is None
    assert rules.project_period_error(project, None) is None
    assert "före projektets start (2023-01-01)" in rules.project_period_error(
        project, datetime.date(2022, 12, 31)
    )
    assert "efter projektets slut (2025-12-31)" in rules.project_period_error(
        project, datetime.date(2026, 1, 1)
    )
    open_ended = SimpleNamespace(start_date=datetime.date(2023, 1, 1), end_date=None)
    assert rules.project_period_error(open_ended, datetime.date(2099, 1, 1)) is None


def test_exit_dates_and_reason():
    start = datetime.date(2024, 3, 1)
    assert rules.exit_date_error(None, today=TODAY) == "Ange slutdatum."
    assert rules.exit_date_error(TODAY + datetime.timedelta(days=1), today=TODAY) == (
        "Slutdatum kan inte vara i framtiden."
    )
    assert rules.exit_date_error(TODAY, today=TODAY) is None
    assert rules.end_before_start_error(start, start - datetime.timedelta(days=1))
    assert rules.end_before_start_error(start, start) is None
    assert rules.exit_reason_error("") == "Ange avslutsorsak."
    assert rules.exit_reason_error("månen") == "Okänd avslutsorsak."


def test_periods_overlap():
    day = datetime.date
    assert rules.periods_overlap(day(2024, 1, 1), None, day(2023, 1, 1), None)
    assert rules.periods_overlap(day(2024, 1, 1), day(2024, 2, 1), day(2024, 2, 1), None)
    assert not rules.periods_overlap(day(2024, 1, 1), day(2024, 2, 1), day(2024, 2, 2), None)
    assert not rules.periods_overlap(day(2024, 3, 1), None, day(2024, 1, 1), day(2024, 2, 29))


def test_gender():
    assert rules.gender_error("K") is None and rules.gender_error("X") is None
    assert rules.gender_error("Q") == "Ange kön: kvinna, man eller annat/ej angivet."

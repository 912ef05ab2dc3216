"""Our personnummer rules against the ``personnummer`` package, over a generated set of numbers.

The package is the oracle for what a valid number is (format, birth number 000, check digit,
dates that exist, samordningsnummer) and for the 12-digit form. It differs from us, on purpose,
in two places, and the oracle below says so instead of hiding them:

- it does not check for birth dates in the future; we refuse them (only possible in the 12-digit
  form, since a ten-digit number is always placed in the past);
- for ten digits it picks the century from the year alone, so someone aged 99 whose birthday is
  later this year gets a birth date in the future (or, with ``+``, a hundred years too late);
  we pick it from the whole date, which puts that person a century earlier.

"Today" is fixed for both sides (the package reads it from ``_get_current_date``, which it keeps
for tests), so the set is the same on every run.
"""

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from personnummer import personnummer as oracle

from stegvis.participants import personnummer as pnr

TODAYS = (
    datetime.date(2026, 6, 15),
    datetime.date(2024, 2, 28),  # the day before a leap day
    datetime.date(2025, 12, 31),
    datetime.date(2000, 3, 1),
)
PER_TODAY = 3000


def _check_digit(nine):
    return next(d for d in "0123456789" if pnr.luhn_ok(nine + d))


def _birth_date(rng, today):
    """Mostly dates where the century matters: around today, around 100 and 200 years ago."""
    kind = rng.random()
    if kind < 0.25:
        centre = today
    elif kind < 0.5:
        centre = today.replace(year=today.year - 100, day=min(today.day, 28))
    elif kind < 0.55:
        centre = today.replace(year=today.year - 200, day=min(today.day, 28))
    else:
        start = datetime.date(1890, 1, 1)
        return start + datetime.timedelta(days=rng.randrange((today - start).days + 800))
    return centre + datetime.timedelta(days=rng.randint(-40, 40))


def _number(rng, today):
    """One typed number: valid, or wrong in one of the ways people get it wrong."""
    birth = _birth_date(rng, today)
    yy, mm, dd = f"{birth.year % 100:02d}", f"{birth.month:02d}", birth.day
    roll = rng.random()
    if roll < 0.2:
        dd += 60  # samordningsnummer
    elif roll < 0.25:
        mm = f"{rng.choice([0, 2, 4, 13, 19]):02d}"  # months that do not exist or are short
        dd = rng.choice([0, 29, 30, 31, 32, 60, 89, 90, 91])
    serial = "000" if rng.random() < 0.05 else f"{rng.randrange(1000):03d}"
    nine = f"{yy}{mm}{dd:02d}{serial}"
    check = _check_digit(nine)
    if rng.random() < 0.1:
        check = str((int(check) + rng.randint(1, 9)) % 10)
    century = f"{birth.year // 100:02d}"
    if rng.random() < 0.5:
        separator = rng.choice(["", "-", "+"])
        return f"{century}{nine[:6]}{separator}{nine[6:]}{check}"
    separator = rng.choice(["", "-", "-", "+"])
    return f"{nine[:6]}{separator}{nine[6:]}{check}"


def _expected(value, today):
    """``(birth date, 12 digits, samordningsnummer)`` as the oracle sees it, or ``None`` if refused."""
    try:
        parsed = oracle.parse(value)
    except oracle.PersonnummerException:
        return None
    birth, number = parsed.get_date(), parsed.format(long_format=True)
    ten_digits = len(value.replace("-", "").replace("+", "")) == 10
    if ten_digits:
        # The year the package chose for the date without "+": if that date is still to come
        # this year, the person was born a century earlier.
        year = birth.year + (100 if "+" in value else 0)
        if (year, birth.month, birth.day) > (today.year, today.month, today.day):
            try:
                birth = birth.replace(year=birth.year - 100)
            except ValueError:  # 29 February in a year that has none
                return None
            number = f"{birth.year:04d}{number[4:]}"
    elif birth > today:
        return None
    return birth, number, parsed.is_coordination_number()


def _ours(value, today):
    try:
        parsed = pnr.parse(value, today=today)
    except ValidationError:
        return None
    return parsed.birth_date, parsed.number, parsed.is_coordination_number


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_we_accept_exactly_what_the_oracle_accepts(monkeypatch, today):
    monkeypatch.setattr(oracle, "_get_current_date", lambda: today)
    rng = random.Random(f"personnummer-{today}")
    values = {_number(rng, today) for _ in range(PER_TODAY)}
    mismatches = [
        (value, ours, expected)
        for value in sorted(values)
        if (ours := _ours(value, today)) != (expected := _expected(value, today))
    ]
    assert not mismatches, mismatches[:10]
    accepted = sum(_ours(value, today) is not None for value in values)
    assert len(values) > 0.9 * PER_TODAY and 0.4 * len(values) < accepted < 0.9 * len(values)


def test_aged_99_with_the_birthday_later_this_year():
    today = datetime.date(2026, 6, 15)
    nine = "261220123"
    parsed = pnr.parse(f"{nine[:6]}-{nine[6:]}{_check_digit(nine)}", today=today)
    assert parsed.birth_date == datetime.date(1926, 12, 20)
    assert parsed.number.startswith("19261220")
    plus = pnr.parse(f"{nine[:6]}+{nine[6:]}{_check_digit(nine)}", today=today)
    assert plus.birth_date == datetime.date(1826, 12, 20)
    already = pnr.parse(f"260615-123{_check_digit('260615123')}", today=today)
    assert already.birth_date == today


def test_samordningsnummer_of_someone_aged_99():
    today = datetime.date(2026, 6, 15)
    nine = "261280123"  # born 20 December 1926, day + 60
    parsed = pnr.parse(f"{nine}{_check_digit(nine)}", today=today)
    assert parsed.birth_date == datetime.date(1926, 12, 20) and parsed.is_coordination_number
    assert parsed.number == f"19{nine}{_check_digit(nine)}"


@pytest.mark.parametrize("value", ["198501010006", "850101-0006", "8501010006", "19850101+0006"])
def test_birth_number_000_is_refused(value):
    with pytest.raises(ValidationError) as err:
        pnr.parse(value)
    assert err.value.code == "serial"
    assert "000" in err.value.messages[0]


def test_a_future_birth_date_in_twelve_digits_is_refused():
    today = datetime.date(2026, 6, 15)
    nine = "261220123"
    with pytest.raises(ValidationError) as err:
        pnr.parse(f"20{nine}{_check_digit(nine)}", today=today)
    assert err.value.code == "future"

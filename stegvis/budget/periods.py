"""Quarters and months: how the budget's periods are named, parsed and walked.

A quarter is stored as its first day (2024-04-01 is the second quarter of 2024) and written
``2024-K2`` (the Swedish "kvartal"); a month is its first day, written ``2024-04``.
"""

import datetime
import re

QUARTER_RE = re.compile(r"^(\d{4})-[KkQq]([1-4])$")
MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?$")


def quarter_of(day: datetime.date) -> datetime.date:
    """The first day of the quarter ``day`` lies in."""
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(quarter: datetime.date) -> str:
    return f"{quarter.year}-K{(quarter.month - 1) // 3 + 1}"


def parse_quarter(text: str) -> datetime.date | None:
    match = QUARTER_RE.match(text.strip())
    if not match:
        return None
    return datetime.date(int(match[1]), 3 * (int(match[2]) - 1) + 1, 1)


def parse_month(text: str) -> datetime.date | None:
    """``2024-04`` (or a date in it, ``2024-04-30``) to 2024-04-01; ``None`` when it is no month."""
    match = MONTH_RE.match(text.strip())
    if not match or not 1 <= int(match[2]) <= 12 or not 1900 <= int(match[1]) <= 2100:
        return None
    return datetime.date(int(match[1]), int(match[2]), 1)


def add_months(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def quarters_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The quarters from the one ``first`` lies in to the one ``last`` lies in, in order."""
    quarters, quarter = [], quarter_of(first)
    while quarter <= last:
        quarters.append(quarter)
        quarter = add_months(quarter, 3)
    return quarters


def last_day(quarter_or_month: datetime.date, months: int) -> datetime.date:
    """The last day of the ``months`` months starting at ``quarter_or_month``."""
    return add_months(quarter_or_month, months) - datetime.timedelta(days=1)

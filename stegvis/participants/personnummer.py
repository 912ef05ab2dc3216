"""Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer).

Accepted input: 10 or 12 digits, with or without a ``-`` or ``+`` separator. A ``+`` in the
10-digit form means the person is 100 years or older. The stored form is always 12 digits
(``YYYYMMDDNNNC``), so the same person is found whatever way the number was typed.
A samordningsnummer has 60 added to the day of birth. The birth number (the three digits after
the date) is never 000.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_PATTERN = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$")


@dataclass(frozen=True)
class Personnummer:
    number: str  # 12 digits
    birth_date: datetime.date
    is_coordination_number: bool

    @property
    def formatted(self) -> str:
        return f"{self.number[:8]}-{self.number[8:]}"


def luhn_ok(ten_digits: str) -> bool:
    total = 0
    for i, ch in enumerate(ten_digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _date_or_none(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def parse(value: str, today: datetime.date | None = None) -> Personnummer:
    """Validate and normalise; raise ``ValidationError`` with a Swedish message.

    Ten digits carry no century: the birth date is the most recent one with those digits that is
    not in the future (decided on the whole date, so someone aged 99 whose birthday is later this
    year is not taken for a newborn), and ``+`` adds a hundred years.
    """
    raw = (value or "").strip().replace(" ", "")
    match = _PATTERN.match(raw)
    if not match:
        raise ValidationError(
            _("Personnumret ska ha 10 eller 12 siffror, t.ex. 19850101-1234."), code="format"
        )
    century, yy, mm, dd, sep, serial, check = match.groups()
    if serial == "000":
        # Skatteverket never gives out the birth number 000.
        raise ValidationError(
            _("Personnumret kan inte ha födelsenumret 000. Kontrollera de fyra sista siffrorna."),
            code="serial",
        )
    ten = f"{yy}{mm}{dd}{serial}{check}"
    if not luhn_ok(ten):
        raise ValidationError(_("Personnumret har fel kontrollsiffra."), code="checksum")
    day = int(dd)
    coordination = day > 60
    if coordination:
        day -= 60
    today = today or datetime.date.today()
    if century:
        year = int(century + yy)
        birth = _date_or_none(year, int(mm), day)
    else:
        year = today.year - (today.year - int(yy)) % 100
        birth = _date_or_none(year, int(mm), day)
        if birth is None or birth > today:
            # Not yet this century (or not a date in that year): the century before.
            year -= 100
            birth = _date_or_none(year, int(mm), day)
        if sep == "+":
            year -= 100
            birth = _date_or_none(year, int(mm), day)
    if birth is None:
        raise ValidationError(_("Personnumret innehåller ett datum som inte finns."), code="date")
    if birth > today:
        raise ValidationError(_("Personnumret har ett födelsedatum i framtiden."), code="future")
    return Personnummer(
        number=f"{year:04d}{mm}{dd}{serial}{check}", birth_date=birth, is_coordination_number=coordination
    )


def mask(number: str) -> str:
    """Show the birth date but hide the last four digits, for lists."""
    if not number:
        return ""
    return f"{number[:8]}-****"

"""Swedish organisation numbers (organisationsnummer): the one check, with its Swedish messages.

Accepted input: ten digits, with or without the hyphen (``556036-0793``), or twelve digits with
Skatteverket's century prefix ``16`` (``16556036-0793``). The last digit is a Luhn check digit
over the ten, the same as in a personnummer (:func:`stegvis.participants.personnummer.luhn_ok`).
A legal person's number has 20 or more in the "month" position (its third and fourth digits), so
it can never be a date; a number that could be a personnummer is refused, because a sole trader
(enskild firma) is identified by the owner's personnummer, which is personal data the employer
register is not made to keep: such an employer is registered without a number.

Stored as ``NNNNNN-NNNN``, so the same company is found whichever way it was typed.
"""

import re

from django.utils.translation import gettext as _

from stegvis.participants.personnummer import luhn_ok

_PATTERN = re.compile(r"^(?:16)?(\d{6})-?(\d{4})$")


class InvalidOrgNumber(ValueError):
    """The value is not an organisation number; ``str(error)`` is the Swedish message."""


def normalise(value: str | None) -> str:
    """``value`` as ``NNNNNN-NNNN``, ``""`` for an empty value; :class:`InvalidOrgNumber` otherwise."""
    text = re.sub(r"\s+", "", value or "")
    if not text:
        return ""
    match = _PATTERN.match(text)
    if match is None:
        raise InvalidOrgNumber(
            _("Organisationsnummer: ange tio siffror, t.ex. 556036-0793 (du skrev %(v)s).") % {"v": text[:20]}
        )
    ten = match.group(1) + match.group(2)
    if int(ten[2:4]) < 20:
        raise InvalidOrgNumber(
            _(
                "Organisationsnummer: %(v)s ser ut som ett personnummer. En enskild firma registreras "
                "utan organisationsnummer."
            )
            % {"v": f"{ten[:6]}-{ten[6:]}"}
        )
    if not luhn_ok(ten):
        raise InvalidOrgNumber(
            _("Organisationsnummer: kontrollsiffran stämmer inte i %(v)s. Kontrollera numret.")
            % {"v": f"{ten[:6]}-{ten[6:]}"}
        )
    return f"{ten[:6]}-{ten[6:]}"

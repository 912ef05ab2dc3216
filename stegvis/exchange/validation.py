"""Checking the rows of each file against the exchange format, one row at a time.

Every check here is about the row itself (a date is a date, a code is in its list, a
personnummer has the right checksum). Checks between rows and files, and against the
database, are in :mod:`stegvis.exchange.importer`. Each problem names the file, the line and
the column, in words a project administrator understands; a row with problems yields
problems is still returned (with ``None`` for the cells that are wrong), so the checks
between files can report on it too, but it is never written.
"""

import datetime
import functools
import re
import sys
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from stegvis.exchange.readers import Problem
from stegvis.organizations.models import Funder, OrganizationKind
from stegvis.participants import personnummer as pnr
from stegvis.participants import rules
from stegvis.participants.models import ExitReason, Gender, NextActor, Referrer
from stegvis.participants.municipalities import municipality_code, unknown_municipality_message
from stegvis.progression.models import LEVELS, Framework, Respondent

# (required columns, optional columns) per file. birth_year is required only without personnummer.
COLUMNS = {
    "organizations": (("code", "name", "kind"), ()),
    "projects": (("code", "name", "owner", "start_date"), ("end_date", "funder")),
    "participants": (
        ("participant_ref", "gender"),
        (
            "personnummer",
            "birth_year",
            "home_municipality",
            "language",
            "interpreter_needed",
            "education_level",
            "protected_identity",
        ),
    ),
    "enrollments": (
        ("participant_ref", "project", "organization", "start_date"),
        (
            "referrer",
            "need_group",
            "end_date",
            "exit_reason",
            "coordinator",
            # Stegvis's own (docs/exchange.md): what an exit says besides its reason.
            "project_exit_reason",
            "next_actor",
            "other_outcomes",
        ),
    ),
    "measurements": (("participant_ref", "project", "instrument", "date", "respondent", "item", "value"), ()),
    "language_levels": (("participant_ref", "date", "framework", "level"), ()),
}

_CODE = re.compile(r"^[-a-zA-Z0-9_]+$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The allowed codes of each choice column, worked out once (``Choices.values`` builds a new list
# on every use, and a big file asks on every row).
_CHOICES = {
    choices: tuple(choices.values)
    for choices in (OrganizationKind, Funder, Gender, Referrer, ExitReason, NextActor, Respondent, Framework)
}
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_INTEGER = re.compile(r"^[-+]?\d+$")
YES, NO = "ja", "nej"


def check_header(table) -> tuple[list, list]:
    """Missing required columns are errors (the file is then not read further); unknown ones warnings."""
    required, optional = COLUMNS[table.kind]
    errors, warnings = [], []
    seen = set()
    for column in table.header:
        if not column:
            continue
        if column in seen:
            errors.append(
                Problem(
                    table.filename, 1, column, _("Kolumnen finns två gånger i rubrikraden. Ta bort den ena.")
                )
            )
        seen.add(column)
        if column not in required and column not in optional:
            warnings.append(Problem(table.filename, 1, column, _("Okänd kolumn. Den läses inte in.")))
    for column in required:
        if column not in seen:
            errors.append(
                Problem(
                    table.filename,
                    1,
                    column,
                    _("Kolumnen saknas i rubrikraden. Den måste finnas och vara ifylld på varje rad."),
                )
            )
    return errors, warnings


@dataclass(slots=True)
class OrganizationRow:
    line: int
    code: str
    name: str
    kind: str


@dataclass(slots=True)
class ProjectRow:
    line: int
    code: str
    name: str
    owner: str
    start_date: datetime.date
    end_date: datetime.date | None
    funder: str | None


@dataclass(slots=True)
class ParticipantRow:
    line: int
    ref: str
    number: "pnr.Personnummer | None"
    birth_year: int | None
    gender: str
    home_municipality: str | None
    language: str | None
    interpreter_needed: bool | None
    education_level: int | None
    protected_identity: bool | None

    def person_fields(self):
        """The details the file gives a value for (an empty cell gives none)."""
        values = {
            "gender": self.gender,
            "home_municipality": self.home_municipality,
            "language": self.language,
            "interpreter_needed": self.interpreter_needed,
            "education_level": self.education_level,
        }
        if self.number is None and self.birth_year is not None:
            values["birth_year"] = self.birth_year
        return {name: value for name, value in values.items() if value is not None}


@dataclass(slots=True)
class EnrollmentRow:
    line: int
    ref: str
    project: str
    organization: str
    referrer: str | None
    need_group: str | None
    start_date: datetime.date
    end_date: datetime.date | None
    exit_reason: str | None
    coordinator: str | None
    project_exit_reason: str | None = None
    next_actor: str | None = None
    other_outcomes: tuple[str, ...] = ()


@dataclass(slots=True)
class MeasurementRow:
    """One answered item; rows with the same :attr:`key` make up one measurement."""

    line: int
    ref: str
    project: str
    instrument: str
    date: datetime.date
    respondent: str
    item: str
    value: int

    @property
    def key(self):
        return (self.ref, self.project, self.instrument, self.respondent, self.date)


@dataclass(slots=True)
class LanguageLevelRow:
    line: int
    ref: str
    date: datetime.date
    framework: str
    level: str


# The same dates come back on row after row: one date object each keeps a big file's rows small.
_date = functools.lru_cache(maxsize=8192)(datetime.date.fromisoformat)


class RowCheck:
    """Reads the cells of one row, collecting a problem for every cell that is wrong."""

    def __init__(self, filename, line, cells):
        self.filename, self.line, self.cells = filename, line, cells
        self.problems = []

    def error(self, column, message):
        self.problems.append(Problem(self.filename, self.line, column, message))

    def raw(self, column):
        return self.cells.get(column)

    def text(self, column, *, required=False, max_length=None):
        value = self.cells.get(column)
        if value is None:
            if required:
                self.error(column, _("Värde saknas. Kolumnen måste vara ifylld."))
            return None
        if max_length and len(value) > max_length:
            self.error(column, _("Texten är för lång (högst %(n)s tecken).") % {"n": max_length})
            return None
        return value

    def code(self, column, *, required=False, max_length=64):
        value = self.text(column, required=required, max_length=max_length)
        if value is not None and not _CODE.match(value):
            self.error(
                column,
                _(
                    'Koden "%(v)s" får bara innehålla bokstäver a–z utan å, ä, ö, siffror, bindestreck och understreck.'
                )
                % {"v": value},
            )
            return None
        return value

    def choice(self, column, choices, *, required=False, lower=True):
        value = self.text(column, required=required)
        if value is None:
            return None
        normalised = sys.intern(value.lower() if lower else value.upper())  # one string per code, not per row
        if normalised not in choices:
            self.error(
                column,
                _('Okänt värde "%(v)s". Tillåtna värden: %(choices)s.')
                % {"v": value, "choices": ", ".join(choices)},
            )
            return None
        return normalised

    def date(self, column, *, required=False):
        value = self.text(column, required=required)
        if value is None:
            return None
        if not _DATE.match(value):
            self.error(
                column,
                _('"%(v)s" är inte ett datum. Skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2023-03-01.') % {"v": value},
            )
            return None
        try:
            return _date(value)
        except ValueError:
            self.error(column, _("Datumet %(v)s finns inte.") % {"v": value})
            return None

    def yes_no(self, column):
        value = self.choice(column, (YES, NO))
        return None if value is None else value == YES

    def integer(self, column, low, high, *, message):
        value = self.text(column)
        if value is None:
            return None
        if not value.isdigit() or not low <= int(value) <= high:
            self.error(column, message % {"v": value})
            return None
        return int(value)


def parse_organization(filename, line, cells):
    row = RowCheck(filename, line, cells)
    code = row.code("code", required=True)
    name = row.text("name", required=True, max_length=200)
    kind = row.choice("kind", _CHOICES[OrganizationKind], required=True)
    return OrganizationRow(line, code, name, kind), row.problems


def parse_project(filename, line, cells):
    row = RowCheck(filename, line, cells)
    code = row.code("code", required=True)
    name = row.text("name", required=True, max_length=200)
    owner = row.code("owner", required=True)
    start = row.date("start_date", required=True)
    end = row.date("end_date")
    funder = row.choice("funder", _CHOICES[Funder])
    if start and end and end < start:
        row.error(
            "end_date", _("Slutdatum %(end)s är före startdatum %(start)s.") % {"end": end, "start": start}
        )
    return ProjectRow(line, code, name, owner, start, end, funder), row.problems


def parse_participant(filename, line, cells, today=None):
    today = today or datetime.date.today()
    row = RowCheck(filename, line, cells)
    ref = row.text("participant_ref", required=True, max_length=64)
    number = None
    raw_number = row.text("personnummer")
    if raw_number is not None:
        try:
            number = pnr.parse(raw_number, today=today)
        except ValidationError as exc:
            # The number itself is not repeated: it may belong to a protected identity.
            row.error(
                "personnummer",
                _("Personnumret går inte att använda: %(why)s") % {"why": " ".join(exc.messages)},
            )
    birth_year = None
    raw_year = row.text("birth_year")
    problem = rules.birth_year_error(raw_year, has_number=raw_number is not None, today=today)
    if problem:
        row.error("birth_year", problem)
    elif raw_year is not None:
        birth_year = int(raw_year)
    if number is not None and birth_year is not None and number.birth_date.year != birth_year:
        row.error(
            "birth_year",
            _("Födelseåret %(y)s stämmer inte med personnumret (född %(born)s).")
            % {"y": birth_year, "born": number.birth_date.year},
        )
    gender = row.choice("gender", _CHOICES[Gender], required=True, lower=False)
    municipality = row.text("home_municipality", max_length=100)
    if municipality is not None:
        code = municipality_code(municipality)
        if code is None:
            row.error("home_municipality", unknown_municipality_message(municipality))
        municipality = code or None
    language = row.text("language")
    if language is not None:
        language = language.lower()
        if not _LANGUAGE.match(language):
            row.error(
                "language",
                _(
                    '"%(v)s" är inte en språkkod. Använd en ISO 639-kod med två eller tre bokstäver, t.ex. sv, ar, prs.'
                )
                % {"v": row.raw("language")},
            )
            language = None
    interpreter = row.yes_no("interpreter_needed")
    education = row.integer(
        "education_level",
        0,
        8,
        message=_('Utbildningsnivån "%(v)s" ska vara en ISCED-nivå, en siffra från 0 till 8.'),
    )
    protected = row.yes_no("protected_identity")
    return ParticipantRow(
        line,
        ref,
        number,
        birth_year,
        gender,
        municipality,
        language,
        interpreter,
        education,
        protected,
    ), row.problems


def parse_enrollment(filename, line, cells):
    row = RowCheck(filename, line, cells)
    ref = row.text("participant_ref", required=True, max_length=64)
    project = row.code("project", required=True)
    organization = row.code("organization", required=True)
    referrer = row.choice("referrer", _CHOICES[Referrer])
    need_group = row.text("need_group", max_length=100)
    start = row.date("start_date", required=True)
    end = row.date("end_date")
    exit_reason = row.choice("exit_reason", _CHOICES[ExitReason])
    coordinator = row.text("coordinator", max_length=150)
    own_reason = row.text("project_exit_reason", max_length=100)
    next_actor = row.choice("next_actor", _CHOICES[NextActor])
    outcomes = tuple(sorted({o.lower() for o in (row.raw("other_outcomes") or "").split()}))
    problem = rules.other_outcomes_error(exit_reason, outcomes)
    if problem:
        row.error("other_outcomes", problem)
    for column in ("project_exit_reason", "next_actor", "other_outcomes"):
        if row.raw(column) is not None and row.raw("end_date") is None:
            row.error(column, _("Slutdatum saknas. Uppgifter om avslutet kräver ett slutdatum."))
    if start and end and end < start:
        row.error(
            "end_date", _("Slutdatum %(end)s är före startdatum %(start)s.") % {"end": end, "start": start}
        )
    if row.raw("end_date") is not None and row.raw("exit_reason") is None:
        row.error("exit_reason", _("Avslutsorsak saknas. Den måste anges när slutdatum är ifyllt."))
    if row.raw("exit_reason") is not None and row.raw("end_date") is None:
        row.error("end_date", _("Slutdatum saknas. En avslutsorsak kräver ett slutdatum."))
    return EnrollmentRow(
        line,
        ref,
        project,
        organization,
        referrer,
        need_group,
        start,
        end,
        exit_reason,
        coordinator,
        own_reason,
        next_actor,
        outcomes,
    ), row.problems


def parse_measurement(filename, line, cells):
    """The cells of one answered item. Whether the instrument, the item and the scale fit is checked
    by the importer, which knows the instruments."""
    row = RowCheck(filename, line, cells)
    ref = row.text("participant_ref", required=True, max_length=64)
    project = row.code("project", required=True)
    instrument = row.code("instrument", required=True)
    date = row.date("date", required=True)
    respondent = row.choice("respondent", _CHOICES[Respondent], required=True)
    item = row.code("item", required=True, max_length=32)
    value = None
    raw_value = row.raw("value")
    if raw_value is None:
        row.error(
            "value",
            _(
                "Värde saknas. Varje rad är ett besvarat svar; en fråga som inte besvarades "
                '("vet inte / vill inte svara") ska inte ha någon rad alls.'
            ),
        )
    elif not _INTEGER.match(raw_value):
        row.error("value", _('Svaret "%(v)s" ska vara ett heltal, t.ex. 7.') % {"v": raw_value})
    else:
        value = int(raw_value)
    return MeasurementRow(line, ref, project, instrument, date, respondent, item, value), row.problems


def parse_language_level(filename, line, cells):
    row = RowCheck(filename, line, cells)
    ref = row.text("participant_ref", required=True, max_length=64)
    date = row.date("date", required=True)
    framework = row.choice("framework", _CHOICES[Framework], required=True)
    level = row.text("level", required=True)
    if level is not None:
        level = level.upper()
        if framework is not None and level not in LEVELS[framework]:
            row.error(
                "level",
                _('Nivån "%(v)s" finns inte i %(framework)s. Tillåtna nivåer: %(levels)s.')
                % {"v": row.raw("level"), "framework": framework, "levels": ", ".join(LEVELS[framework])},
            )
            level = None
    return LanguageLevelRow(line, ref, date, framework, level), row.problems


PARSERS = {
    "organizations": parse_organization,
    "projects": parse_project,
    "participants": parse_participant,
    "enrollments": parse_enrollment,
    "measurements": parse_measurement,
    "language_levels": parse_language_level,
}

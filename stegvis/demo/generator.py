"""The one generator of demo participants: plain row dicts, drawn from :mod:`stegvis.demo.content`.

Both ways of loading (the actions one by one, and the bulk actions for large volumes) read the
same rows, so a small demo and a million-row benchmark contain the same kind of people and
differ only in how they are written. The generator knows nothing about the database: rows name
organisations, projects, need groups and coordinators by code, and
:class:`stegvis.demo.loader.Resolver` turns those into objects.

Everything is drawn from one ``random.Random(seed)`` in a fixed order, so the same seed on the
same day gives the same people. Dates are relative to ``today`` so the demo always has people who
are enrolled now and people who have left.
"""

import bisect
import calendar
import datetime
import functools
import itertools
import random
from dataclasses import dataclass
from typing import Any

from stegvis.demo import content
from stegvis.participants.municipalities import municipality_code

PROTECTED_EVERY = 97  # about one person in a hundred has a protected identity
PROTECTED_OFFSET = 13
ANONYMOUS_SHARE = 0.08  # registered without consent: birth year, gender and dates only
RE_ENROL_SHARE = 0.25
SECOND_PROJECT_AFTER_MOVE = 0.35
COHORT_SHARE = 0.35
ONE_CHANGE, TWO_CHANGES = 0.12, 0.03


def add_months(day, months):
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def luhn_check_digit(nine_digits: str) -> str:
    """The check digit that makes ``nine_digits`` + it pass the Luhn test used for personnummer."""
    total = 0
    for i, ch in enumerate(nine_digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


class PersonnummerSource:
    """Hands out valid, unique personnummer for a birth date and gender.

    Per birth date and gender there are 500 serial numbers (the third serial digit is odd for men,
    even for women; women have one fewer, as birth number 000 is never given out); they are used
    in a scrambled order so numbers do not look sequential. When a date is used up, the
    samordningsnummer of the same date (day + 60) takes 500 more, and after that the next day is
    used. Memory stays small: one counter per date and gender, a few tens of
    thousands at most, whatever the number of people.
    """

    def __init__(self):
        self._used = {}

    def next(self, birth_date: datetime.date, gender: str) -> tuple[str, datetime.date]:
        day = birth_date
        while True:
            key = (day, gender)
            count = self._used.get(key, 0)
            if count < 1000:
                self._used[key] = count + 1
                number = self._format(day, gender, count)
                if number[8:11] != "000":  # birth number 000 is never given out
                    return number, day
                continue
            day += datetime.timedelta(days=1)

    @staticmethod
    def _format(day, gender, count):
        coordination, count = divmod(count, 500)
        group, rest = divmod(count, 100)
        first_two = (rest * 37 + 11) % 100  # a bijection on 0..99
        gender_digit = (1, 3, 5, 7, 9)[group] if gender == "M" else (0, 2, 4, 6, 8)[group]
        dd = day.day + (60 if coordination else 0)
        nine = f"{day.year % 100:02d}{day.month:02d}{dd:02d}{first_two:02d}{gender_digit}"
        return f"{day.year // 100:02d}{nine}{luhn_check_digit(nine)}"


# Prepared draws per weights table (keyed by the table's id; the tables are module constants).
_CUMULATIVE: dict[int, tuple[dict[Any, float], list[Any], list[float], float]] = {}


def _weighted(rng, weights: dict):
    """One key of ``weights``, drawn in proportion to its weight.

    The cumulative weights of the fixed tables are computed once (keyed by the table's identity):
    at a million people the generator draws tens of millions of times.
    """
    table = _CUMULATIVE.get(id(weights))
    if table is None or table[0] is not weights:
        keys = list(weights)
        cumulative = list(itertools.accumulate(weights[k] for k in keys))
        table = _CUMULATIVE[id(weights)] = (weights, keys, cumulative, cumulative[-1])
    _table, keys, cumulative, total = table
    return keys[bisect.bisect_right(cumulative, rng.random() * total)]


@functools.cache
def _exit_weights(young, health_referral):
    """Exit reasons lean towards studies for the young and towards care for those sent by FK or healthcare."""
    weights = dict(content.EXIT_REASONS)
    if young:
        weights["studier"] *= 2
    if health_referral:
        weights["sjukdom_vard"] *= 2
        weights["arbete"] //= 2
    return weights


_RETURN_REASONS = {reason: content.EXIT_REASONS[reason] for reason in sorted(content.RE_ENROL_AFTER)}


@dataclass(frozen=True)
class ProjectPeriod:
    code: str
    start: datetime.date
    end: datetime.date
    cohorts: tuple


def project_periods(today: datetime.date) -> dict:
    """Each demo project's start and end dates and cohort start days, relative to ``today``."""
    periods = {}
    this_month = today.replace(day=1)
    for spec in content.PROJECTS:
        start = add_months(this_month, -spec["start_months"])
        end = month_end(add_months(this_month, spec["end_months"]))
        if spec["end_of_year"]:
            end = datetime.date(end.year, 12, 31)
        # A cohort (startgrupp) starts on the first Monday of every other month.
        cohorts = []
        month = start
        while month <= today:
            monday = month + datetime.timedelta(days=(7 - month.weekday()) % 7)
            if start <= monday <= today:
                cohorts.append(monday)
            month = add_months(month, 2)
        periods[spec["code"]] = ProjectPeriod(spec["code"], start, end, tuple(cohorts))
    return periods


class DemoGenerator:
    """Draws ``participants`` people with their enrolments; iterate to get the rows.

    A row::

        {"index": 0,
         "person": {"organization": "kungsbacka", "personnummer": "19900314...", "protected_identity": False,
                    "ref": "KBA-0000001", "first_name": ..., "last_name": ..., "gender": "K",
                    "birth_year": 1990, "home_municipality": ..., "language": "ar", ...},
         "enrollments": [{"project": "helhetslyftet", "organization": "kungsbacka", "coordinator": "koordinator",
                          "start_date": date, "referrer": "af", "intake_channel": "remiss",
                          "need_group": "utbildningsplikt", "income_source_start": ..., "occupation_start": ...,
                          "work_extent_start": None,
                          "coordinator_changes": [(date, "handlaggare.kungsbacka")],
                          "exit": {"end_date": date, "exit_reason": "arbete", ...} or None}]}
    """

    def __init__(self, participants: int, seed: int = 2026, today: datetime.date | None = None):
        self.participants = participants
        self.seed = seed
        self.today = today or datetime.date.today()
        # The newest enrolments are from last week; exits are never after the day the data is made.
        self.horizon = self.today - datetime.timedelta(days=7)
        self.periods = project_periods(self.today)
        self.projects = {spec["code"]: spec for spec in content.PROJECTS}
        self.orgs = {
            code: (municipality, prefix) for code, _n, _k, municipality, prefix in content.ORGANIZATIONS
        }

    def __len__(self):
        return self.participants

    def __iter__(self):
        rng = random.Random(self.seed)
        numbers = PersonnummerSource()
        project_weights = {spec["code"]: spec["weight"] for spec in content.PROJECTS}
        for index in range(self.participants):
            yield self._row(rng, numbers, index, _weighted(rng, project_weights))

    # --- one person ------------------------------------------------------------------------------

    def _row(self, rng, numbers, index, project_code):
        spec = self.projects[project_code]
        org = _weighted(rng, spec["enrolling"])
        # Every 25th person leaves early and comes back, every 50th moves and joins another project,
        # so even a small demo shows both; more happen at random below.
        forced = "return" if index % 25 == 5 else "move" if index % 50 == 17 else None
        start = self._start_date(
            rng, project_code, self.periods[project_code].start, early=forced is not None
        )
        gender = "K" if rng.random() < spec["women"] else "M"
        lo, hi, _w = rng.choices(content.AGE_BANDS, weights=[b[2] for b in content.AGE_BANDS])[0]
        age = rng.randint(lo, hi)
        birth = start - datetime.timedelta(days=365 * age + rng.randint(1, 364))
        language = _weighted(rng, spec["languages"])
        person = self._person(rng, numbers, index, org, project_code, gender, birth, language)
        first = self._enrollment(rng, spec, org, start, age, language, forced_exit=forced)
        enrollments = [first]
        if first["exit"]:
            reason, ended = first["exit"]["exit_reason"], first["exit"]["end_date"]
            if forced == "return" or (reason in content.RE_ENROL_AFTER and rng.random() < RE_ENROL_SHARE):
                again = self._later_start(rng, project_code, ended, 30, 200)
                if again:
                    enrollments.append(
                        self._enrollment(rng, spec, org, again, age, language, need_group=first["need_group"])
                    )
            elif forced == "move" or (reason == "flytt" and rng.random() < SECOND_PROJECT_AFTER_MOVE):
                other = rng.choice([code for code in self.projects if code != project_code])
                other_spec = self.projects[other]
                again = self._later_start(rng, other, ended, 20, 120)
                if again:
                    other_org = other_spec["owner"]
                    enrollments.append(self._enrollment(rng, other_spec, other_org, again, age, language))
        return {"index": index, "person": person, "enrollments": enrollments}

    def _person(self, rng, numbers, index, org, project_code, gender, birth, language):
        municipality, prefix = self.orgs[org]
        if not municipality:
            municipality = rng.choice(content.AGENCY_MUNICIPALITIES[project_code])
        protected = index % PROTECTED_EVERY == PROTECTED_OFFSET
        anonymous = not protected and rng.random() < ANONYMOUS_SHARE
        names = content.NAMES[language]
        first_name, last_name = rng.choice(names[gender]), rng.choice(names["last"])
        number = ""
        if not anonymous:
            number, birth = numbers.next(birth, gender)
        education = _weighted(rng, content.EDUCATION_SV if language == "sv" else content.EDUCATION_OTHER)
        contact = _weighted(rng, content.CONTACT_PREFERENCES)
        interpreter = False if language == "sv" else rng.random() < self.projects[project_code]["interpreter"]
        person = {
            "organization": org,
            "personnummer": number,
            "protected_identity": protected,
            "ref": f"{prefix}-{index + 1:07d}",
            "first_name": "" if anonymous else first_name,
            "last_name": "" if anonymous else last_name,
            "gender": gender,
            "birth_year": birth.year,
            "home_municipality": municipality_code(municipality),
            "language": language,
            "interpreter_needed": interpreter,
            "contact_preference": "" if anonymous else contact,
            "phone": "",
            "email": "",
            "education_level": education,
        }
        if not anonymous and contact in ("sms", "phone"):
            person["phone"] = f"070-{rng.randint(content.FICTION_PHONE_FIRST, content.FICTION_PHONE_LAST)}"
        elif not anonymous and contact == "email":
            local = f"{first_name}.{last_name}".lower().replace(" ", "")
            local = local.translate(str.maketrans("åäöé", "aaoe"))
            person["email"] = f"{local}@{rng.choice(content.EMAIL_DOMAINS)}"
        return person

    def _enrollment(self, rng, spec, org, start, age, language, need_group=None, forced_exit=None):
        referrer = _weighted(rng, spec["referrers"])
        if age < 20 and rng.random() < 0.7:
            referrer = "kaa"
        channel = "egenremiss" if referrer == "egenremiss" else _weighted(rng, content.INTAKE_CHANNELS)
        income = _weighted(rng, content.INCOME_BY_REFERRER[referrer])
        if income == "etableringsersattning" and language == "sv":
            income = "aktivitetsstod"
        occupation = _weighted(rng, content.OCCUPATION_START)
        if spec["code"] == "helhetslyftet" and language != "sv" and rng.random() < 0.4:
            occupation = "studier"  # SFI alongside the project
        extent = rng.choice([25, 25, 50]) if occupation == "arbete" else None
        coordinators = content.COORDINATORS[(spec["code"], org)]
        coordinator = _weighted(rng, coordinators)
        enrollment = {
            "project": spec["code"],
            "organization": org,
            "coordinator": coordinator,
            "start_date": start,
            "referrer": referrer,
            "intake_channel": channel,
            "need_group": need_group or _weighted(rng, spec["need_groups"]),
            "income_source_start": income,
            "occupation_start": occupation,
            "work_extent_start": extent,
            "coordinator_changes": [],
            "exit": None,
        }
        period = self.periods[spec["code"]]
        duration = 30 + int(rng.gammavariate(2.0, 120.0))
        if forced_exit:
            duration = rng.randint(30, 120)
        end = start + datetime.timedelta(days=duration)
        if end <= min(self.horizon, period.end):
            enrollment["exit"] = self._exit(rng, enrollment, end, age, forced_exit)
        last_day = end if enrollment["exit"] else self.today
        draw = rng.random()
        changes = 2 if draw < TWO_CHANGES else 1 if draw < TWO_CHANGES + ONE_CHANGE else 0
        others = [u for u in coordinators if u != coordinator]
        span = (last_day - start).days - 15
        if changes and others and span > changes:
            days = sorted(rng.sample(range(14, 14 + span), changes))
            current = coordinator
            for offset in days:
                new = rng.choice([u for u in coordinators if u != current])
                enrollment["coordinator_changes"].append((start + datetime.timedelta(days=offset), new))
                current = new
        return enrollment

    def _exit(self, rng, enrollment, end, age, forced=None):
        if forced == "move":
            reason = "flytt"
        elif forced == "return":
            reason = _weighted(rng, _RETURN_REASONS)
        else:
            reason = _weighted(rng, _exit_weights(age < 25, enrollment["referrer"] in ("fk", "vard")))
        incomes, occupation, extents = content.STATUS_AT_EXIT[reason]
        income = _weighted(rng, incomes) if incomes else enrollment["income_source_start"]
        return {
            "end_date": end,
            "exit_reason": reason,
            "income_source_exit": income,
            "occupation_exit": occupation,
            "work_extent_exit": rng.choice(extents) if extents else None,
        }

    # --- dates -----------------------------------------------------------------------------------

    def _start_date(self, rng, project_code, not_before, early=False):
        period = self.periods[project_code]
        first, last = max(period.start, not_before), min(period.end, self.horizon)
        if early:  # in the first half of the period, so there is time to leave and come back
            last = first + (last - first) // 2
        cohorts = [d for d in period.cohorts if first <= d <= last]
        if cohorts and rng.random() < COHORT_SHARE:
            return rng.choice(cohorts)
        return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))

    def _later_start(self, rng, project_code, after, min_gap, max_gap):
        period = self.periods[project_code]
        day = after + datetime.timedelta(days=rng.randint(min_gap, max_gap))
        if day < period.start:
            day = period.start
        if day > min(self.horizon, period.end):
            return None
        return day

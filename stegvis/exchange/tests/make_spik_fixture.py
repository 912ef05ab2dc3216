"""Writes the SPiK fixture folder in the exchange format. Run once; the output is checked in.

    python stegvis/exchange/tests/make_spik_fixture.py

SPiK (Växjö and six neighbouring municipalities with AF and FK, ESF, 2021-02-01 to 2022-10-31)
published its results as figures only. The records here are made up so that importing them and
taking the project report gives exactly those figures:

- 267 participants, one enrolment each: 123 women and 144 men; ages at start 20-29: 96,
  30-39: 59, 40-49: 47, 50-59: 52, 60-: 13; all exited by 2022-10-31, to work 24 (9 women,
  15 men), CSN studies 9 (5/4), labour-market training 7 (5/2), the rest for other reasons;
  on average just under nine months enrolled.
- Enrolled by Växjö 48 (34 men, 14 women) and by FK 47 (28 men, 19 women); the report's "per
  referrer" table is by the sending organisation, so those are the enrolling organisations and
  the referrer is set to match (``fk``; ``socialtjanst``/``forsorjningsstod`` for the
  municipalities; ``af`` for AF).
- Progression card (``progressionskort``, self-assessment): 108 enrolments with two or more
  measurements, 71 positive, 26 negative, 11 unchanged (threshold 0); women 40-49 moved most;
  ages 50-59 most often moved back. Some enrolments have one measurement only (not measured),
  and some have staff assessments too, which the self-assessment figures must not count.

The figures are checked here (``check``) before anything is written, and again by
``stegvis/reports/tests/test_spik_case.py`` through ``stegvis import`` and ``stegvis report``.
A fixed random seed makes every run write the same rows.
"""

import datetime
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from stegvis.exchange.tests.make_fixtures import (  # noqa: E402
    ENROLLMENT_COLUMNS,
    PARTICIPANT_COLUMNS,
    _write_csv,
    personnummer,
)

FOLDER = Path(__file__).resolve().parent / "fixtures" / "spik"
PROJECT = "spik"
PROJECT_START, PROJECT_END = datetime.date(2021, 2, 1), datetime.date(2022, 10, 31)
MEASUREMENT_COLUMNS = ["participant_ref", "project", "instrument", "date", "respondent", "item", "value"]
ITEMS = [f"q{i}" for i in range(1, 11)]
BANDS = ("20-29", "30-39", "40-49", "50-59", "60-")
BAND_AGES = {"20-29": (20, 29), "30-39": (30, 39), "40-49": (40, 49), "50-59": (50, 59), "60-": (60, 64)}

ORGANIZATIONS = [
    # code, name, kind, participant_ref prefix, home municipality, need group
    ("vaxjo", "Växjö kommun", "kommun", "VXJ", "Växjö", "missbruk"),
    ("alvesta", "Alvesta kommun", "kommun", "ALV", "Alvesta", "missbruk och psykisk ohälsa"),
    ("lessebo", "Lessebo kommun", "kommun", "LES", "Lessebo", "nyanlända"),
    ("ljungby", "Ljungby kommun", "kommun", "LJU", "Ljungby", "psykosocial problematik"),
    ("tingsryd", "Tingsryds kommun", "kommun", "TIN", "Tingsryd", "nyanlända"),
    ("uppvidinge", "Uppvidinge kommun", "kommun", "UPP", "Uppvidinge", "psykisk ohälsa"),
    ("almhult", "Älmhults kommun", "kommun", "ALM", "Älmhult", "nyanlända med ekonomiskt bistånd"),
    ("af", "Arbetsförmedlingen", "af", "AF", None, "långtidsarbetslösa"),
    ("fk", "Försäkringskassan", "fk", "FK", None, "aktivitetsersättning"),
]
MUNICIPALITIES = [o[4] for o in ORGANIZATIONS if o[4]]

# Enrolments per organisation and gender. Växjö and FK as published; the rest made up.
BY_ORGANIZATION = {
    "vaxjo": {"K": 14, "M": 34},
    "fk": {"K": 19, "M": 28},
    "alvesta": 28,
    "lessebo": 22,
    "ljungby": 30,
    "tingsryd": 20,
    "uppvidinge": 24,
    "almhult": 26,
    "af": 22,
}
# Gender x age band at start: adds up to 123 women, 144 men and the published bands.
BY_GENDER_AND_BAND = {
    "K": {"20-29": 42, "30-39": 27, "40-49": 22, "50-59": 26, "60-": 6},
    "M": {"20-29": 54, "30-39": 32, "40-49": 25, "50-59": 26, "60-": 7},
}
# Exits to work, studies and training by gender as published; the other reasons made up.
EXITS = {
    "arbete": {"K": 9, "M": 15},
    "studier": {"K": 5, "M": 4},
    "arbetsmarknadsutbildning": {"K": 5, "M": 2},
}
OTHER_EXITS = {
    "annan_insats": 38,
    "arbetsformedlingen": 52,
    "sjukdom_vard": 41,
    "flytt": 12,
    "foraldraledighet": 6,
    "ingen_kontakt": 24,
    "avbrott": 20,
    "annat": 34,
}
# Enrolments with two or more self-assessments: (positive, negative, unchanged) per gender and band.
# 108 in all: 71 / 26 / 11. Ages 50-59 have the highest share moving back.
PROGRESSION = {
    "K": {"20-29": (11, 3, 2), "30-39": (8, 2, 1), "40-49": (10, 1, 1), "50-59": (4, 4, 1), "60-": (2, 1, 0)},
    "M": {"20-29": (14, 4, 2), "30-39": (8, 3, 2), "40-49": (7, 2, 1), "50-59": (5, 5, 1), "60-": (2, 1, 0)},
}
SINGLE_MEASUREMENTS = 46  # enrolments with exactly one self-assessment
STAFF_ASSESSED = 30  # measured enrolments that also have staff assessments
MEAN_DAYS = (255, 270)  # "just under nine months"


def age_on(born, day):
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def band_of(age):
    return next(
        band for band, (low, high) in BAND_AGES.items() if low <= age <= (99 if band == "60-" else high)
    )


def _shuffled(rng, values):
    values = list(values)
    rng.shuffle(values)
    return values


def _people(rng):
    """One dict per participant: gender, band, organisation, exit, progression plan."""
    people = [
        {"gender": g, "band": b}
        for g, bands in BY_GENDER_AND_BAND.items()
        for b, n in bands.items()
        for _ in range(n)
    ]
    rng.shuffle(people)
    # Organisations: Växjö and FK by gender, the others from what is left.
    by_gender = {g: [p for p in people if p["gender"] == g] for g in ("K", "M")}
    for code in ("vaxjo", "fk"):
        for gender, n in BY_ORGANIZATION[code].items():
            for person in by_gender[gender][:n]:
                person["organization"] = code
            by_gender[gender] = by_gender[gender][n:]
    rest = _shuffled(rng, by_gender["K"] + by_gender["M"])
    for code, n in BY_ORGANIZATION.items():
        if isinstance(n, int):
            for person in rest[:n]:
                person["organization"] = code
            rest = rest[n:]
    assert not rest
    # Exits.
    by_gender = {g: _shuffled(rng, [p for p in people if p["gender"] == g]) for g in ("K", "M")}
    for reason, counts in EXITS.items():
        for gender, n in counts.items():
            for person in by_gender[gender][:n]:
                person["exit_reason"] = reason
            by_gender[gender] = by_gender[gender][n:]
    others = [reason for reason, n in OTHER_EXITS.items() for _ in range(n)]
    for person, reason in zip(
        _shuffled(rng, by_gender["K"] + by_gender["M"]), _shuffled(rng, others), strict=True
    ):
        person["exit_reason"] = reason
    # Progression plans.
    for gender, bands in PROGRESSION.items():
        cell = [p for p in people if p["gender"] == gender]
        for band, (positive, negative, unchanged) in bands.items():
            members = _shuffled(rng, [p for p in cell if p["band"] == band])
            plans = ["positive"] * positive + ["negative"] * negative + ["unchanged"] * unchanged
            for person, plan in zip(members, plans, strict=False):
                person["plan"] = plan
    unmeasured = [p for p in people if "plan" not in p]
    for person in rng.sample(unmeasured, SINGLE_MEASUREMENTS):
        person["plan"] = "single"
    measured = [p for p in people if p.get("plan") in ("positive", "negative", "unchanged")]
    for person in rng.sample(measured, STAFF_ASSESSED):
        person["staff"] = True
    return people


def _lengths(rng, people):
    """Days enrolled: long enough for the measurements planned, on average just under nine months."""
    bounds = {"positive": (200, 520), "negative": (200, 520), "unchanged": (200, 520), "single": (90, 420)}
    for person in people:
        low, high = bounds.get(person.get("plan"), (20, 330))
        person["bounds"] = (low, high)
        person["days"] = rng.randint(low, high)
    target = sum(MEAN_DAYS) / 2
    while abs(sum(p["days"] for p in people) / len(people) - target) > 2:
        step = 1 if sum(p["days"] for p in people) / len(people) < target else -1
        person = rng.choice(people)
        low, high = person["bounds"]
        if low <= person["days"] + step <= high:
            person["days"] += step


def _spread(rng, values, total_delta):
    """Move ``values`` (1-10 each) by ``total_delta`` points in all, one point at a time."""
    values = list(values)
    step = 1 if total_delta > 0 else -1
    for _ in range(abs(total_delta)):
        choices = [i for i, v in enumerate(values) if 1 <= v + step <= 10]
        values[rng.choice(choices)] += step
    return values


def _cards(rng, person, start, end):
    """The self-assessments (and staff assessments) of one enrolment: [(date, respondent, {item: value})]."""
    plan = person.get("plan")
    if plan is None:
        return []
    first_day = start + datetime.timedelta(days=rng.randint(0, 14))
    first = [rng.randint(2, 7) for _ in ITEMS]
    if plan == "single":
        values = dict(zip(ITEMS, first, strict=False))
        if rng.random() < 0.3:
            values.pop(rng.choice(ITEMS))  # "vet inte": no row
        return [(first_day, "deltagare", values)]
    room = (end - first_day).days // 91  # further measurements every three months
    count = 1 + min(room, rng.choice([1, 1, 2, 2, 3]))
    days = [first_day + datetime.timedelta(days=91 * i + rng.randint(0, 7)) for i in range(count)]
    days = [d if d <= end else end for d in days]
    if plan == "positive":
        big = person["gender"] == "K" and person["band"] == "40-49"
        delta = rng.randint(18, 30) if big else rng.randint(3, 16)
    elif plan == "negative":
        delta = -rng.randint(3, 15)
    else:
        delta = 0
    latest = _spread(rng, first, delta) if delta else list(first)
    if plan == "unchanged" and rng.random() < 0.5:
        # Same score, different answers: one item up, another down.
        up = next(i for i, v in enumerate(latest) if v < 10)
        down = next(i for i, v in enumerate(latest) if v > 1 and i != up)
        latest[up] += 1
        latest[down] -= 1
    cards = [(days[0], "deltagare", dict(zip(ITEMS, first, strict=False)))]
    for day in days[1:-1]:
        middle = {
            item: max(1, min(10, round((a + b) / 2) + rng.choice([-1, 0, 1])))
            for item, a, b in zip(ITEMS, first, latest, strict=False)
        }
        middle.pop(rng.choice(ITEMS))  # a middle card with one "vet inte"
        cards.append((day, "deltagare", middle))
    cards.append((days[-1], "deltagare", dict(zip(ITEMS, latest, strict=False))))
    if person.get("staff"):
        # The coordinator's view differs: it must not leak into the self-assessment figures.
        staff_first = [rng.randint(3, 8) for _ in ITEMS]
        staff_latest = _spread(rng, staff_first, -delta // 2 if delta else 5)
        cards.append((days[0], "handlaggare", dict(zip(ITEMS, staff_first, strict=False))))
        cards.append((days[-1], "handlaggare", dict(zip(ITEMS, staff_latest, strict=False))))
    return cards


def build():
    """All the rows of the fixture, as ``{file name: (columns, rows)}``; checked before returning."""
    rng = random.Random(20221031)
    people = _people(rng)
    _lengths(rng, people)
    serials, numbers = Counter(), set()
    participants, enrollments, measurements = [], [], []
    org_info = {o[0]: o for o in ORGANIZATIONS}
    anonymous = set(rng.sample(range(len(people)), 21))
    protected = rng.choice([i for i in range(len(people)) if i not in anonymous])
    people.sort(key=lambda p: (ORGANIZATIONS.index(org_info[p["organization"]]), p["gender"], p["band"]))
    for index, person in enumerate(people):
        code, _name, _kind, prefix, home, need_group = org_info[person["organization"]]
        serials[prefix] += 1
        ref = f"{prefix}-{serials[prefix]:03d}"
        days = person["days"]
        start = PROJECT_START + datetime.timedelta(
            days=rng.randint(0, (PROJECT_END - PROJECT_START).days - days)
        )
        end = start + datetime.timedelta(days=days)
        low, high = BAND_AGES[person["band"]]
        age = rng.randint(low, high)
        anchor = start.replace(year=start.year - age, day=min(start.day, 28))
        born = anchor - datetime.timedelta(days=rng.randint(0, 360))
        if age_on(born, start) != age:
            born = anchor
        newcomer = "nyanlända" in need_group
        row = {
            "participant_ref": ref,
            "personnummer": "",
            "birth_year": "",
            "gender": person["gender"],
            "home_municipality": home or rng.choice(MUNICIPALITIES),
            "language": rng.choice(["ar", "so", "ti", "prs"])
            if newcomer
            else ("sv" if rng.random() < 0.85 else "ar"),
            "interpreter_needed": "ja" if newcomer and rng.random() < 0.6 else "nej",
            "education_level": rng.choice(["1", "2", "2", "3", "3", "4", ""]),
            "protected_identity": "ja" if index == protected else "",
        }
        if index in anonymous:
            row["birth_year"] = start.year - age
        else:
            number = personnummer(born, rng.randrange(100, 999), person["gender"])
            while number in numbers:
                number = personnummer(born, rng.randrange(100, 999), person["gender"])
            numbers.add(number)
            row["personnummer"] = number
        participants.append(row)
        if code == "fk":
            referrer = "fk"
        elif code == "af":
            referrer = "af"
        elif code == "vaxjo":
            referrer = "socialtjanst"
        else:
            referrer = rng.choice(["socialtjanst", "forsorjningsstod"])
        enrollments.append(
            {
                "participant_ref": ref,
                "project": PROJECT,
                "organization": code,
                "referrer": referrer,
                "need_group": need_group,
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "exit_reason": person["exit_reason"],
                "coordinator": "",
            }
        )
        for day, respondent, values in _cards(rng, person, start, end):
            for item in ITEMS:
                if item in values:
                    measurements.append(
                        {
                            "participant_ref": ref,
                            "project": PROJECT,
                            "instrument": "progressionskort",
                            "date": day.isoformat(),
                            "respondent": respondent,
                            "item": item,
                            "value": values[item],
                        }
                    )
    tables = {
        "organizations.csv": (
            ["code", "name", "kind"],
            [{"code": o[0], "name": o[1], "kind": o[2]} for o in ORGANIZATIONS],
        ),
        "projects.csv": (
            ["code", "name", "owner", "start_date", "end_date", "funder"],
            [
                {
                    "code": PROJECT,
                    "name": "SPiK – Sammansatt problematik i Kronobergs län",
                    "owner": "vaxjo",
                    "start_date": PROJECT_START.isoformat(),
                    "end_date": PROJECT_END.isoformat(),
                    "funder": "esf",
                }
            ],
        ),
        "participants.csv": (PARTICIPANT_COLUMNS, participants),
        "enrollments.csv": (ENROLLMENT_COLUMNS, enrollments),
        "measurements.csv": (MEASUREMENT_COLUMNS, measurements),
    }
    check(tables)
    return tables


def _born(participant, start):
    """Age at start the way the report computes it: from the birth date, or start year minus birth year."""
    number = participant["personnummer"]
    if number:
        born = datetime.date(int(number[:4]), int(number[4:6]), int(number[6:8]))
        return age_on(born, start)
    return start.year - int(participant["birth_year"])


def check(tables):
    """Every published figure, computed from the rows alone (independent of Stegvis)."""
    participants = {p["participant_ref"]: p for p in tables["participants.csv"][1]}
    enrollments = tables["enrollments.csv"][1]
    assert len(participants) == len(enrollments) == 267
    gender = Counter(participants[e["participant_ref"]]["gender"] for e in enrollments)
    assert gender == {"K": 123, "M": 144}, gender
    starts = {e["participant_ref"]: datetime.date.fromisoformat(e["start_date"]) for e in enrollments}
    ends = {e["participant_ref"]: datetime.date.fromisoformat(e["end_date"]) for e in enrollments}
    band = {ref: band_of(_born(participants[ref], starts[ref])) for ref in starts}
    assert Counter(band.values()) == {"20-29": 96, "30-39": 59, "40-49": 47, "50-59": 52, "60-": 13}
    assert all(PROJECT_START <= starts[r] <= ends[r] <= PROJECT_END for r in starts)
    exits = Counter((e["exit_reason"], participants[e["participant_ref"]]["gender"]) for e in enrollments)
    for reason, counts in EXITS.items():
        assert {g: exits[(reason, g)] for g in counts} == counts, reason
    assert sum(exits.values()) == 267
    days = sum((ends[r] - starts[r]).days for r in starts) / 267
    assert MEAN_DAYS[0] <= days <= MEAN_DAYS[1], days
    per_org = Counter((e["organization"], participants[e["participant_ref"]]["gender"]) for e in enrollments)
    assert (per_org[("vaxjo", "M")], per_org[("vaxjo", "K")]) == (34, 14)
    assert (per_org[("fk", "M")], per_org[("fk", "K")]) == (28, 19)
    assert all(e["referrer"] == "fk" for e in enrollments if e["organization"] == "fk")
    numbers = [p["personnummer"] for p in participants.values() if p["personnummer"]]
    assert len(numbers) == len(set(numbers)) > 200

    # One row per answered item: no item twice in one measurement (same participant, date, respondent).
    keys = [
        (r["participant_ref"], r["date"], r["respondent"], r["item"]) for r in tables["measurements.csv"][1]
    ]
    assert len(keys) == len(set(keys))

    # Progression: first and latest self-assessment per enrolment, score = mean of the answered items.
    cards = defaultdict(lambda: defaultdict(dict))
    for row in tables["measurements.csv"][1]:
        day = datetime.date.fromisoformat(row["date"])
        assert starts[row["participant_ref"]] <= day <= ends[row["participant_ref"]]
        if row["respondent"] == "deltagare":
            cards[row["participant_ref"]][day][row["item"]] = row["value"]
    outcome, cells = Counter(), defaultdict(list)
    singles = 0
    for ref, by_day in cards.items():
        if len(by_day) < 2:
            singles += 1
            continue
        first, latest = by_day[min(by_day)], by_day[max(by_day)]
        change = sum(latest.values()) / len(latest) - sum(first.values()) / len(first)
        kind = "positive" if change > 0 else ("negative" if change < 0 else "unchanged")
        outcome[kind] += 1
        cells[(participants[ref]["gender"], band[ref])].append((change, kind))
    assert sum(outcome.values()) == 108 and singles == SINGLE_MEASUREMENTS
    assert outcome == {"positive": 71, "negative": 26, "unchanged": 11}, outcome
    mean_change = {cell: sum(c for c, _k in values) / len(values) for cell, values in cells.items()}
    assert max(mean_change, key=mean_change.get) == ("K", "40-49"), mean_change
    negative_share = {
        cell: sum(k == "negative" for _c, k in values) / len(values) for cell, values in cells.items()
    }
    by_band = defaultdict(list)
    for (_g, b), values in cells.items():
        by_band[b] += values
    band_share = {b: sum(k == "negative" for _c, k in values) / len(values) for b, values in by_band.items()}
    assert max(band_share, key=band_share.get) == "50-59", band_share
    top = sorted(negative_share, key=negative_share.get, reverse=True)[:2]
    assert set(top) == {("K", "50-59"), ("M", "50-59")}, negative_share


def write():
    for name, (columns, rows) in build().items():
        _write_csv(FOLDER / name, columns, rows)


if __name__ == "__main__":
    write()
    print(f"Wrote {FOLDER}")

"""Writes the two shared fixture folders in the exchange format. Run once; the output is checked in.

    python stegvis/exchange/tests/make_fixtures.py

The data are made up but shaped after the final reports in the domain notes, so tests (and the
report tests built on them) check the figures those reports publish:

- ``fixtures/kungsbacka/``: Helhetslyftet in Kungsbacka (AMIF): 47 participants, 12 men and 35
  women, all exited: moved 11, work 16, studies 6, treatment 3, other 11. Semicolon separated with
  a BOM, as Swedish Excel saves "CSV UTF-8". Most have a personnummer, some are anonymous (birth
  year only) and one has protected identity.
- ``fixtures/skovde/``: Vägen framåt in Skövde (Finsam): 23 persons and 25 enrolments. 12
  enrolments span two calendar years and 2 persons were enrolled twice within one year, so
  counting distinct persons per calendar year and adding the years gives 35, the figure of the
  internal yearly reports, while the true number of persons is 23. Comma separated; the
  participants are an .xlsx file, so both readers are exercised.

A fixed random seed makes every run write the same rows.
"""

import csv
import datetime
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent / "fixtures"

PARTICIPANT_COLUMNS = [
    "participant_ref",
    "personnummer",
    "birth_year",
    "gender",
    "home_municipality",
    "language",
    "interpreter_needed",
    "education_level",
    "protected_identity",
]
ENROLLMENT_COLUMNS = [
    "participant_ref",
    "project",
    "organization",
    "referrer",
    "need_group",
    "start_date",
    "end_date",
    "exit_reason",
    "coordinator",
]


def _luhn_ok(digits):
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def personnummer(birth, serial, gender):
    """A well-formed number (valid check digit); the third serial digit is even for women, odd for men."""
    last = serial % 10
    if (last % 2 == 0) != (gender == "K"):
        last = (last + 1) % 10
    serial = serial - serial % 10 + last
    base = f"{birth:%y%m%d}{serial:03d}"
    check = next(d for d in range(10) if _luhn_ok(f"{base}{d}"))
    return f"{birth:%Y%m%d}-{serial:03d}{check}"


def _birth_date(rng, year):
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def _write_csv(path, columns, rows, delimiter=",", bom=False):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8-sig" if bom else "utf-8") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=columns, delimiter=delimiter, lineterminator="\r\n" if bom else "\n"
        )
        writer.writeheader()
        writer.writerows(rows)


def _write_xlsx(path, columns, rows):
    """Write the sheet, unless the file already holds exactly these cells.

    An .xlsx carries the time it was saved, so rewriting identical cells would still change
    the checked-in file; leaving it alone keeps reruns free of spurious differences.
    """
    from openpyxl import Workbook, load_workbook

    values = [tuple(columns)] + [
        tuple(None if row.get(column, "") in ("", None) else row[column] for column in columns)
        for row in rows
    ]
    if path.exists():
        existing = load_workbook(path, read_only=True)
        try:
            if list(existing.worksheets[0].iter_rows(values_only=True)) == values:
                return
        finally:
            existing.close()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "participants"
    for line in values:
        sheet.append(list(line))
    workbook.properties.created = datetime.datetime(2025, 1, 1)
    workbook.save(path)


def kungsbacka():
    rng = random.Random(20250630)
    folder = HERE / "kungsbacka"
    count = 47
    genders = ["M"] * 12 + ["K"] * 35
    rng.shuffle(genders)
    reasons = ["flytt"] * 11 + ["arbete"] * 16 + ["studier"] * 6 + ["sjukdom_vard"] * 3 + ["annat"] * 11
    rng.shuffle(reasons)
    referrers = ["af"] * 33 + ["forsorjningsstod"] * 9 + ["egenremiss"] * 5
    rng.shuffle(referrers)
    first_start, last_start = datetime.date(2022, 10, 3), datetime.date(2024, 10, 28)
    starts = sorted(
        first_start + datetime.timedelta(days=rng.randrange((last_start - first_start).days + 1))
        for _ in range(count)
    )
    project_close = datetime.date(2025, 6, 15)
    closed_with_project = 0
    anonymous = set(rng.sample(range(count), 9))
    protected = rng.choice([i for i in range(count) if i not in anonymous])
    languages = ["ar", "so", "ti", "prs", "ku", "sw", "fa", "uk"]
    participants, enrollments = [], []
    for i in range(count):
        ref = f"HL-{i + 1:03d}"
        gender = genders[i]
        year = rng.randrange(1968, 2004)
        born = _birth_date(rng, year)
        row = {
            "participant_ref": ref,
            "personnummer": "" if i in anonymous else personnummer(born, rng.randrange(100, 999), gender),
            "birth_year": year if i in anonymous else "",
            "gender": gender,
            "home_municipality": "Kungsbacka" if rng.random() < 0.8 else "1384",
            "language": rng.choice(languages),
            "interpreter_needed": "ja" if rng.random() < 0.6 else "nej",
            "education_level": rng.choice(["0", "1", "2", "2", "3", "3", "5", ""]),
            "protected_identity": "ja" if i == protected else "",
        }
        participants.append(row)
        reason = reasons[i]
        if reason == "annat" and closed_with_project < 8:
            end = project_close  # closed when the project ended on 15 June
            closed_with_project += 1
        else:
            room = (datetime.date(2025, 5, 31) - starts[i]).days
            end = starts[i] + datetime.timedelta(days=rng.randrange(min(120, room), min(541, room)))
        enrollments.append(
            {
                "participant_ref": ref,
                "project": "helhetslyftet-kungsbacka",
                "organization": "kungsbacka",
                "referrer": referrers[i],
                "need_group": "nyanlanda" if rng.random() < 0.75 else "utbildningsplikt",
                "start_date": starts[i].isoformat(),
                "end_date": end.isoformat(),
                "exit_reason": reason,
                "coordinator": "",
            }
        )
    _write_csv(
        folder / "organizations.csv",
        ["code", "name", "kind"],
        [{"code": "kungsbacka", "name": "Kungsbacka kommun", "kind": "kommun"}],
        ";",
        bom=True,
    )
    _write_csv(
        folder / "projects.csv",
        ["code", "name", "owner", "start_date", "end_date", "funder"],
        [
            {
                "code": "helhetslyftet-kungsbacka",
                "name": "Helhetslyftet Kungsbacka",
                "owner": "kungsbacka",
                "start_date": "2022-09-01",
                "end_date": "2025-06-30",
                "funder": "amif",
            }
        ],
        ";",
        bom=True,
    )
    _write_csv(folder / "participants.csv", PARTICIPANT_COLUMNS, participants, ";", bom=True)
    _write_csv(folder / "enrollments.csv", ENROLLMENT_COLUMNS, enrollments, ";", bom=True)


def skovde():
    rng = random.Random(20211231)
    folder = HERE / "skovde"
    genders = ["K"] * 10 + ["M"] * 13
    rng.shuffle(genders)
    anonymous = {5, 17, 21}
    reasons = [
        "arbete",
        "studier",
        "arbetsmarknadsutbildning",
        "annan_insats",
        "arbetsformedlingen",
        "sjukdom_vard",
        "ingen_kontakt",
        "avbrott",
        "annat",
    ]
    referrers = ["af", "fk", "forsorjningsstod", "vard"]
    participants, enrollments = [], []

    def enrol(ref, start, end, reason):
        enrollments.append(
            {
                "participant_ref": ref,
                "project": "vagen-fram",
                "organization": "skovde",
                "referrer": rng.choice(referrers),
                "need_group": rng.choice(["psykisk ohälsa", "långt från arbetsmarknaden"]),
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "exit_reason": reason,
                "coordinator": "",
            }
        )

    for i in range(23):
        ref = f"VF-{i + 1:02d}"
        gender = genders[i]
        year = rng.randrange(1965, 2000)
        born = _birth_date(rng, year)
        participants.append(
            {
                "participant_ref": ref,
                "personnummer": "" if i in anonymous else personnummer(born, rng.randrange(100, 999), gender),
                "birth_year": year if i in anonymous else "",
                "gender": gender,
                "home_municipality": "Skövde" if rng.random() < 0.85 else "1496",
                "language": "sv" if rng.random() < 0.7 else rng.choice(["ar", "so", "bs"]),
                "interpreter_needed": "nej",
                "education_level": rng.choice([2, 2, 3, 3, 4, 5, None]),
                "protected_identity": "",
            }
        )
        if i < 12:
            # One period over New Year: counted in two yearly reports.
            first_year = 2019 if i < 6 else 2020
            start = datetime.date(first_year, rng.randrange(5, 12), rng.randrange(1, 28))
            end = datetime.date(first_year + 1, rng.randrange(2, 12), rng.randrange(1, 28))
            enrol(ref, start, end, rng.choice(reasons))
        elif i in (12, 13):
            # Exit and re-enrolment within one calendar year: two enrolments, one person, one year.
            year = 2020 if i == 12 else 2021
            enrol(ref, datetime.date(year, 1, 15), datetime.date(year, 4, 30), "sjukdom_vard")
            enrol(
                ref,
                datetime.date(year, 8, 17),
                datetime.date(year, 12, 10),
                rng.choice(["arbete", "studier"]),
            )
        else:
            year = [2019, 2020, 2021][i % 3]
            start = datetime.date(year, rng.randrange(1 if year > 2019 else 4, 7), rng.randrange(1, 28))
            end = datetime.date(year, rng.randrange(8, 13), rng.randrange(1, 28))
            enrol(ref, start, end, rng.choice(reasons))
    _write_csv(
        folder / "organizations.csv",
        ["code", "name", "kind"],
        [
            {"code": "skovde", "name": "Skövde kommun", "kind": "kommun"},
            {
                "code": "samordningsforbundet-skaraborg",
                "name": "Samordningsförbundet Skaraborg",
                "kind": "samordningsforbund",
            },
        ],
    )
    _write_csv(
        folder / "projects.csv",
        ["code", "name", "owner", "start_date", "end_date", "funder"],
        [
            {
                "code": "vagen-fram",
                "name": "Vägen framåt",
                "owner": "skovde",
                "start_date": "2019-04-01",
                "end_date": "2021-12-31",
                "funder": "finsam",
            }
        ],
    )
    _write_xlsx(folder / "participants.xlsx", PARTICIPANT_COLUMNS, participants)
    _write_csv(folder / "enrollments.csv", ENROLLMENT_COLUMNS, enrollments)


if __name__ == "__main__":
    kungsbacka()
    skovde()
    print(f"Wrote {HERE / 'kungsbacka'} and {HERE / 'skovde'}")

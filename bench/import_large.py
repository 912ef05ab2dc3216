"""Time a large exchange import and export, and check the round trip; results into BENCHMARKS.md.

One generated exchange file (a .zip, deterministic seed): 100,000 participants (about 60 % with a
personnummer, a few with protected identity, the rest with a birth year), their enrolments (one
in ten enrolled twice, six in ten ended), 400,000 measurement rows (one row per answered item of
the progression card, about one measurement in a hundred dated after its enrolment's exit, which
Stegvis keeps) and language levels. For each database (SQLite in a temporary folder, and
PostgreSQL in databases named ``stegvis_bench_imports_*``, or the prefix in
``STEGVIS_BENCH_PG_PREFIX``, created and dropped here):

1. ``stegvis import FILE.zip`` into a fresh, migrated database;
2. ``stegvis export PROJECT OUT1`` of the imported project;
3. ``stegvis import OUT1`` into a second fresh database, then ``stegvis export PROJECT OUT2``;
4. OUT1 and OUT2 compared byte for byte (the round trip).

Every command runs in its own process; reported: wall-clock seconds, CPU seconds (user + system)
and the peak resident memory of that process (``wait4``), with the 1-minute load average as it ended. The row limit is raised for the run
(``STEGVIS_IMPORT_MAX_ROWS``): 400,000 rows are more than the default allows in one file.

Usage (from the repository root)::

    .venv/bin/python bench/import_large.py                       # SQLite and PostgreSQL
    .venv/bin/python bench/import_large.py --participants 10000 --no-write
    .venv/bin/python bench/import_large.py --databases sqlite
"""

import argparse
import csv
import datetime
import filecmp
import io
import os
import random
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_data import machine_summary, stegvis_command  # noqa: E402
from imports import run_timed  # noqa: E402
from summary import record  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "BENCHMARKS.md"
START, END = "<!-- bench:import-large:start -->", "<!-- bench:import-large:end -->"
PROJECT = "storimport"
ORGS = [
    ("storstad", "Storstads kommun", "kommun"),
    ("grannby", "Grannby kommun", "kommun"),
    ("af-region", "Arbetsförmedlingen region", "af"),
]
PG_SERVER = os.environ.get("STEGVIS_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
PG_PREFIX = os.environ.get("STEGVIS_BENCH_PG_PREFIX", "stegvis_bench_imports_")
TODAY = datetime.date(2026, 6, 1)
ITEMS = [f"q{i}" for i in range(1, 11)]
MUNICIPALITIES = ["Göteborg", "Borås", "Alingsås", "Kungälv", "1480", ""]
LANGUAGES = ["sv", "ar", "prs", "so", "ti", "en", ""]
REFERRERS = ["af", "fk", "socialtjanst", "egenremiss", ""]
EXITS = ["arbete", "studier", "annan_insats", "flytt", "avbrott", "annat"]
NEED_GROUPS = ["nyanlanda", "aktivitetsersattning", "missbruk", ""]


def generate(folder: Path, participants: int, measurement_rows: int, seed: int) -> dict:
    """Write the six files into ``folder``; returns how many rows each has."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")
    import django

    django.setup()
    from stegvis.demo.generator import PersonnummerSource  # a pure helper: valid, unique numbers

    rng = random.Random(seed)
    numbers = PersonnummerSource()
    people, enrolments, cards = [], [], []
    for n in range(participants):
        ref = f"P{n:06d}"
        gender = rng.choice("KKMMX")
        birth = datetime.date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
        kind = rng.random()
        number, protected = "", ""
        if kind < 0.6:
            digits, _day = numbers.next(birth, "M" if gender == "M" else "K")
            number = f"{digits[:8]}-{digits[8:]}"
            protected = "ja" if rng.random() < 0.02 else "nej"
        people.append(
            [
                ref,
                number,
                "" if number else birth.year,
                gender,
                rng.choice(MUNICIPALITIES),
                rng.choice(LANGUAGES),
                rng.choice(["ja", "nej", ""]),
                rng.choice(["", "2", "3", "4", "6"]),
                protected,
            ]
        )
        org = ORGS[n % len(ORGS)][0]
        start = datetime.date(2021, 1, 1) + datetime.timedelta(days=rng.randint(0, 1400))
        periods = []
        for again in range(2 if rng.random() < 0.1 else 1):
            ended = again == 0 and len(periods) == 0 and rng.random() < 0.6
            end = start + datetime.timedelta(days=rng.randint(60, 500)) if ended or again else None
            if end is not None and end >= TODAY:
                end = None
            periods.append((start, end))
            if end is None:
                break
            start = end + datetime.timedelta(days=rng.randint(60, 200))
            if start >= TODAY:
                break
        for start, end in periods:
            enrolments.append(
                [
                    ref,
                    PROJECT,
                    org,
                    rng.choice(REFERRERS),
                    rng.choice(NEED_GROUPS),
                    start.isoformat(),
                    end.isoformat() if end else "",
                    rng.choice(EXITS) if end else "",
                    "",
                ]
            )
        cards.append((ref, periods))
    measurements = []
    per_card = len(ITEMS)
    wanted = measurement_rows // per_card
    people_with_cards = rng.sample(cards, min(len(cards), wanted))
    for ref, periods in people_with_cards:
        if len(measurements) >= wanted * per_card:
            break
        start, end = periods[0]
        last = min(end or TODAY, TODAY - datetime.timedelta(days=1))
        days = sorted(
            {start + datetime.timedelta(days=rng.randint(0, max((last - start).days, 0))) for _ in range(2)}
        )
        if end is not None and len(periods) == 1 and rng.random() < 0.01:
            after = end + datetime.timedelta(days=rng.randint(5, 40))
            if after < TODAY:
                days.append(after)  # dated after the exit: Stegvis keeps such measurements
        respondent = "deltagare" if rng.random() < 0.8 else "handlaggare"
        for day in days:
            level = rng.randint(2, 8)
            for item in ITEMS:
                value = min(10, max(1, level + rng.randint(-2, 2)))
                measurements.append(
                    [ref, PROJECT, "progressionskort", day.isoformat(), respondent, item, value]
                )
    measurements = measurements[: wanted * per_card]
    levels = []
    for ref, periods in cards[::10]:
        start = periods[0][0]
        for k, level in enumerate("ABC"):
            day = start + datetime.timedelta(days=20 + 120 * k)
            if day < TODAY:
                levels.append([ref, day.isoformat(), "sfi", level])
    from stegvis.exchange.exporter import HEADERS  # the columns, in the order the exporter writes them

    rows = {
        "organizations": [list(o) for o in ORGS],
        "projects": [[PROJECT, "Stora importen", ORGS[0][0], "2021-01-01", "", "esf"]],
        "participants": people,
        "enrollments": enrolments,
        "measurements": measurements,
        "language_levels": levels,
    }
    tables = {name: (HEADERS[name], rows[name]) for name in HEADERS}
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(folder / f"{PROJECT}.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, (header, rows) in tables.items():
            buffer = io.StringIO()
            writer = csv.writer(buffer, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
            archive.writestr(f"{PROJECT}/{name}.csv", buffer.getvalue())
    return {name: len(rows) for name, (_header, rows) in tables.items()}


def timed(args, env) -> dict:
    """Run one stegvis command; wall and CPU seconds, peak RSS (MB), exit code and what it said."""
    figures, out = run_timed([*stegvis_command(), *args], env)
    with out:
        out.seek(0)
        return {**figures, "said": out.read().decode("utf-8", "replace")}


class Database:
    """A fresh database: SQLite in a folder of its own, or a PostgreSQL database made here."""

    def __init__(self, vendor, work: Path, name: str):
        self.vendor, self.name = vendor, name
        self.env = {
            **os.environ,
            "STEGVIS_DEBUG": "0",
            "STEGVIS_IMPORT_MAX_ROWS": "2000000",
            "STEGVIS_IMPORT_MAX_FILE_MB": "500",
            "STEGVIS_IMPORT_MAX_UNPACKED_MB": "1000",
            "STEGVIS_VAR_DIR": str(work / name),
        }
        self.env.pop("DATABASE_URL", None)
        if vendor == "postgresql":
            self.env["DATABASE_URL"] = f"{PG_SERVER}/{PG_PREFIX}{name}"
            self._server(f'DROP DATABASE IF EXISTS "{PG_PREFIX}{name}"')
            self._server(f'CREATE DATABASE "{PG_PREFIX}{name}"')
        done = timed(["migrate", "--no-input", "-v", "0"], self.env)
        if done["exit"]:
            raise SystemExit(f"migrate failed: {done['said'][-2000:]}")

    def _server(self, statement):
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
            connection.execute(statement)

    def drop(self):
        if self.vendor == "postgresql":
            self._server(f'DROP DATABASE IF EXISTS "{PG_PREFIX}{self.name}"')


def round_trip(vendor, work: Path, source: Path, figures: list) -> list:
    """Import, export, import the export into another fresh database, export again, compare.

    Returns the table's lines; each step's figures are also appended to ``figures``.
    """
    lines = []

    def step(label, args, database):
        result = timed(args, database.env)
        lines.append(
            f"| {vendor} | {label} | {result['seconds']:.1f} | {result['cpu']:.1f} | {result['peak_mb']:.0f} | "
            f"{os.getloadavg()[0]:.1f} | {result['exit']} |"
        )
        print(lines[-1], flush=True)  # each step as it ends: a long run reports as it goes
        figures.append(
            {"database": vendor, "step": label, **{k: result[k] for k in ("seconds", "cpu", "peak_mb")}}
        )
        if result["exit"]:
            raise SystemExit(f"{label} failed:\n{result['said'][:4000]}")

    first = Database(vendor, work, f"{vendor[:2]}_first")
    second = None
    try:
        out1, out2 = work / f"{vendor}-export1", work / f"{vendor}-export2"
        step("import of the generated file", ["import", str(source)], first)
        step("export of the project", ["export", PROJECT, str(out1)], first)
        first.drop()
        second = Database(vendor, work, f"{vendor[:2]}_second")
        step("import of that export, into a second fresh database", ["import", str(out1)], second)
        step("export again", ["export", PROJECT, str(out2)], second)
        files = sorted(p.name for p in out1.iterdir())
        _same, differ, missing = filecmp.cmpfiles(out1, out2, files, shallow=False)
        verdict = "byte-identical" if not differ and not missing else f"DIFFER: {', '.join(differ + missing)}"
        lines.append(f"| {vendor} | round trip: export 1 and export 2 | | | | | {verdict} |")
        figures.append({"database": vendor, "step": "round trip", "verdict": verdict})
        print(lines[-1], flush=True)
    finally:
        first.drop()
        if second is not None:
            second.drop()
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--measurement-rows", type=int, default=400_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument(
        "--no-write",
        "--no-record",
        dest="no_write",
        action="store_true",
        help="print only, do not update BENCHMARKS.md",
    )
    args = parser.parse_args(argv)
    machine = machine_summary()
    load_at_start = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="stegvis-bench-import-large-"))
    try:
        counts = generate(work / "source", args.participants, args.measurement_rows, args.seed)
        source = work / "source" / f"{PROJECT}.zip"
        size = source.stat().st_size / 1024 / 1024
        described = ", ".join(f"{name} {n:,}" for name, n in counts.items())
        print(f"{source.name}: {size:.1f} MB zipped; {described}", flush=True)
        lines, figures = [], []
        for vendor in args.databases.split(","):
            lines += round_trip(vendor, work, source, figures)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    record("import-large", {"participants": args.participants, "steps": figures})
    if args.no_write:
        return
    load = os.getloadavg()
    table = "\n".join(
        [
            f"Measured on {datetime.datetime.now():%Y-%m-%d %H:%M} by `bench/import_large.py` "
            f"(seed {args.seed}): one zip, {described} rows ({size:.1f} MB zipped).",
            "",
            f"**Machine**: {machine}; load average (1/5/15 min) at the start {load_at_start[0]:.1f} / "
            f"{load_at_start[1]:.1f} / {load_at_start[2]:.1f}, at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}.",
            "",
            "| database | step | seconds | CPU s | peak MB | load (1 min) | exit / result |",
            "|---|---|---:|---:|---:|---:|---|",
            *lines,
        ]
    )
    text = RESULTS.read_text()
    if START not in text:
        text += f"\n{START}\n{END}\n"
    head, _start, rest = text.partition(START)
    _old, _end, tail = rest.partition(END)
    RESULTS.write_text(f"{head}{START}\n{table}\n{END}{tail}")


if __name__ == "__main__":
    main()

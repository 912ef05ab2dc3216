"""Every performance target of Stegvis measured in one run, with a table of targets and results.

Runs the benchmark scripts one after the other against the million-participant database in
``DATABASE_URL`` (see ``bench/large_dataset.py``), each writing its own table into BENCHMARKS.md,
then sets what they measured beside the targets in a table of its own between
``<!-- bench:targets:start -->`` and ``<!-- bench:targets:end -->``:

1. ``bench/run.py``: the report, the pages built on it and the hand-written query, today and on a
   past date; with ``--other-database`` the same project in a smaller database (100,000 people);
2. ``bench/exports.py --views``: the XLSX and the Word draft;
3. ``bench/pages.py``: the staff pages at a million, through ``stegvis serve``;
4. ``bench/pages.py --demo``: every page of the demo, on SQLite;
5. ``bench/import_large.py``: an import of 100,000 participants, its export and the round trip;
6. ``bench/locust/run.py``: simulated staff through a working day (200 users, 10 minutes).

The whole run takes about 45 minutes on two cores. ``--skip`` leaves steps out (their targets
then show "not measured"); ``--no-write`` prints the tables instead of writing BENCHMARKS.md.
"""

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import summary  # noqa: E402
from bench.large_dataset import Refused, bench_database  # noqa: E402
from bench.run import write_benchmarks  # noqa: E402

START, END = "<!-- bench:targets:start -->", "<!-- bench:targets:end -->"
STEPS = ("report", "exports", "pages", "pages-demo", "import-large", "locust")


def step_commands(args):
    """``[(step, argv)]`` of the scripts to run, in order."""
    python = sys.executable
    write = ["--no-write"] if args.no_write else []
    reps = ["--repetitions", str(args.repetitions)]
    report = [python, "bench/run.py", *reps, *write]
    if args.other_database:
        report += ["--other-database", args.other_database]
    commands = [
        ("report", report),
        ("exports", [python, "bench/exports.py", "--views", *reps, *write]),
        ("pages", [python, "bench/pages.py", *write]),
        ("pages-demo", [python, "bench/pages.py", "--demo", *write]),
        ("import-large", [python, "bench/import_large.py", *write]),
        (
            "locust",
            [
                python,
                "bench/locust/run.py",
                "--users",
                str(args.locust_users),
                "--spawn-rate",
                "10",
                "--time",
                args.locust_time,
                *write,
            ],
        ),
    ]
    return [(name, argv) for name, argv in commands if name not in args.skip]


def step_env(name, env, args):
    """The environment of one step: the demo pages read the demo's SQLite database, not the benchmark's."""
    if name != "pages-demo":
        return env
    demo = {key: value for key, value in env.items() if key != "DATABASE_URL"}
    demo["STEGVIS_VAR_DIR"] = args.demo_var_dir
    return demo


# --- Judging the figures -----------------------------------------------------------------------


def _s(seconds):
    return "–" if seconds is None else f"{seconds:,.2f} s"


def _ms(ms):
    return "–" if ms is None else f"{ms:,.0f} ms"


def _verdict(ok):
    if ok is None:
        return "not measured"
    return "yes" if ok else "**no**"


def report_rows(figures):
    """The report against the hand-written query, the pages built on it and the 100k comparison."""
    if not figures:
        return [
            ("`build_report` ≤ 1.3× hand-written and < 0.3 s (today, a past date)", "–", None),
            ("pages built on the report < 0.3 s", "–", None),
            ("same project, 100,000 vs 1,000,000 participants, within 20 %", "–", None),
        ]
    rows = []
    for suffix, when in (("", "today"), ("_past", "a year back")):
        ours, sql = figures[f"report{suffix}"]["median"], figures[f"sql{suffix}"]["median"]
        ratio = ours / sql
        rows.append(
            (
                f"`build_report` of `vagval` ({when}): ≤ 1.3× hand-written and < 0.3 s",
                f"{_s(ours)} = {ratio:.1f}× ({_s(sql)} hand-written)",
                ratio <= 1.3 and ours < 0.3,
            )
        )
    if "report_core" in figures:
        ours, sql = figures["report_core"]["median"], figures["sql"]["median"]
        rows.append(
            (
                "like for like: `build_report` with only the progression section (the hand-written query's "
                "figures and the report's own): ≤ 1.3× and < 0.3 s",
                f"{_s(ours)} = {ours / sql:.1f}×",
                ours / sql <= 1.3 and ours < 0.3,
            )
        )
    pages = [("followup", "follow-up page"), ("page", "report page"), ("home", "project leader's start page")]
    for key, label in pages:
        for suffix in ("", "_past"):
            if f"{key}{suffix}" not in figures:
                continue
            median = figures[f"{key}{suffix}"]["median"]
            rows.append((f"{label}{' (a year back)' if suffix else ''} < 0.3 s", _s(median), median < 0.3))
    other = figures.get("other")
    if other:
        ratio = figures["report"]["median"] / other["median"]
        rows.append(
            (
                "same project, 100,000 vs 1,000,000 participants, within 20 %",
                f"{_s(other['median'])} and {_s(figures['report']['median'])}: {ratio:.2f}×",
                1 / 1.2 <= ratio <= 1.2,
            )
        )
    else:
        rows.append(("same project, 100,000 vs 1,000,000 participants, within 20 %", "–", None))
    return rows


def pages_rows(pages, demo):
    label = (
        "every demo page (SQLite) < 150 ms"
        if demo
        else "staff pages at 1,000,000: median < 30 ms and p95 < 50 ms"
    )
    if not pages:
        return [(label, "–", None)]
    median_target, p95_target = (150, 150) if demo else (30, 50)
    met = [
        p for p in pages if p["status"] == 200 and p["median_ms"] < median_target and p["p95_ms"] < p95_target
    ]
    slowest = max(pages, key=lambda p: p["p95_ms"])
    medians = sorted(p["median_ms"] for p in pages)
    measured = (
        f"{len(met)} of {len(pages)} pages; medians {_ms(medians[0])} to {_ms(medians[-1])}; "
        f"slowest p95 {_ms(slowest['p95_ms'])} ({slowest['label']})"
    )
    return [(label, measured, len(met) == len(pages))]


def import_rows(figures):
    targets = {"sqlite": 120, "postgresql": 60}
    if not figures:
        return [("import of 100,000 participants and 400,000 measurements", "–", None)]
    rows = []
    steps = figures["steps"]
    for vendor, limit in targets.items():
        first = next(
            (s for s in steps if s["database"] == vendor and s["step"].startswith("import of the gen")), None
        )
        export = next(
            (s for s in steps if s["database"] == vendor and s["step"].startswith("export of")), None
        )
        trip = next((s for s in steps if s["database"] == vendor and s["step"] == "round trip"), None)
        if first is None:
            continue
        rows.append(
            (
                f"import on {vendor} < {limit} s, peak < 500 MB",
                f"{_s(first['seconds'])}, {first['peak_mb']:,.0f} MB",
                first["seconds"] < limit and first["peak_mb"] < 500,
            )
        )
        if export:
            rows.append((f"export on {vendor} < 20 s", _s(export["seconds"]), export["seconds"] < 20))
        if trip:
            rows.append(
                (
                    f"round trip on {vendor} byte-identical",
                    trip["verdict"],
                    trip["verdict"] == "byte-identical",
                )
            )
    return rows


def exports_rows(figures):
    limits = {"xlsx": 1.0, "docx": 2.0}
    rows = []
    for fmt, limit in limits.items():
        whole = next(
            (m for m in figures or [] if m["format"] == fmt and "whole download" in m["label"]), None
        )
        view = next((m for m in figures or [] if m["format"] == fmt and "download `" in m["label"]), None)
        measured = "–" if whole is None else _s(whole["median"])
        if view is not None:
            measured += f" (through the view {_s(view['median'])})"
        rows.append(
            (
                f"{fmt.upper()} of `vagval` < {limit:g} s",
                measured,
                None if whole is None else whole["median"] < limit,
            )
        )
    return rows


def locust_rows(figures):
    label = "200 staff users for 10 minutes: 0 errors and p95 < 200 ms"
    if not figures:
        return [(label, "–", None)]
    measured = (
        f"{figures['users']} users, {figures['time']}: {figures['requests']:,} requests, "
        f"{figures['failures']} failures, median {_ms(figures['median_ms'])}, p95 {_ms(figures['p95_ms'])}"
    )
    ok = figures["failures"] == 0 and figures["p95_ms"] is not None and figures["p95_ms"] < 200
    full = figures["users"] >= 200 and figures["time"] in ("10m", "600s")
    return [(label, measured, ok if full else None)]


def targets_rows(figures):
    """``[(target, measured, met)]`` for every target; ``met`` is None where nothing was measured."""
    return [
        *report_rows(figures.get("report")),
        *pages_rows(figures.get("pages"), demo=False),
        *pages_rows(figures.get("pages-demo"), demo=True),
        *import_rows(figures.get("import-large")),
        *exports_rows(figures.get("exports")),
        *locust_rows(figures.get("locust")),
    ]


def results_markdown(figures, *, when, machine_line, minutes, steps):
    rows = targets_rows(figures)
    met = sum(1 for _t, _m, ok in rows if ok)
    measured = sum(1 for _t, _m, ok in rows if ok is not None)
    lines = [
        f"Measured on {when} by `bench/all.py` in one run of {minutes:.0f} minutes "
        f"(steps: {', '.join(steps)}); each step's own table is further down.",
        "",
        f"**Machine**: {machine_line} of the run.",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *(f"| {target} | {value} | {_verdict(ok)} |" for target, value, ok in rows),
        "",
        f"{met} of {measured} measured targets met.",
    ]
    return "\n".join(lines)


def database_machine():
    """The machine and the PostgreSQL server, as ``bench/run.py`` describes them."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")
    import django

    django.setup()
    from bench.run import machine

    return machine()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other-database", help="a database with the same project among 100,000 people")
    parser.add_argument("--repetitions", type=int, default=3, help="timed runs of each report (default 3)")
    parser.add_argument("--locust-users", type=int, default=200)
    parser.add_argument("--locust-time", default="10m")
    parser.add_argument(
        "--skip",
        type=lambda v: {s for s in v.split(",") if s},
        default=set(),
        help=f"steps to leave out: {','.join(STEPS)}",
    )
    parser.add_argument(
        "--demo-var-dir",
        default=str(ROOT / "var"),
        help="the folder of the demo's SQLite database for the demo pages (default var/, as `make demo` makes)",
    )
    parser.add_argument("--no-write", action="store_true", help="print the tables, leave BENCHMARKS.md alone")
    args = parser.parse_args(argv)
    unknown = args.skip - set(STEPS)
    if unknown:
        parser.error(f"unknown step(s) for --skip: {', '.join(sorted(unknown))} (steps: {', '.join(STEPS)})")
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        bench_database(os.environ.get("DATABASE_URL"))
    except Refused as refusal:
        sys.exit(f"all.py: {refusal}")
    machine_line = database_machine()
    started = time.monotonic()
    failed = []
    with tempfile.TemporaryDirectory(prefix="stegvis-bench-all-") as tmp:
        path = Path(tmp) / "summary.json"
        env = {**os.environ, summary.ENV: str(path)}
        commands = step_commands(args)
        for name, argv_ in commands:
            print(f"\n=== {name}: {' '.join(argv_[1:])}", flush=True)
            if subprocess.run(argv_, cwd=ROOT, env=step_env(name, env, args), check=False).returncode:
                failed.append(name)
        figures = summary.load(path)
    text = results_markdown(
        figures,
        when=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        machine_line=machine_line,
        minutes=(time.monotonic() - started) / 60,
        steps=[name for name, _argv in commands],
    )
    print("\n" + text)
    if not args.no_write:
        write_benchmarks(text, start=START, end=END)
    if failed:
        sys.exit(f"all.py: these steps failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()

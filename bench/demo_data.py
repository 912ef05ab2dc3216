"""Time ``stegvis demo-data --participants N`` on SQLite and append the result to results.md.

Each size runs in a fresh, temporary data folder (``STEGVIS_VAR_DIR``), so the benchmark never
touches the checkout's own database. Reported per run: wall-clock seconds for ``demo-data`` alone
(migrations are run first and not counted), persons per second, rows written per second (persons,
references, enrolments, coordinator history and audit entries, counted in the database
afterwards) and the peak resident memory of the ``demo-data`` process.

Usage (from the repository root)::

    .venv/bin/python bench/demo_data.py                 # 10000 and 100000
    .venv/bin/python bench/demo_data.py 1000000 --batch-size 5000
    .venv/bin/python bench/demo_data.py 10000 --no-record   # print only
"""

import argparse
import datetime
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results.md"
TABLES = {
    "persons": "participants_person",
    "refs": "participants_participantref",
    "enrolments": "participants_enrollment",
    "coordinator history": "participants_coordinatorassignment",
    "audit entries": "audit_auditentry",
}
HEADER = """# Benchmarks

Produced by `bench/demo_data.py`; every run appends a row. SQLite in a temporary folder,
`stegvis demo-data --participants N` (bulk actions above 2000 participants), one process.
*Rows* counts everything written: persons, references, enrolments, coordinator history and
audit entries. *Seconds* is wall-clock time of `demo-data` alone; *CPU s* is the CPU time that
process used (user + system), which says more than the wall clock when the machine is shared
(the load average at the start is in the machine column). *Peak MB* is the maximum resident
memory of the `demo-data` process.

| date | machine | N | batch | seconds | CPU s | persons/s | rows | rows/s | peak MB |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|
"""


def stegvis_command():
    local = ROOT / ".venv" / "bin" / "stegvis"
    if local.exists():
        return [str(local)]
    found = shutil.which("stegvis")
    if found:
        return [found]
    return [sys.executable, "-m", "stegvis.cli"]


def machine_summary():
    ram_gb = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = f", load {os.getloadavg()[0]:.1f} at start"
    except OSError:
        load = ""
    return (
        f"{os.cpu_count()} CPU ({cpu}), {ram_gb:.0f} GB RAM, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}{load}"
    )


def run_one(participants, batch_size, extra):
    var_dir = tempfile.mkdtemp(prefix="stegvis-bench-")
    env = {**os.environ, "STEGVIS_VAR_DIR": var_dir, "STEGVIS_DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    command = stegvis_command()
    try:
        subprocess.run([*command, "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT)
        started = time.monotonic()
        process = subprocess.Popen(
            [
                *command,
                "demo-data",
                "--participants",
                str(participants),
                "--batch-size",
                str(batch_size),
                *extra,
            ],
            env=env,
            cwd=ROOT,
        )
        # wait4 gives this child's own resource usage (peak RSS in KiB on Linux).
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"demo-data failed with exit code {process.returncode}")
        with sqlite3.connect(Path(var_dir) / "stegvis.sqlite3") as db:
            counts = {
                name: db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for name, table in TABLES.items()
            }
        peak_mb = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 1024 / 1024
        cpu_seconds = usage.ru_utime + usage.ru_stime
        return seconds, cpu_seconds, counts, peak_mb
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument(
        "--no-record", action="store_true", help="print the results without appending to results.md"
    )
    parser.add_argument("--note", default="", help="a remark for the machine column")
    args, extra = parser.parse_known_args(argv)
    for size in args.sizes:
        machine = machine_summary() + (f"; {args.note}" if args.note else "")
        seconds, cpu_seconds, counts, peak_mb = run_one(size, args.batch_size, extra)
        rows = sum(counts.values())
        line = (
            f"| {datetime.date.today().isoformat()} | {machine} | {size:,} | {args.batch_size} | {seconds:.1f} | "
            f"{cpu_seconds:.1f} | {counts['persons'] / seconds:,.0f} | {rows:,} | {rows / seconds:,.0f} | {peak_mb:.0f} |"
        )
        print(", ".join(f"{name}: {count:,}" for name, count in counts.items()), file=sys.stderr)
        print(line)
        if not args.no_record:
            if not RESULTS.exists():
                RESULTS.write_text(HEADER)
            text = RESULTS.read_text()
            marker = "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n"
            head, _sep, rest = text.partition(marker)
            # Rows go right under the table head, so the notes after the table stay at the end.
            table_end = rest.find("\n\n")
            table, tail = (rest, "") if table_end < 0 else (rest[: table_end + 1], rest[table_end + 1 :])
            RESULTS.write_text(head + marker + table + line + "\n" + tail)


if __name__ == "__main__":
    main()

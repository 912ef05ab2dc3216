"""Time ``stegvis import`` on a zip bomb and on large CSV files, and write the results into BENCHMARKS.md.

Every case runs ``stegvis import`` in a subprocess of its own against a temporary SQLite database
(``STEGVIS_VAR_DIR``, migrated once), and reports wall-clock seconds, the peak resident memory of
that process (``wait4``), its exit code, how many bytes it printed, and the first line of what it
said. The files are generated into a temporary folder:

- ``bomb.zip``: about 310 KB that unpacks to 100 MB (organizations.csv of repeated lines);
- ``organizations.csv`` of 10 and 50 MB: every row valid;
- ``enrollments.csv`` of 10 and 50 MB: every row valid on its own, each naming a project that is not
  in Stegvis, so every row is an error (the error list is capped) and nothing is written.

The default limits apply unless the case says otherwise (``STEGVIS_IMPORT_MAX_ROWS`` raised, so
the whole file is read and checked).

Usage (from the repository root)::

    .venv/bin/python bench/imports.py              # all cases, results into BENCHMARKS.md
    .venv/bin/python bench/imports.py --no-record  # print only
"""

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo_data import machine_summary, stegvis_command  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "BENCHMARKS.md"
START, END = "<!-- bench:imports:start -->", "<!-- bench:imports:end -->"
MB = 1024 * 1024
ORG_HEADER = "code,name,kind\n"
ENROLLMENT_HEADER = (
    "participant_ref,project,organization,referrer,need_group,start_date,end_date,exit_reason,coordinator\n"
)


def write_bomb(path: Path, unpacked: int = 100 * MB) -> None:
    """Repeated lines with a numbered line every 4096th: packs about 330 times, like the issue's example."""
    block = "".join(
        f"org{n},Organisation nummer {n},kommun\n" if n % 4096 == 0 else "x,Samma rad igen och igen,kommun\n"
        for n in range(4096)
    ).encode()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("organizations.csv", "w", force_zip64=True) as member:
            member.write(ORG_HEADER.encode())
            written, n = 0, 0
            while written < unpacked:
                chunk = block.replace(b"nummer", f"n{n:06d}".encode()[:6])
                member.write(chunk)
                written += len(chunk)
                n += 1


def write_rows(path: Path, header: str, make_row, size: int) -> int:
    """Write rows until the file is ``size`` bytes; returns the number of rows."""
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(header)
        written = len(header)
        batch = []
        while written < size:
            line = make_row(rows)
            batch.append(line)
            written += len(line.encode())
            rows += 1
            if len(batch) == 10_000:
                out.write("".join(batch))
                batch = []
        out.write("".join(batch))
    return rows


def organization_row(n):
    return f"org{n},Organisation {n},kommun\n"


def enrollment_row(n):
    return f"P-{n},okant-projekt,org{n % 50},af,,2023-02-01,2023-12-31,arbete,\n"


def run_case(command, env, path, extra_env):
    started = time.monotonic()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(
            [*command, "import", str(path), "--dry-run"],
            env={**env, **extra_env},
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - started
        printed = out.tell()
        out.seek(0)
        head = out.read(4000).decode("utf-8", "replace")
        out.seek(max(printed - 400, 0))
        tail = out.read().decode("utf-8", "replace")
    said = next((line for line in head.splitlines() if line.strip()), "")
    # The first message of the error table, without the file column (a temporary path).
    message = next((line[line.index("Filen") :] for line in head.splitlines() if "Filen " in line), "")
    last = next((line for line in reversed(tail.splitlines()) if " till " in line), "")
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "exit": os.waitstatus_to_exitcode(status),
        "printed": printed,
        "said": " ".join(part for part in (said, message[:110]) if part),
        "more": last,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-record", action="store_true", help="print only, do not update BENCHMARKS.md")
    parser.add_argument("--sizes", default="10,50", help="CSV sizes in MB (default 10,50)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="stegvis-bench-imports-"))
    env = {**os.environ, "STEGVIS_VAR_DIR": str(work / "var"), "STEGVIS_DEBUG": "0"}
    env.pop("DATABASE_URL", None)
    command = stegvis_command()
    machine = machine_summary()
    try:
        subprocess.run([*command, "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=ROOT)
        empty = work / "empty"
        empty.mkdir()
        cases = [("empty folder: starting the command, for comparison", empty, {})]
        bomb = work / "bomb.zip"
        write_bomb(bomb)
        with zipfile.ZipFile(bomb) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        cases.append(
            (f"zip bomb: {bomb.stat().st_size / 1024:.0f} KB unpacking to {unpacked / MB:.0f} MB", bomb, {})
        )
        for size in sizes:
            folder = work / f"orgs{size}"
            folder.mkdir()
            rows = write_rows(folder / "organizations.csv", ORG_HEADER, organization_row, size * MB)
            cases.append((f"organizations.csv, {size} MB, {rows:,} valid rows, default limits", folder, {}))
        big_rows = {"STEGVIS_IMPORT_MAX_ROWS": "100000000", "STEGVIS_IMPORT_MAX_FILE_MB": "1000"}
        for size in sizes:
            folder = work / f"enrollments{size}"
            folder.mkdir()
            rows = write_rows(folder / "enrollments.csv", ENROLLMENT_HEADER, enrollment_row, size * MB)
            cases.append(
                (
                    f"enrollments.csv, {size} MB, {rows:,} rows, each an error; row limit raised",
                    folder,
                    big_rows,
                )
            )
        lines = []
        for label, path, extra in cases:
            result = run_case(command, env, path, extra)
            line = (
                f"| {label} | {result['seconds']:.1f} | {result['cpu']:.1f} | {result['peak_mb']:.0f} | "
                f"{result['exit']} | {result['printed'] / 1024:.0f} KB | {result['said']} {result['more'][:80]} |"
            )
            print(line, flush=True)
            lines.append(line)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.no_record:
        return
    table = "\n".join(
        [
            f"Measured on {datetime.datetime.now():%Y-%m-%d %H:%M} by `bench/imports.py` "
            f"(`stegvis import PATH --dry-run`, SQLite).",
            "",
            f"**Machine**: {machine}.",
            "",
            "| case | seconds | CPU s | peak MB | exit | printed | what it said |",
            "|---|---:|---:|---:|---:|---:|---|",
            *lines,
        ]
    )
    text = RESULTS.read_text()
    head, _start, rest = text.partition(START)
    _old, _end, tail = rest.partition(END)
    RESULTS.write_text(f"{head}{START}\n{table}\n{END}{tail}")


if __name__ == "__main__":
    main()

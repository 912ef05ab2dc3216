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
import json
import os
import re
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


def run_timed(args, env):
    """Run ``args`` in a process of its own: its wall and CPU seconds, peak RSS and exit code, and
    what it printed (stdout and stderr), as ``(figures, output file)``; the file is open, at its end."""
    started = time.monotonic()
    out = tempfile.TemporaryFile()
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    _pid, status, usage = os.wait4(process.pid, 0)
    figures = {
        "seconds": time.monotonic() - started,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "exit": os.waitstatus_to_exitcode(status),
    }
    return figures, out


def run_case(command, env, path, extra_env):
    figures, out = run_timed([*command, "import", str(path), "--dry-run"], {**env, **extra_env})
    with out:
        printed = out.tell()
        out.seek(0)
        head = out.read(4000).decode("utf-8", "replace")
        out.seek(max(printed - 400, 0))
        tail = out.read().decode("utf-8", "replace")
    said = next((line for line in head.splitlines() if line.strip()), "")
    # The first message of the error table, without the file column (a temporary path).
    message = next((line[line.index("Filen") :] for line in head.splitlines() if "Filen " in line), "")
    last = next((line for line in reversed(tail.splitlines()) if line.startswith("…")), "")
    return {
        **figures,
        "printed": printed,
        "said": " ".join(part for part in (said, message[:110]) if part),
        "more": last,
    }


def inner(path, page, read_only=False):
    """In this process: import ``path`` once (``--dry-run``), through the page or the importer, and
    print the seconds it took, leaving out the start of Python and Django."""
    import resource

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from stegvis.exchange.importer import import_path
    from stegvis.exchange.summary import render_summary

    if read_only:
        from stegvis.exchange import readers

        started = time.monotonic()
        tables, errors, _warnings = readers.read_tables(readers.sources_from_path(path))
        rows = sum(1 for table in tables.values() for _row in table.iter_rows())
        seconds = time.monotonic() - started
        said = f"{rows:,} rows read twice (checked, then streamed as the importer does), {len(errors)} errors"
        printed, ok = 0, not errors
    elif page:
        user, _created = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
        )
        client = Client()
        client.force_login(user)
        # A running server has its templates, URLs and middleware loaded: the first request of a
        # fresh process (about a second here) is left out.
        client.get(reverse("exchange:import"))
        with open(path, "rb") as upload:
            started = time.monotonic()
            response = client.post(reverse("exchange:import"), {"files": upload, "dry_run": "on"})
            seconds = time.monotonic() - started
        words = " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())
        start = words.find("Importen avbröts")
        message = re.search(r"Filen [^.]*\.", words)
        said = words[start : start + 34] + (" " + message.group(0) if message else "")
        printed = len(response.content)
        ok = response.status_code == 200
    else:
        started = time.monotonic()
        result = import_path(path, dry_run=True)
        seconds = time.monotonic() - started
        summary = render_summary(result)
        said, printed, ok = summary.splitlines()[0], len(summary.encode()), True
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "printed": printed, "said": said, "ok": ok}))


def run_inner(env, path, mode, extra_env):
    """The in-process timing of one import, in a fresh process."""
    done = subprocess.run(
        [sys.executable, __file__, "--inner", str(path), *([f"--{mode}"] if mode else [])],
        env={**env, **extra_env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-record", action="store_true", help="print only, do not update BENCHMARKS.md")
    parser.add_argument("--sizes", default="10,50", help="CSV sizes in MB (default 10,50)")
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    parser.add_argument("--page", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--read-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.inner:
        inner(args.inner, args.page, args.read_only)
        return
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
        # The bomb and the 10 MB file once more, timed inside the process: the import alone, and the
        # page (POST /import/ through Django's test client, as an administrator, after one GET of
        # the page; the client holds the request body in memory too).
        page_env = {**env, "STEGVIS_DEBUG": "1", "STEGVIS_REQUIRE_2FA": "0"}
        zipped_orgs = work / f"orgs{sizes[0]}.zip"
        with zipfile.ZipFile(zipped_orgs, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(work / f"orgs{sizes[0]}" / "organizations.csv", "organizations.csv")
        no_limits = {"STEGVIS_IMPORT_MAX_ROWS": "100000000", "STEGVIS_IMPORT_MAX_FILE_MB": "1000"}
        inner_cases = [
            ("zip bomb, `import_path()` in the process", bomb, "", {}),
            ("zip bomb, the page `POST /import/`", bomb, "page", {}),
            (f"organizations.csv {sizes[0]} MB zipped, the page `POST /import/`", zipped_orgs, "page", {}),
            *(
                (
                    f"organizations.csv {size} MB, only reading (limits raised)",
                    work / f"orgs{size}",
                    "read-only",
                    no_limits,
                )
                for size in sizes
            ),
        ]
        inner_lines = []
        for label, path, mode, extra in inner_cases:
            result = run_inner(page_env, path, mode, extra)
            line = (
                f"| {label} | {result['seconds']:.2f} | {result['peak_mb']:.0f} | {result['printed'] / 1024:.0f} KB "
                f"| {result['said']} |"
            )
            print(line, flush=True)
            inner_lines.append(line)
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
            "",
            "Timed inside the process (the start of Python and Django left out; *peak MB* is still the whole process):",
            "",
            "| case | seconds | peak MB | answer | what it said |",
            "|---|---:|---:|---:|---|",
            *inner_lines,
        ]
    )
    text = RESULTS.read_text()
    head, _start, rest = text.partition(START)
    _old, _end, tail = rest.partition(END)
    RESULTS.write_text(f"{head}{START}\n{table}\n{END}{tail}")


if __name__ == "__main__":
    main()

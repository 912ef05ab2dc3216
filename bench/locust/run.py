"""Run the staff-day load test (``bench/locust/staff_day.py``) against the benchmark's database.

Prepares the accounts (the target project's leader, an administrator, and the coordinators with
the largest active caseloads, all given the benchmark's password, so use a copy of the benchmark
database), starts ``stegvis serve`` on a free port as ``bench/pages.py`` does, runs locust
headless, and writes the figures per page into BENCHMARKS.md between
``<!-- bench:locust:start -->`` and ``<!-- bench:locust:end -->``.

Usage (from the repository root)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stegvis_bench_copy \\
        .venv/bin/python bench/locust/run.py --users 200 --spawn-rate 10 --time 10m
"""

import argparse
import csv
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")

from bench import pages  # noqa: E402
from bench.large_dataset import TARGET_CODE, Refused, bench_database  # noqa: E402
from bench.run import BENCHMARKS, write_benchmarks  # noqa: E402
from bench.summary import record  # noqa: E402

START, END = "<!-- bench:locust:start -->", "<!-- bench:locust:end -->"
SCENARIO = Path(__file__).resolve().parent / "staff_day.py"


def accounts(project, coordinators):
    """``(username, role, project code)`` of the accounts the simulated staff log in as."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db.models import Count

    from stegvis.participants.models import Enrollment

    users = pages.large_users(project)
    busiest = (
        Enrollment.objects.filter(end_date__isnull=True, coordinator__isnull=False)
        .values("coordinator")
        .annotate(n=Count("pk"))
        .order_by("-n", "coordinator")[:coordinators]
    )
    ids = [row["coordinator"] for row in busiest]
    # One hash for all: hashing a password costs a fraction of a second each.
    get_user_model().objects.filter(pk__in=ids).update(password=make_password(pages.BENCH_PASSWORD))
    names = get_user_model().objects.filter(pk__in=ids).values_list("username", flat=True)
    return [
        (users["projektledare"].username, "projektledare", project.code),
        (users["administratör"].username, "administratör", project.code),
        *((name, "koordinator", "") for name in names),
    ]


def results_markdown(rows, *, when, machine_line, args, errors):
    lines = [
        f"Measured on {when} by `bench/locust/run.py --users {args.users} --spawn-rate {args.spawn_rate} "
        f"--time {args.time}` (`stegvis serve` with {args.workers} workers, DEBUG off; locust on the same machine).",
        "",
        f"**Machine**: {machine_line}.",
        "",
        "| page | requests | failures | median ms | p95 ms | p99 ms | max ms | requests/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['Name']} | {int(row['Request Count']):,} | {int(row['Failure Count']):,} | "
            f"{row['50%']} | {row['95%']} | {row['99%']} | {float(row['Max Response Time']):,.0f} | "
            f"{float(row['Requests/s']):.1f} |"
        )
    if errors:
        lines += ["", "Failures:", ""] + [
            f"- {e['Occurrences']}× {e['Name']}: {e['Error'][:120]}" for e in errors
        ]
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="simulated staff (default 50)")
    parser.add_argument("--spawn-rate", type=float, default=5, help="new users per second (default 5)")
    parser.add_argument("--time", default="2m", help="how long, e.g. 2m or 10m (default 2m)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--coordinators", type=int, default=40, help="coordinator accounts used (default 40)")
    parser.add_argument("--project", default=TARGET_CODE)
    parser.add_argument(
        "--no-write", action="store_true", help="print the results, leave BENCHMARKS.md alone"
    )
    args = parser.parse_args(argv)
    try:
        bench_database(os.environ.get("DATABASE_URL"))
    except Refused as refusal:
        sys.exit(f"run.py: {refusal}")
    tmp = Path(tempfile.mkdtemp(prefix="stegvis-locust-"))
    os.environ.setdefault("STEGVIS_VAR_DIR", str(tmp))
    os.environ.update(STEGVIS_DEBUG="0", STEGVIS_REQUIRE_2FA="0", STEGVIS_SECURE_COOKIES="0")
    server = None
    try:
        import django

        django.setup()
        from bench.run import machine
        from stegvis.organizations.models import Project

        project = Project.objects.get(code=args.project)
        users_file = tmp / "users.txt"
        users_file.write_text(
            "".join(
                f"{name} {pages.BENCH_PASSWORD} {role} {code}\n"
                for name, role, code in accounts(project, args.coordinators)
            )
        )
        machine_line = machine()
        port = pages.free_port()
        server = pages.start_server({**os.environ}, port, args.workers, (tmp / "serve.log").open("w"))
        locust = shutil.which("locust", path=str(Path(sys.executable).parent)) or "locust"
        subprocess.run(
            [
                locust,
                "-f",
                str(SCENARIO),
                "--headless",
                "-H",
                f"http://127.0.0.1:{port}",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                args.time,
                "--csv",
                str(tmp / "result"),
                "--only-summary",
            ],
            env={**os.environ, "STEGVIS_LOCUST_USERS": str(users_file)},
            cwd=ROOT,
            check=False,
        )
        with (tmp / "result_stats.csv").open() as f:
            rows = list(csv.DictReader(f))
        with (tmp / "result_failures.csv").open() as f:
            errors = list(csv.DictReader(f))
        total = next((row for row in rows if row["Name"] == "Aggregated"), None)
        record(
            "locust",
            {
                "users": args.users,
                "time": args.time,
                "requests": int(total["Request Count"]) if total else 0,
                "failures": int(total["Failure Count"]) if total else None,
                "p95_ms": float(total["95%"]) if total else None,
                "median_ms": float(total["50%"]) if total else None,
            },
        )
        text = results_markdown(
            rows,
            when=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            machine_line=machine_line,
            args=args,
            errors=errors,
        )
        print(text)
        if not args.no_write:
            write_benchmarks(text, BENCHMARKS, START, END)
            print(f"wrote {BENCHMARKS.relative_to(ROOT)}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Time the report's sections, its exports and the pages built on its sections, one by one.

``bench/run.py`` times ``build_report`` as a whole; this script times what the report's other
parts cost on their own, for the benchmark's target project (10,000 participants in a database of
a million), so each can be judged apart from the rest of the report:

1. every registered report section (``register_report_section``) and every derived section
   (``register_derived_section``), called with the very scope ``build_report`` passes them;
2. the exports' own work: laying out the tables and rendering the XLSX and the DOCX draft from a
   report already built (``stegvis.reports.exports.render.render``);
3. the pages that show a section (what works, ESF+, the SUS list) and the two downloads (XLSX,
   DOCX) through Django's test client, logged in as an administrator; these include whatever
   part of the report the page computes.

Each is run once (*first*, cold caches) and then ``--repetitions`` times (*median*, *min*), with
the number of queries. The results go into BENCHMARKS.md between the markers
``<!-- bench:sections:start -->`` and ``<!-- bench:sections:end -->`` (with ``--no-write`` they are
only printed). The machine, the load average and the timing helpers are those of ``bench/run.py``.

Usage (from the repository root)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stegvis_bench .venv/bin/python bench/sections.py
    ... bench/sections.py --repetitions 10 --no-write
    .venv/bin/python bench/sections.py --demo --project spik --no-write   # the demo data (SQLite)
"""

import argparse
import datetime
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")
# The benchmark's administrator has no authenticator app; the pages would send it to set one up.
os.environ.setdefault("STEGVIS_REQUIRE_2FA", "0")

from bench.large_dataset import TARGET_CODE, Refused, bench_database  # noqa: E402
from bench.run import BENCHMARKS, Measured, admin_client, get_page, machine, write_benchmarks  # noqa: E402

START, END = "<!-- bench:sections:start -->", "<!-- bench:sections:end -->"


def section_scope(project, on):
    """The enrolments in scope exactly as ``build_report(project, on=on)`` hands them to its sections."""
    from stegvis.participants.models import Enrollment
    from stegvis.reports.counting import scoped_enrollments

    return scoped_enrollments(on, None, None, queryset=Enrollment.objects.filter(project=project))


def ways(project, on, client, repetitions):
    """``[(group, label, func)]``: everything this script times, in the order of the table."""
    from django.urls import reverse

    from stegvis.reports import project_report
    from stegvis.reports.exports.facts import organization_names
    from stegvis.reports.exports.formats import DOCX, XLSX
    from stegvis.reports.exports.render import export_tables, render

    scope = section_scope(project, on)
    report = project_report.build_report(project, on=on)
    names = organization_names(project)
    found = []
    for key, func in project_report._sections.items():
        found.append(("section", f"section `{key}`", lambda func=func: func(project, scope, on)))
    for key, func in project_report._derived_sections.items():
        found.append(("section", f"derived section `{key}`", lambda func=func: func(project, report, scope)))
    found += [
        ("export", "export tables (every registered table)", lambda: export_tables(report, names)),
        ("export", "XLSX from the report (tables and rendering)", lambda: render(XLSX, report, names)),
        (
            "export",
            "DOCX draft from the report (tables, charts, document)",
            lambda: render(DOCX, report, names),
        ),
    ]
    kwargs = {"code": project.code}
    pages = [
        ("what-works page", reverse("reports:what_works", kwargs=kwargs)),
        ("ESF+ page", reverse("reports:esf_indicators", kwargs=kwargs)),
        ("SUS list page", reverse("reports:sus_list", kwargs=kwargs)),
        ("XLSX download", reverse("reports:project_report_xlsx", kwargs=kwargs)),
        ("DOCX download", reverse("reports:final_report_docx", kwargs=kwargs)),
    ]
    for label, url in pages:
        found.append(("page", f"{label} `{url}`", lambda url=url: get_page(client, url)))
    return found


def _ms(seconds):
    return f"{seconds * 1000:,.0f}"


def results_markdown(*, when, machine_line, project, on, measured, repetitions, report_seconds):
    lines = [
        f"Measured on {when} by `bench/sections.py` ({repetitions} timed repetitions after one first run).",
        "",
        f"**Machine**: {machine_line}.",
        "",
        f"**Results** for `{project.code}` on {on.isoformat()} (milliseconds; *first* is the first run in the "
        "process, *median* and *min* are of the runs after it). Sections are called with the scope "
        "`build_report` passes them; the exports' rows render a report built beforehand (building it took "
        f"{report_seconds:.2f} s here, the part `bench/run.py` times); the pages and downloads are "
        "`GET` requests as an administrator and include whatever part of the report they compute.",
        "",
        "| what | queries | first ms | median ms | min ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for m in measured:
        lines.append(f"| {m.label} | {m.query_count} | {_ms(m.first)} | {_ms(m.median)} | {_ms(m.minimum)} |")
    slow = max(measured, key=lambda m: m.median)
    lines += ["", f"Slowest queries of the slowest row ({slow.label}, last run):", ""]
    lines += [f"- {s * 1000:,.0f} ms: `{sql}…`" for s, sql in slow.slowest_queries()]
    return "\n".join(lines)


def add_common_arguments(parser):
    """The options every per-project timing script takes: project, repetitions, date, --demo, --no-write."""
    parser.add_argument("--project", default=TARGET_CODE, help=f"project code (default {TARGET_CODE})")
    parser.add_argument("--repetitions", type=int, default=5, help="timed runs after the first (default 5)")
    parser.add_argument("--on", type=datetime.date.fromisoformat, help="report date (default today)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="time against the database DATABASE_URL names whatever it is (e.g. the demo data); implies --no-write",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print the results, leave BENCHMARKS.md alone"
    )
    return parser


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=(
            "Time every report section, the XLSX and DOCX exports and the pages built on the sections for the "
            "benchmark's target project, and write the results to BENCHMARKS.md. DATABASE_URL must name the "
            "database bench/large_dataset.py loaded (or give --demo)."
        )
    )
    return add_common_arguments(parser).parse_args(argv)


def start(args, script):
    """Django set up for timing ``args.project``: ``(project, report date, machine line)``.

    Refuses a database not meant for benchmarks unless ``--demo``; exits when the project is missing.
    """
    if not args.demo:
        try:
            bench_database(os.environ.get("DATABASE_URL"))
        except Refused as refusal:
            sys.exit(f"{script}: {refusal}")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from stegvis.organizations.models import Project

    setup_test_environment()  # lets the test client use the host name "testserver"
    connection.settings_dict["CONN_MAX_AGE"] = None  # one connection for the whole run (as bench/run.py)
    project = Project.objects.filter(code=args.project).first()
    if project is None:
        sys.exit(f"{script}: no project {args.project!r}")
    if connection.vendor == "postgresql":
        machine_line = machine()
    else:
        machine_line = (
            f"{os.cpu_count()} cores, {connection.vendor}, load average {os.getloadavg()[0]:.1f} at the start"
        )
    return project, args.on or timezone.localdate(), machine_line


def main(argv=None):
    args = parse_args(argv)
    project, on, machine_line = start(args, "sections.py")
    import time

    from stegvis.reports.project_report import build_report

    started = time.perf_counter()
    build_report(project, on=on)
    report_seconds = time.perf_counter() - started
    client = admin_client()
    print(f"timing {project.code} on {on} ({args.repetitions} repetitions)", flush=True)
    measured = [
        measure(label, func, args.repetitions)
        for _group, label, func in ways(project, on, client, args.repetitions)
    ]
    text = results_markdown(
        when=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        machine_line=machine_line,
        project=project,
        on=on,
        measured=measured,
        repetitions=args.repetitions,
        report_seconds=report_seconds,
    )
    publish(args, text)


def measure(label, func, repetitions):
    """``func`` timed (see ``bench.run.Measured``), with a line printed as soon as it is done."""
    m = Measured(label, func, repetitions)
    print(
        f"{label:75} queries {m.query_count!s:>5}  first {_ms(m.first):>7} ms  median {_ms(m.median):>7} ms  "
        f"min {_ms(m.minimum):>7} ms",
        flush=True,
    )
    return m


def publish(args, text, start=START, end=END):
    """Print ``text`` (``--no-write``, ``--demo``) or put it between the markers in BENCHMARKS.md."""
    if args.no_write or args.demo:
        print("\n" + text)
    else:
        write_benchmarks(text, start=start, end=end)
        print(f"wrote {BENCHMARKS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

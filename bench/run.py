"""Time the project report at a million participants and write the figures to BENCHMARKS.md.

Against the database that ``bench/large_dataset.py`` loaded, for its target project (10,000
participants), three ways to the same figures are timed, each several times:

1. ``build_report(project)``: the one computation behind every report page, export and the CLI;
2. the follow-up page (``reports:followup``) rendered through Django's test client, logged in as
   an administrator the script creates; while that page does not exist, the report page
   (``reports:project_report``) is timed instead, and the results say so;
3. one hand-written SQL query computing the core figures (``bench/handwritten.py``).

The hand-written query's figures must equal build_report's: the script prints the comparison and
exits with status 1 when any figure differs. Peak Python memory is measured with tracemalloc in a
separate run of each (tracemalloc slows Python down, so it is not on while timing).

The numbers go into BENCHMARKS.md between the markers ``<!-- bench:run:start -->`` and
``<!-- bench:run:end -->``; everything else in that file (the interpretation) is kept.

Usage (from the repository root)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stegvis_bench .venv/bin/python bench/run.py
    ... bench/run.py --repetitions 10 --no-write
"""

import argparse
import contextlib
import datetime
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")

from bench.large_dataset import TARGET_CODE, Refused, bench_database, read_metadata  # noqa: E402

BENCHMARKS = ROOT / "BENCHMARKS.md"
START, END = "<!-- bench:run:start -->", "<!-- bench:run:end -->"
ADMIN_USERNAME = "bench.admin"
SKELETON = f"""# Benchmarks

## The project report at a million participants (PostgreSQL)

{START}
{END}

## The demo loader (SQLite)

`bench/demo_data.py` times `stegvis demo-data`; its figures are in `bench/results.md`.
"""


# --- Measuring ----------------------------------------------------------------------------------


class Measured:
    """Timings, query counts and peak memory of one way to the figures."""

    def __init__(self, label, func, repetitions):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.label = label
        self.seconds, self.query_counts = [], []
        self.queries = []
        for _n in range(repetitions + 1):  # the first run is reported apart: cold caches
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                self.result = func()
                self.seconds.append(time.perf_counter() - started)
            self.query_counts.append(len(captured.captured_queries))
            self.queries = captured.captured_queries
        tracemalloc.start()
        func()
        self.peak_bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

    @property
    def first(self):
        return self.seconds[0]

    @property
    def warm(self):
        return self.seconds[1:]

    @property
    def median(self):
        return statistics.median(self.warm)

    @property
    def minimum(self):
        return min(self.warm)

    @property
    def query_count(self):
        counts = set(self.query_counts[1:])
        return counts.pop() if len(counts) == 1 else f"{min(counts)}–{max(counts)}"

    def slowest_queries(self, n=3):
        """The ``n`` slowest queries of the last run: (seconds, first words of the SQL)."""
        timed = sorted(((float(q["time"]), q["sql"]) for q in self.queries), reverse=True)[:n]
        return [(seconds, " ".join(sql.split())[:90]) for seconds, sql in timed]


@contextlib.contextmanager
def session_setting(name, value):
    """Run the block with a PostgreSQL setting changed for this connection (e.g. ``jit = off``)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SET {name} = {value}")
    try:
        yield
        with connection.cursor() as cursor:
            cursor.execute(f"SHOW {name}")
            if cursor.fetchone()[0] != value:
                raise SystemExit(f"run.py: the connection lost {name} = {value} while timing")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"RESET {name}")


def admin_client():
    """A test client logged in as an administrator made for the benchmark (created once)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from stegvis.organizations.actions import grant_role

    User = get_user_model()
    admin, created = User.objects.get_or_create(username=ADMIN_USERNAME, defaults={"first_name": "Benchmark"})
    if created:
        admin.set_unusable_password()
        admin.save(update_fields=["password"])
    grant_role(None, admin, role="administrator")
    client = Client()
    client.force_login(admin)
    return client


def page_url(code):
    """The follow-up page when it exists, else the report page; and which one it is."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("reports:followup", kwargs={"code": code}), "follow-up page"
    except NoReverseMatch:
        return reverse("reports:project_report", kwargs={"code": code}), "report page (no follow-up page yet)"


def get_page(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"run.py: GET {url} answered {response.status_code}, not 200")
    return len(response.content)


# --- What the machine and the data are -----------------------------------------------------------


def machine():
    from django.db import connection

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{mem_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        ram = "RAM unknown"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
        cursor.execute("SHOW work_mem")
        work_mem = cursor.fetchone()[0]
    load = os.getloadavg()[0]
    return (
        f"{os.cpu_count()} cores ({cpu or platform.machine()}), {ram}, PostgreSQL {version} "
        f"(shared_buffers {shared_buffers}, work_mem {work_mem}, server defaults otherwise), "
        f"Python {platform.python_version()}, load average {load:.1f} at the start"
    )


BIG_TABLES = (
    "participants_person",
    "participants_participantref",
    "participants_enrollment",
    "participants_coordinatorassignment",
    "progression_measurement",
    "progression_answer",
    "progression_languagelevel",
    "organizations_project",
    "organizations_organization",
    "auth_user",
)


def table_sizes():
    from django.db import connection

    sizes = []
    with connection.cursor() as cursor:
        for table in BIG_TABLES:
            cursor.execute(f"SELECT COUNT(*), pg_total_relation_size(%s) FROM {table}", [table])
            rows, size = cursor.fetchone()
            sizes.append((table, rows, size))
        cursor.execute("SELECT pg_database_size(current_database())")
        total = cursor.fetchone()[0]
    return sizes, total


def target_counts(project):
    from django.db.models import Count

    from stegvis.participants.models import Enrollment
    from stegvis.progression.models import Measurement

    enrolments = Enrollment.objects.filter(project=project)
    figures = enrolments.aggregate(enrolments=Count("pk"), persons=Count("person", distinct=True))
    figures["measurements"] = Measurement.objects.filter(enrollment__project=project).count()
    return figures


# --- Writing BENCHMARKS.md ----------------------------------------------------------------------


def _seconds(value):
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _mb(value):
    return f"{value / 1e6:,.1f}"


def results_markdown(
    *,
    when,
    machine_line,
    metadata,
    sizes,
    total_size,
    project,
    counts,
    measured,
    page_kind,
    url,
    figures,
    agreed,
    repetitions,
    on,
):
    lines = [
        f"Measured on {when} by `bench/run.py` ({repetitions} timed repetitions after one first run).",
        "",
        f"**Machine**: {machine_line}.",
        "",
        "**Data set**: generated by `bench/large_dataset.py` "
        f"(seed {metadata.get('seed', '?')}, generated relative to {metadata.get('today', '?')}): "
        f"{metadata.get('participants', 0):,} participants in {metadata.get('projects', '?')} projects; "
        f"the target project `{project.code}` has {counts['persons']:,} participants with "
        f"{counts['enrolments']:,} enrolments and {counts['measurements']:,} measurements. "
        f"Database size {total_size / 1e9:.1f} GB.",
        "",
        "| table | rows | size with indexes |",
        "|---|---:|---:|",
    ]
    lines += [f"| `{table}` | {rows:,} | {size / 1e6:,.0f} MB |" for table, rows, size in sizes]
    seconds = metadata.get("seconds", {})
    if seconds:
        lines += [
            "",
            f"**Load time**: {seconds.get('total', 0) / 60:.1f} minutes for the whole load "
            f"(migrations {seconds.get('migrate', 0):.0f} s, staff and projects through the actions "
            f"{seconds.get('world', 0):.0f} s, generating the COPY text {seconds.get('generate', 0):.0f} s, "
            f"COPY {seconds.get('copy', 0):.0f} s, rebuilding the constraints and indexes "
            f"{seconds.get('constraints', 0):.0f} s, VACUUM ANALYZE {seconds.get('analyze', 0):.0f} s), "
            f"loaded {metadata.get('loaded_at', '?')}.",
        ]
    lines += [
        "",
        f"**Results** for `{project.code}` on {on.isoformat()} (seconds; *first* is the first run in a fresh "
        "process, *median* and *min* are of the runs after it; *peak MB* is the peak of Python allocations "
        "(tracemalloc) in a run of its own):",
        "",
        "| what | queries | first s | median s | min s | peak MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for m in measured.values():
        lines.append(
            f"| {m.label} | {m.query_count} | {_seconds(m.first)} | {_seconds(m.median)} | "
            f"{_seconds(m.minimum)} | {_mb(m.peak_bytes)} |"
        )
    report_m, page_m, sql_m = measured["report"], measured["page"], measured["sql"]
    report_nojit = measured["report_nojit"]
    lines += [
        "",
        f"The page timed is the {page_kind}: `GET {url}` as an administrator. "
        f"Peak resident memory of the whole benchmark process: "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB.",
        "",
        f"Median against median, build_report takes {report_m.median / sql_m.median:,.0f} times as long as the "
        f"hand-written query ({report_nojit.median / measured['sql_nojit'].median:,.0f} times with JIT off); "
        f"the page takes {page_m.median:.2f} s against build_report's {report_m.median:.2f} s "
        f"({page_m.median / report_m.median:.2f} times).",
        "",
        "Slowest queries of build_report (last run):",
        "",
    ]
    lines += [f"- {s * 1000:,.0f} ms: `{sql}…`" for s, sql in report_m.slowest_queries()]
    lines += ["", "The same with JIT off:", ""]
    lines += [f"- {s * 1000:,.0f} ms: `{sql}…`" for s, sql in report_nojit.slowest_queries()]
    lines += ["", "Slowest queries of the page (last run):", ""]
    lines += [f"- {s * 1000:,.0f} ms: `{sql}…`" for s, sql in page_m.slowest_queries()]
    lines += [
        "",
        "**Same figures**: "
        + (
            "build_report and the hand-written query agree on every compared figure "
            if agreed
            else "build_report and the hand-written query DISAGREE "
        )
        + f"(enrolments {figures['enrollments']:,}, unique persons {figures['unique_persons']:,}, "
        f"active {figures['active']:,}, exits {figures['exits']['total']:,}, work or studies "
        f"{figures['work_or_studies']['count']:,} ({figures['work_or_studies']['share']}), mean days "
        f"{figures['enrollment_days']['mean']}, median days {figures['enrollment_days']['median']}, "
        f"progression measured {figures['progression']['measured']:,}: positive "
        f"{figures['progression']['positive']:,}, negative {figures['progression']['negative']:,}, "
        f"unchanged {figures['progression']['unchanged']:,}; and every gender, age band and exit reason).",
    ]
    return "\n".join(lines)


def write_benchmarks(text, path=BENCHMARKS, start=START, end=END):
    """Put ``text`` between the markers ``start`` and ``end`` of ``path`` (made from a skeleton when
    missing; markers not there yet are added at the end)."""
    current = path.read_text(encoding="utf-8") if path.exists() else SKELETON
    if start not in current or end not in current:
        current = current.rstrip() + f"\n\n{start}\n{end}\n"
    before, rest = current.split(start, 1)
    _old, after = rest.split(end, 1)
    path.write_text(f"{before}{start}\n{text}\n{end}{after}", encoding="utf-8")


# --- Command line -------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=(
            "Time build_report, the follow-up page and one hand-written SQL query for the benchmark's target "
            "project, check that the figures agree, and write the results to BENCHMARKS.md. DATABASE_URL must "
            "name the database bench/large_dataset.py loaded."
        )
    )
    parser.add_argument("--project", default=TARGET_CODE, help=f"project code (default {TARGET_CODE})")
    parser.add_argument("--repetitions", type=int, default=5, help="timed runs after the first (default 5)")
    parser.add_argument(
        "--no-write", action="store_true", help="print the results, leave BENCHMARKS.md alone"
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    try:
        bench_database(os.environ.get("DATABASE_URL"))
    except Refused as refusal:
        sys.exit(f"run.py: {refusal}")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.utils import timezone

    from bench import handwritten
    from stegvis.organizations.models import Project
    from stegvis.reports.project_report import build_report

    setup_test_environment()  # lets the test client use the host name "testserver"
    # One connection for the whole run: requests of the test client would otherwise close it when
    # CONN_MAX_AGE runs out, dropping per-connection settings and adding connection time.
    connection.settings_dict["CONN_MAX_AGE"] = None
    project = Project.objects.filter(code=args.project).first()
    if project is None:
        sys.exit(f"run.py: no project {args.project!r}; load the data with bench/large_dataset.py first.")
    machine_line = machine()
    on = timezone.localdate()
    client = admin_client()
    url, page_kind = page_url(project.code)
    print(
        f"timing {project.code} on {on} ({args.repetitions} repetitions); page: {url} ({page_kind})",
        flush=True,
    )

    page_label = f"{page_kind.split(' (')[0]} `{url}`"
    ways = [
        ("report", "`build_report(project)`", lambda: build_report(project, on=on)),
        ("page", page_label, lambda: get_page(client, url)),
        ("sql", "hand-written SQL (one query)", lambda: handwritten.core_figures(project, on)),
    ]
    measured = {key: Measured(label, func, args.repetitions) for key, label, func in ways}
    # PostgreSQL compiles expensive queries to machine code (JIT) by default; the report's
    # progression query is long enough for that to cost more than running it, so each way is
    # timed once more with JIT off for this connection.
    with session_setting("jit", "off"):
        for key, label, func in ways:
            measured[f"{key}_nojit"] = Measured(f"{label}, JIT off", func, args.repetitions)
    report, figures = measured["report"].result, measured["sql"].result
    differences = handwritten.differences(report, figures)
    for m in measured.values():
        print(
            f"{m.label:70} queries {m.query_count!s:>5}  first {m.first:8.3f} s  median {m.median:8.3f} s  "
            f"min {m.minimum:8.3f} s  peak {_mb(m.peak_bytes):>8} MB"
        )
    if differences:
        print("\nFIGURES DIFFER (figure: build_report / hand-written SQL):", file=sys.stderr)
        for key, ours, theirs in differences:
            print(f"  {key}: {ours!r} / {theirs!r}", file=sys.stderr)
    else:
        compared = sum(1 for _ in handwritten.flatten(handwritten.report_core(report)))
        print(f"\nbuild_report and the hand-written query agree on all {compared} compared figures.")

    sizes, total_size = table_sizes()
    text = results_markdown(
        when=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        machine_line=machine_line,
        metadata=read_metadata(),
        sizes=sizes,
        total_size=total_size,
        project=project,
        counts=target_counts(project),
        measured=measured,
        page_kind=page_kind,
        url=url,
        figures=figures,
        agreed=not differences,
        repetitions=args.repetitions,
        on=on,
    )
    if args.no_write:
        print("\n" + text)
    else:
        write_benchmarks(text)
        print(f"wrote {BENCHMARKS.relative_to(ROOT)}")
    if differences:
        sys.exit(1)


if __name__ == "__main__":
    main()

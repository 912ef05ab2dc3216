"""Time the project report at a million participants and write the figures to BENCHMARKS.md.

Against the database that ``bench/large_dataset.py`` loaded, for its target project (10,000
participants), each of these is timed several times, on today's date and on a date in the past
(``--on``, default a year ago):

1. ``build_report(project)``: the one computation behind every report page, export and the CLI;
2. the pages built on it, through Django's test client: the monthly follow-up page
   (``reports:followup``) and the project report page (``reports:project_report``) as an
   administrator, and the start page (``home``) of the project's leader (today only: the start
   page has no report date);
3. one hand-written SQL query computing the core figures (``bench/handwritten.py``), the
   yardstick: build_report's time is given as a multiple of it.

The hand-written query's figures must equal build_report's: the script prints the comparison and
exits with status 1 when any figure differs. Peak Python memory is measured with tracemalloc in a
separate run of each (tracemalloc slows Python down, so it is not on while timing).

With ``--other-database URL`` (a second benchmark database, e.g. one loaded with
``--participants 100000`` and the same target project size), build_report is also timed there, in
a process of its own, to show whether a project's report grows with the database or only with
the project.

The numbers go into BENCHMARKS.md between the markers ``<!-- bench:run:start -->`` and
``<!-- bench:run:end -->``; everything else in that file (the interpretation) is kept.

Usage (from the repository root)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stegvis_bench .venv/bin/python bench/run.py
    ... bench/run.py --repetitions 10 --no-write --on 2025-06-30
    ... bench/run.py --other-database postgres://postgres@127.0.0.1:5432/stegvis_bench100k
"""

import argparse
import datetime
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")

from bench.large_dataset import TARGET_CODE, Refused, bench_database, read_metadata  # noqa: E402
from bench.summary import record  # noqa: E402

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


LEADER_USERNAME = "bench.leader"


def leader_client(project):
    """A test client logged in as a project leader of ``project`` made for the benchmark (created once)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from stegvis.organizations.actions import grant_role

    User = get_user_model()
    leader, created = User.objects.get_or_create(
        username=LEADER_USERNAME, defaults={"first_name": "Benchmark"}
    )
    if created:
        leader.set_unusable_password()
        leader.save(update_fields=["password"])
    grant_role(None, leader, role="project_leader", project=project)
    client = Client()
    client.force_login(leader)
    return client


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
    figures,
    agreed,
    repetitions,
    on,
    past,
    other,
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
        f"**Results** for `{project.code}` on {on.isoformat()} and on {past.isoformat()} (seconds; *first* is the "
        "first run in a fresh process, *median* and *min* are of the runs after it; *peak MB* is the peak of "
        "Python allocations (tracemalloc) in a run of its own):",
        "",
        "| what | queries | first s | median s | min s | peak MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for m in measured.values():
        lines.append(
            f"| {m.label} | {m.query_count} | {_seconds(m.first)} | {_seconds(m.median)} | "
            f"{_seconds(m.minimum)} | {_mb(m.peak_bytes)} |"
        )
    lines += [
        "",
        "The pages are fetched as an administrator (the follow-up page shows the current month, or with "
        "`?month=` the month of the past date; the report page takes `?on=`), the start page as the "
        f"project's leader. Peak resident memory of the whole benchmark process: "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB.",
        "",
    ]
    for suffix, when in (("", on), ("_past", past)):
        report_m, sql_m = measured[f"report{suffix}"], measured[f"sql{suffix}"]
        lines.append(
            f"- On {when.isoformat()}, median against median, build_report takes "
            f"{report_m.median / sql_m.median:.2f} times as long as the hand-written query "
            f"({report_m.median:.3f} s against {sql_m.median:.3f} s)."
        )
    core = measured.get("report_core")
    if core:
        lines.append(
            f"- Like for like: the hand-written query computes the report's own figures and the progression "
            f"counts, not the sections other apps add (consent, surveys, ESF+, what works, goals …); "
            f"`build_report` with only the progression section takes {core.median:.3f} s, "
            f"{core.median / measured['sql'].median:.2f} times the hand-written query."
        )
    if other:
        lines.append(
            f"- The same project in the database `{other['database']}` ({other['participants']:,} participants, "
            f"the project with {other['enrollments']:,} enrolments): build_report median {other['median']:.3f} s "
            f"on {other['on']}, against {measured['report'].median:.3f} s here "
            f"({measured['report'].median / other['median']:.2f} times)."
        )
    lines += ["", "Slowest queries of build_report (last run):", ""]
    lines += [f"- {s * 1000:,.0f} ms: `{sql}…`" for s, sql in measured["report"].slowest_queries()]
    lines += [
        "",
        "**Same figures**: "
        + (
            "build_report and the hand-written query agree on every compared figure, on both dates "
            if agreed
            else "build_report and the hand-written query DISAGREE "
        )
        + f"(on {on.isoformat()}: enrolments {figures['enrollments']:,}, unique persons "
        f"{figures['unique_persons']:,}, active {figures['active']:,}, exits {figures['exits']['total']:,}, "
        f"work or studies {figures['work_or_studies']['count']:,} ({figures['work_or_studies']['share']}), "
        f"mean days {figures['enrollment_days']['mean']}, median days {figures['enrollment_days']['median']}, "
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


def _date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from error


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=(
            "Time build_report, the pages built on it (follow-up, project report, the project leader's start "
            "page) and one hand-written SQL query for the benchmark's target project, today and on a past "
            "date; check that the figures agree, and write the results to BENCHMARKS.md. DATABASE_URL must "
            "name a database bench/large_dataset.py loaded."
        )
    )
    parser.add_argument("--project", default=TARGET_CODE, help=f"project code (default {TARGET_CODE})")
    parser.add_argument("--repetitions", type=int, default=5, help="timed runs after the first (default 5)")
    parser.add_argument(
        "--on", type=_date, help="the past report date timed besides today, YYYY-MM-DD (default a year ago)"
    )
    parser.add_argument(
        "--other-database",
        metavar="URL",
        help="a second benchmark database (e.g. 100,000 participants): build_report of the same project "
        "is timed there too, in a process of its own",
    )
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="time only build_report (on --on, default today) and print the result as JSON "
        "(what --other-database runs)",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print the results, leave BENCHMARKS.md alone"
    )
    return parser.parse_args(argv)


def time_other_database(url, args, on):
    """build_report's timing for the same project in another benchmark database, in a process of its own."""
    command = [sys.executable, str(Path(__file__).resolve()), "--report-only", "--project", args.project]
    command += ["--on", on.isoformat()]  # the same report date, even past midnight
    command += ["--repetitions", str(args.repetitions)]
    env = {**os.environ, "DATABASE_URL": url}
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        sys.exit(f"run.py: timing the other database failed:\n{finished.stderr}")
    other = json.loads(finished.stdout.strip().splitlines()[-1])
    if other["on"] != on.isoformat():
        sys.exit("run.py: the other database was timed on another day; run again")
    return other


def dataset_metadata():
    """What the loader recorded on the database; a copy (``CREATE DATABASE ... TEMPLATE``) loses
    that record, so the participants and projects are then counted."""
    from stegvis.organizations.models import Project
    from stegvis.participants.models import Person

    metadata = read_metadata()
    if not metadata:
        metadata = {"participants": Person.objects.count(), "projects": Project.objects.count()}
    return metadata


def report_only(project, repetitions, on):
    """Print build_report's median time (and the sizes) as one line of JSON."""
    from django.db import connection

    from stegvis.reports.project_report import build_report

    m = Measured("build_report", lambda: build_report(project, on=on), repetitions)
    counts = target_counts(project)
    metadata = dataset_metadata()
    print(
        json.dumps(
            {
                "database": connection.settings_dict["NAME"],
                "participants": metadata.get("participants", 0),
                "enrollments": counts["enrolments"],
                "on": on.isoformat(),
                "median": m.median,
                "first": m.first,
                "queries": m.query_count,
            }
        )
    )


def main(argv=None):
    args = parse_args(argv)
    try:
        bench_database(os.environ.get("DATABASE_URL"))
        if args.other_database:
            bench_database(args.other_database)
    except Refused as refusal:
        sys.exit(f"run.py: {refusal}")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from bench import handwritten
    from stegvis.organizations.models import Project
    from stegvis.reports.project_report import build_report

    setup_test_environment()  # lets the test client use the host name "testserver"
    # The benchmark users log in without a second factor (the clients force the login); the pages
    # timed are the same, the two-factor redirect would only hide them.
    settings.STEGVIS_REQUIRE_2FA = False
    # Static files from the apps' folders (as the tests do), so no collectstatic is needed first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # One connection for the whole run: requests of the test client would otherwise close it when
    # CONN_MAX_AGE runs out, dropping per-connection settings and adding connection time.
    connection.settings_dict["CONN_MAX_AGE"] = None
    project = Project.objects.filter(code=args.project).first()
    if project is None:
        sys.exit(f"run.py: no project {args.project!r}; load the data with bench/large_dataset.py first.")
    on = timezone.localdate()
    if args.report_only:  # with --on as the report date (what time_other_database passes)
        report_only(project, args.repetitions, args.on or on)
        return
    past = args.on or on.replace(year=on.year - 1, day=min(on.day, 28))
    machine_line = machine()
    admin, leader = admin_client(), leader_client(project)
    followup_url = reverse("reports:followup", kwargs={"code": project.code})
    report_url = reverse("reports:project_report", kwargs={"code": project.code})
    home_url = reverse("home")
    print(f"timing {project.code} on {on} and {past} ({args.repetitions} repetitions)", flush=True)

    ways = [
        ("report", "`build_report(project)`", lambda: build_report(project, on=on)),
        ("report_past", f"`build_report(project, on={past})`", lambda: build_report(project, on=past)),
        (
            "report_core",
            "`build_report(project, sections=['progression'])`: no other app's sections",
            lambda: build_report(project, on=on, sections=["progression"]),
        ),
        ("followup", f"follow-up page `{followup_url}`", lambda: get_page(admin, followup_url)),
        (
            "followup_past",
            f"follow-up page `{followup_url}?month={past:%Y-%m}`",
            lambda: get_page(admin, f"{followup_url}?month={past:%Y-%m}"),
        ),
        ("page", f"report page `{report_url}`", lambda: get_page(admin, report_url)),
        (
            "page_past",
            f"report page `{report_url}?on={past}`",
            lambda: get_page(admin, f"{report_url}?on={past.isoformat()}"),
        ),
        ("home", f"project leader's start page `{home_url}`", lambda: get_page(leader, home_url)),
        ("sql", "hand-written SQL (one query)", lambda: handwritten.core_figures(project, on)),
        (
            "sql_past",
            f"hand-written SQL (one query), on {past}",
            lambda: handwritten.core_figures(project, past),
        ),
    ]
    measured = {}
    for key, label, func in ways:
        measured[key] = Measured(label, func, args.repetitions)
        m = measured[key]
        print(
            f"{m.label:70} queries {m.query_count!s:>5}  first {m.first:8.3f} s  median {m.median:8.3f} s  "
            f"min {m.minimum:8.3f} s  peak {_mb(m.peak_bytes):>8} MB",
            flush=True,
        )
    differences = []
    for suffix in ("", "_past"):
        report, figures = measured[f"report{suffix}"].result, measured[f"sql{suffix}"].result
        differences += handwritten.differences(report, figures)
    for suffix in ("", "_past"):
        ratio = measured[f"report{suffix}"].median / measured[f"sql{suffix}"].median
        print(f"build_report / hand-written{suffix or ''}: {ratio:.2f}")
    if differences:
        print("\nFIGURES DIFFER (figure: build_report / hand-written SQL):", file=sys.stderr)
        for key, ours, theirs in differences:
            print(f"  {key}: {ours!r} / {theirs!r}", file=sys.stderr)
    else:
        compared = sum(1 for _ in handwritten.flatten(handwritten.report_core(measured["report"].result)))
        print(
            f"\nbuild_report and the hand-written query agree on all {compared} compared figures, on both dates."
        )
    other = time_other_database(args.other_database, args, on) if args.other_database else None
    if other:
        print(
            f"other database {other['database']}: build_report median {other['median']:.3f} s, "
            f"here {measured['report'].median:.3f} s ({measured['report'].median / other['median']:.2f} times)"
        )

    record(
        "report",
        {
            **{key: {"median": m.median, "queries": m.query_count} for key, m in measured.items()},
            "other": other and {"database": other["database"], "median": other["median"]},
            "agreed": not differences,
        },
    )
    sizes, total_size = table_sizes()
    text = results_markdown(
        when=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        machine_line=machine_line,
        metadata=dataset_metadata(),
        sizes=sizes,
        total_size=total_size,
        project=project,
        counts=target_counts(project),
        measured=measured,
        figures=measured["sql"].result,
        agreed=not differences,
        repetitions=args.repetitions,
        on=on,
        past=past,
        other=other,
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

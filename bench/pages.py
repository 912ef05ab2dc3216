"""Time the staff pages through the production server and write the figures to BENCHMARKS.md.

Two modes:

- **At a million participants** (default): against the PostgreSQL database that
  ``bench/large_dataset.py`` loaded (its name must contain "bench"; use a copy of your own). The
  script picks realistic users from the data: an administrator it makes (``bench.pages.admin``),
  the coordinator with the largest active caseload in the target project, and the target
  project's leader. It sets a password for those three (the loader gives every account an
  unusable one), so run it on a benchmark copy only. Pages: the start page, the participant list
  without and with a name or personnummer search, a participant page, the worklist, the
  what-works page and the audit log (each for the roles that may open it).
- **Demo size** (``--demo``): against a copy of a SQLite database that ``stegvis demo-data``
  filled (``DATABASE_URL=sqlite:///…`` or ``$STEGVIS_VAR_DIR/stegvis.sqlite3``). Every page of
  the URL map (``stegvis/core/tests/url_map.py`` with each app's ``tests/url_access.py``) that an
  administrator, a project leader or a coordinator may open is timed for that role; the demo's
  own accounts log in with the demo password. The test world's names are mapped to the demo's
  (Kungsbacka, Helhetslyftet, a participant of the coordinator's); a page whose arguments need
  something the demo does not have is listed as not reached.

Each page is fetched over HTTP from ``stegvis serve`` (gunicorn, DEBUG off) started by the
script on a free port, logged in through the login form, first ``--warmup`` times and then
``--repetitions`` times in a row; the median and the 95th percentile of those are reported.
The number of queries per page is counted in this process with Django's test client and
``CaptureQueriesContext`` (one request, after the timed ones), so it includes the audit
entries the page writes. Two-factor login is not asked for (``STEGVIS_REQUIRE_2FA=0``) and
the session cookie is sent over plain HTTP (``STEGVIS_SECURE_COOKIES=0``): the server listens
on 127.0.0.1 only.

The results go into BENCHMARKS.md between ``<!-- bench:pages:start -->`` and
``<!-- bench:pages:end -->`` (``--demo``: ``<!-- bench:pages-demo:start -->`` …).

Usage (from the repository root)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stegvis_bench_copy .venv/bin/python bench/pages.py
    STEGVIS_VAR_DIR=/path/to/demo .venv/bin/python bench/pages.py --demo
    ... bench/pages.py --repetitions 10 --only "deltagarlista" --no-write
"""

import argparse
import datetime
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")

from bench.demo_data import machine_summary, stegvis_command  # noqa: E402
from bench.large_dataset import TARGET_CODE, Refused, bench_database  # noqa: E402
from bench.run import BENCHMARKS, write_benchmarks  # noqa: E402
from bench.summary import record  # noqa: E402

MARKERS = {
    False: ("<!-- bench:pages:start -->", "<!-- bench:pages:end -->"),
    True: ("<!-- bench:pages-demo:start -->", "<!-- bench:pages-demo:end -->"),
}
TARGETS = {False: (30, 50), True: (150, 150)}  # (median ms, p95 ms)
BENCH_PASSWORD = "bench-pages-2026!"  # noqa: S105 (a benchmark copy's throwaway accounts)
ADMIN_USERNAME = "bench.pages.admin"


@dataclass
class Page:
    role: str
    label: str
    url: str
    seconds: list = field(default_factory=list)
    queries: int | None = None
    status: int | None = None
    note: str = ""

    @property
    def median_ms(self):
        return statistics.median(self.seconds) * 1000

    @property
    def p95_ms(self):
        ordered = sorted(self.seconds)
        return ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000

    @property
    def max_ms(self):
        return max(self.seconds) * 1000


# --- Who logs in, and which pages ---------------------------------------------------------------


def _bench_user(username):
    """The account ``username`` with the benchmark's password (a benchmark copy only)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    if not user.check_password(BENCH_PASSWORD):
        user.set_password(BENCH_PASSWORD)
        user.save(update_fields=["password"])
    return user


def large_users(project):
    """An administrator (made once), the busiest coordinator of ``project`` and its leader."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from stegvis.organizations.actions import grant_role
    from stegvis.participants.models import Enrollment

    User = get_user_model()
    admin, _created = User.objects.get_or_create(
        username=ADMIN_USERNAME, defaults={"first_name": "Benchmark", "last_name": "Administratör"}
    )
    grant_role(None, admin, role="administrator")
    busiest = (
        Enrollment.objects.filter(project=project, end_date__isnull=True, coordinator__isnull=False)
        .values("coordinator")
        .annotate(n=Count("pk"))
        .order_by("-n", "coordinator")
        .first()
    )
    coordinator = User.objects.get(pk=busiest["coordinator"])
    leader = User.objects.filter(staff_roles__role="project_leader", staff_roles__project=project).first()
    return {
        "administratör": _bench_user(admin.username),
        "koordinator": _bench_user(coordinator.username),
        "projektledare": _bench_user(leader.username),
    }


def _pnr_typed(number):
    return f"{number[:8]}-{number[8:]}"


def coordinators_participant(coordinator, project):
    """One of the coordinator's active participants in ``project`` who has a personnummer (the
    first by id, so every run searches for the same person)."""
    from stegvis.participants.models import Enrollment

    return (
        Enrollment.objects.filter(project=project, coordinator=coordinator, end_date__isnull=True)
        .exclude(person__personnummer__isnull=True)
        .select_related("person")
        .order_by("pk")
        .first()
        .person
    )


def large_pages(users, project):
    """The pages of the issue's target, per role, with search terms taken from the data."""
    from django.db.models import Count
    from django.urls import reverse

    from stegvis.participants.models import Person

    coordinator = users["koordinator"]
    own = coordinators_participant(coordinator, project)
    elsewhere = (
        Person.objects.filter(personnummer__isnull=False, enrollments__project=project)
        .exclude(enrollments__coordinator=coordinator)
        .order_by("pk")
        .first()
    )
    common_surname = (
        Person.objects.exclude(last_name="")
        .values("last_name")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["last_name"]
    )
    list_url = reverse("participants:list")

    def search(text):
        return f"{list_url}?{urlencode({'q': text})}"

    what_works = reverse("reports:what_works", kwargs={"code": project.code})
    pages = []
    for role, person in (
        ("administratör", elsewhere),
        ("koordinator", own),
        ("projektledare", elsewhere),
    ):
        pages += [
            Page(role, "start page", reverse("home")),
            Page(role, "participant list", list_url),
            Page(role, "list, name search (full name)", search(f"{person.first_name} {person.last_name}")),
            Page(role, f"list, name search ({common_surname})", search(common_surname)),
            Page(role, "list, personnummer search", search(_pnr_typed(person.personnummer))),
            Page(role, "participant page", reverse("participants:detail", args=[person.pk])),
            Page(role, "worklist (own)", reverse("worklist:index")),
        ]
        if role != "koordinator":
            pages.append(Page(role, f"what works ({project.code})", what_works))
    pages.append(
        Page("projektledare", "worklist (all the project)", f"{reverse('worklist:index')}?scope=alla")
    )
    pages.append(Page("administratör", "audit log", reverse("audit:list")))
    return pages


@dataclass
class DemoWorld:
    """The test world's names (``stegvis.testing.World``) mapped onto the demo's records."""

    orgs: dict
    projects: dict
    users: dict
    persons: dict
    enrollments: dict


DEMO_ROLES = {"admin": "administratör", "leader": "projektledare", "coord_kba": "koordinator"}
DEMO_ACCOUNTS = {"admin": "admin", "leader": "projektledare", "coord_kba": "koordinator"}


def demo_world():
    from django.contrib.auth import get_user_model

    from stegvis.organizations.models import Organization, Project
    from stegvis.participants.models import Enrollment

    User = get_user_model()
    users = {key: User.objects.get(username=name) for key, name in DEMO_ACCOUNTS.items()}
    coordinator_role = users["coord_kba"].staff_roles.get(role="coordinator")
    organization = Organization.objects.get(pk=coordinator_role.organization_id)
    project = Project.objects.get(pk=coordinator_role.project_id)
    enrollment = (
        Enrollment.objects.filter(
            project=project, organization=organization, coordinator=users["coord_kba"], end_date__isnull=True
        )
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return DemoWorld(
        orgs={"kungsbacka": organization},
        projects={"helhetslyftet": project},
        users=users,
        persons={"anna": enrollment.person},
        enrollments={"anna": enrollment},
    )


def demo_pages(world):
    """Every page of the URL map that the admin, the leader or the coordinator may open."""
    from stegvis.core.tests.roles import LOGIN, OK
    from stegvis.core.tests.test_url_access import EXPECTED
    from stegvis.core.tests.url_map import url_for

    pages, unreached = [], []
    for name, (_kwargs, statuses) in sorted(EXPECTED.items()):
        if statuses.get("anonymous") != LOGIN or "logout" in name:
            continue  # public pages and leaving are not staff pages
        for key, role in DEMO_ROLES.items():
            if statuses.get(key) != OK:
                continue
            try:
                url = url_for(EXPECTED, name, world)
            except Exception as exc:  # noqa: BLE001 (an argument the demo cannot give: reported, not fatal)
                unreached.append((role, name, f"{type(exc).__name__}: {exc}"))
                continue
            pages.append(Page(role, f"`{name}`", url))
    return pages, unreached


# --- Counting queries in this process -----------------------------------------------------------


def count_queries(pages, users):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for page in pages:
        client = clients.get(page.role)
        if client is None:
            client = clients[page.role] = Client()
            client.force_login(users[page.role])
        client.get(page.url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page.url)
        page.queries = len(captured.captured_queries)
        if response.status_code != 200:
            page.note = ", ".join(filter(None, [page.note, f"in-process status {response.status_code}"]))


# --- The server and the timing ------------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env, port, workers, log):
    command = [*stegvis_command(), "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    import requests

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.flush()
            tail = Path(log.name).read_text(errors="replace")[-2000:]
            raise SystemExit(f"pages.py: stegvis serve stopped (exit {process.returncode}):\n{tail}")
        try:
            if requests.get(f"http://127.0.0.1:{port}/halsa/", timeout=2).status_code == 200:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.5)
    process.terminate()
    raise SystemExit("pages.py: stegvis serve did not answer within two minutes")


def login(base, username, password):
    import requests

    session = requests.Session()
    session.get(f"{base}/logga-in/", timeout=30)
    token = session.cookies.get("csrftoken")
    response = session.post(
        f"{base}/logga-in/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/logga-in/"},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        raise SystemExit(f"pages.py: {username} could not log in (status {response.status_code})")
    return session


def time_pages(base, pages, sessions, warmup, repetitions, budget, progress=print):
    """Time every page; a page slower than ``budget`` seconds in all stops early (three requests at least)."""
    for page in pages:
        session = sessions[page.role]
        url = base + page.url
        for _n in range(warmup):
            session.get(url, timeout=300)
        for _n in range(repetitions):
            started = time.perf_counter()
            response = session.get(url, timeout=300)
            page.seconds.append(time.perf_counter() - started)
            page.status = response.status_code
            if sum(page.seconds) > budget and len(page.seconds) >= 3:
                page.note = f"stopped after {len(page.seconds)} requests ({budget:.0f} s)"
                break
        progress(
            f"{page.role:14} {page.label:45.45} {page.status} median {page.median_ms:7.1f} ms  "
            f"p95 {page.p95_ms:7.1f} ms  queries {page.queries}",
        )


# --- Writing BENCHMARKS.md ----------------------------------------------------------------------


def results_markdown(*, demo, pages, unreached, when, machine_line, data_line, repetitions, warmup, workers):
    median_target, p95_target = TARGETS[demo]
    lines = [
        f"Measured on {when} by `bench/pages.py{' --demo' if demo else ''}` ({repetitions} timed requests per "
        f"page after {warmup} not timed, one after the other, through `stegvis serve` with {workers} workers, "
        "DEBUG off).",
        "",
        f"**Machine**: {machine_line}.",
        "",
        f"**Data**: {data_line}",
        "",
    ]
    if demo:
        lines.append(f"Target: every page under {median_target} ms.")
    else:
        lines.append(f"Target: median under {median_target} ms and 95th percentile under {p95_target} ms.")
    lines += [
        "",
        "| role | page | queries | median ms | p95 ms | max ms | status | met |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    met = 0
    for page in pages:
        ok = page.status == 200 and page.median_ms < median_target and page.p95_ms < p95_target
        met += ok
        lines.append(
            f"| {page.role} | {page.label} | {page.queries if page.queries is not None else '?'} | "
            f"{page.median_ms:,.1f} | {page.p95_ms:,.1f} | {page.max_ms:,.1f} | {page.status} | "
            f"{'yes' if ok else '**no**'}{' (' + page.note + ')' if page.note else ''} |"
        )
    lines += ["", f"{met} of {len(pages)} pages within the target."]
    if unreached:
        lines += ["", "Not reached (the page's arguments need records the demo does not have):", ""]
        lines += [f"- {role}: `{name}` ({why})" for role, name, why in unreached]
    return "\n".join(lines)


def data_description(demo, project):
    from django.db import connection

    from stegvis.participants.models import Enrollment, Person

    persons = Person.objects.count()
    enrollments = Enrollment.objects.count()
    if demo:
        size = Path(connection.settings_dict["NAME"]).stat().st_size
        return (
            f"a copy of a `stegvis demo-data` database (SQLite): {persons:,} persons, {enrollments:,} "
            f"enrolments, {size / 1e6:,.0f} MB."
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        size = cursor.fetchone()[0]
    return (
        f"a copy of the `bench/large_dataset.py` database: {persons:,} persons, {enrollments:,} enrolments, "
        f"target project `{project.code}`; database size {size / 1e9:.1f} GB."
    )


# --- Command line -------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--demo", action="store_true", help="every staff page on a copy of a demo SQLite database"
    )
    parser.add_argument("--project", default=TARGET_CODE, help=f"target project (default {TARGET_CODE})")
    parser.add_argument("--repetitions", type=int, help="timed requests per page (default 30; --demo 10)")
    parser.add_argument("--warmup", type=int, default=2, help="requests per page before timing (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument(
        "--budget", type=float, default=60, help="seconds of timed requests per page at most (default 60)"
    )
    parser.add_argument("--only", default="", help="time only pages whose label or address contains this")
    parser.add_argument(
        "--no-write", action="store_true", help="print the results, leave BENCHMARKS.md alone"
    )
    return parser.parse_args(argv)


def _demo_copy(tmp):
    """Copy the demo database into ``tmp`` and point this process at the copy."""
    url = os.environ.get("DATABASE_URL", "")
    if url and not url.startswith("sqlite:"):
        raise SystemExit("pages.py --demo: DATABASE_URL must name a SQLite database (or leave it unset)")
    source = Path(url.removeprefix("sqlite:///")) if url else None
    if source is None:
        var_dir = Path(os.environ.get("STEGVIS_VAR_DIR", ROOT / "var"))
        source = var_dir / "stegvis.sqlite3"
        for name in ("secret_key",):
            if (var_dir / name).exists():
                shutil.copy(var_dir / name, tmp / name)
    if not source.exists():
        raise SystemExit(f"pages.py --demo: no database at {source}; run `stegvis demo-data` first")
    copy = tmp / "stegvis.sqlite3"
    shutil.copy(source, copy)
    os.environ["DATABASE_URL"] = f"sqlite:///{copy}"
    os.environ["STEGVIS_VAR_DIR"] = str(tmp)


def main(argv=None):
    args = parse_args(argv)
    # Stopped with SIGTERM, still stop the server and remove the temporary folder (finally below).
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    repetitions = args.repetitions or (10 if args.demo else 30)
    tmp = Path(tempfile.mkdtemp(prefix="stegvis-pages-"))
    server = None
    try:
        if args.demo:
            _demo_copy(tmp)
        else:
            try:
                bench_database(os.environ.get("DATABASE_URL"))
            except Refused as refusal:
                sys.exit(f"pages.py: {refusal}")
            os.environ.setdefault("STEGVIS_VAR_DIR", str(tmp))
        os.environ["STEGVIS_DEBUG"] = "0"
        os.environ["STEGVIS_REQUIRE_2FA"] = "0"
        os.environ["STEGVIS_SECURE_COOKIES"] = "0"
        import django

        django.setup()
        from django.test.utils import setup_test_environment

        from bench.run import machine
        from stegvis.organizations.models import Project

        setup_test_environment()  # the test client's host name "testserver"
        if args.demo:
            from django.core.management import call_command

            call_command("migrate", verbosity=0)  # the copy, to the schema of this checkout
            world = demo_world()
            users = {DEMO_ROLES[key]: user for key, user in world.users.items()}
            passwords = dict.fromkeys(users, _demo_password())
            pages, unreached = demo_pages(world)
            project = world.projects["helhetslyftet"]
            machine_line = machine_summary()
        else:
            project = Project.objects.get(code=args.project)
            users = large_users(project)
            passwords = dict.fromkeys(users, BENCH_PASSWORD)
            pages, unreached = large_pages(users, project), []
            machine_line = machine()
        if args.only:
            pages = [p for p in pages if args.only in p.label or args.only in p.url]
        data_line = data_description(args.demo, project)
        print(f"{len(pages)} pages; {data_line}", flush=True)

        port = free_port()
        log = (tmp / "serve.log").open("w")
        server = start_server({**os.environ}, port, args.workers, log)
        base = f"http://127.0.0.1:{port}"
        sessions = {role: login(base, user.get_username(), passwords[role]) for role, user in users.items()}
        time_pages(
            base,
            pages,
            sessions,
            args.warmup,
            repetitions,
            args.budget,
            progress=lambda line: print(line, flush=True),
        )
        count_queries(pages, users)
        record(
            "pages-demo" if args.demo else "pages",
            [
                {
                    "role": p.role,
                    "label": p.label,
                    "median_ms": p.median_ms,
                    "p95_ms": p.p95_ms,
                    "queries": p.queries,
                    "status": p.status,
                }
                for p in pages
            ],
        )
        text = results_markdown(
            demo=args.demo,
            pages=pages,
            unreached=unreached,
            when=datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            machine_line=machine_line,
            data_line=data_line,
            repetitions=repetitions,
            warmup=args.warmup,
            workers=args.workers,
        )
        if args.no_write:
            print("\n" + text)
        else:
            start, end = MARKERS[args.demo]
            write_benchmarks(text, BENCHMARKS, start, end)
            print(f"wrote {BENCHMARKS.relative_to(ROOT)}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


def _demo_password():
    from stegvis.demo.content import DEMO_PASSWORD

    return DEMO_PASSWORD


if __name__ == "__main__":
    main()

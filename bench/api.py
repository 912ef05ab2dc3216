"""Time the API's list endpoints at a million participants and write the figures to BENCHMARKS.md.

Against the PostgreSQL database ``bench/large_dataset.py`` loaded (its name must contain "bench").
The users are those of ``bench/pages.py`` (an administrator it makes, the busiest coordinator of
the target project, its leader); each gets an API token made through ``create_token``. Each
endpoint is fetched over HTTP from ``stegvis serve`` (gunicorn, DEBUG off) on a free port with the
token, ``--warmup`` times and then ``--repetitions`` times in a row; the median and the 95th
percentile are reported, with the number of queries per request counted in this process (Django's
test client, one request after the timed ones, the token's "last used" write excluded). Every
request of a list of persons or enrolments writes its audit entries, as in use.

The target (issue: list endpoints at 1,000,000 participants) is a 95th percentile under 50 ms.
The rate limit is raised for the run (``STEGVIS_API_RATE``): the benchmark is one client asking
fast on purpose.

Usage (from the repository root)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stegvis_bench .venv/bin/python bench/api.py
    ... bench/api.py --repetitions 50 --only persons --no-write
"""

import argparse
import base64
import datetime
import os
import signal
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")

from bench.large_dataset import TARGET_CODE, Refused, bench_database  # noqa: E402
from bench.pages import (  # noqa: E402
    Page,
    coordinators_participant,
    data_description,
    free_port,
    large_users,
    start_server,
)
from bench.run import BENCHMARKS, write_benchmarks  # noqa: E402
from bench.summary import record  # noqa: E402

START, END = "<!-- bench:api:start -->", "<!-- bench:api:end -->"
P95_TARGET_MS = 50


def endpoints(users, project):
    """The list endpoints per role, with filters and a deep cursor taken from the data."""
    from django.urls import reverse

    from stegvis.participants.models import Person

    person = coordinators_participant(users["koordinator"], project)
    persons, enrollments = reverse("api:person-list"), reverse("api:enrollment-list")

    def at(url, **params):
        return f"{url}?{urlencode(params)}" if params else url

    deep = Person.objects.order_by("pk").values_list("pk", flat=True)[500_000]
    pages = []
    for role in ("administratör", "projektledare", "koordinator"):
        pages += [
            Page(role, "persons, first page (100)", at(persons)),
            Page(role, "persons, 1000 a page", at(persons, limit=1000)),
            Page(role, "persons, name search", at(persons, q=f"{person.first_name} {person.last_name}")),
            Page(role, "persons, personnummer search", at(persons, q=person.personnummer)),
            Page(role, "enrollments, first page (100)", at(enrollments)),
            Page(
                role,
                f"enrollments of {project.code}, active",
                at(enrollments, project=project.code, active="true"),
            ),
            Page(role, "projects", reverse("api:project-list")),
            Page(role, "organizations", reverse("api:organization-list")),
            Page(role, "need groups", reverse("api:need-group-list")),
        ]
    pages.append(Page("administratör", "persons, a page half-way (cursor)", f"deep:{deep}"))
    return pages


def _resolve_deep(pages):
    """A cursor half-way through the persons, as a client paging through everything would hold one
    (DRF's cursor is the base64 of ``p=<position>``, the last id of the page before)."""
    for page in pages:
        if page.url.startswith("deep:"):
            position = page.url.removeprefix("deep:")
            cursor = base64.b64encode(f"p={position}".encode()).decode()
            page.url = f"/api/v1/persons/?{urlencode({'cursor': cursor})}"


def tokens_for(users):
    from stegvis.api.actions import create_token

    return {
        role: create_token(None, user, name="bench/api.py", expires_in_days=1)[1]
        for role, user in users.items()
    }


def time_endpoints(base, pages, tokens, warmup, repetitions, progress=print):
    import requests

    sessions = {}
    for role, token in tokens.items():
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        sessions[role] = session
    for page in pages:
        session, url = sessions[page.role], base + page.url
        for _n in range(warmup):
            session.get(url, timeout=300)
        for _n in range(repetitions):
            started = time.perf_counter()
            response = session.get(url, timeout=300)
            page.seconds.append(time.perf_counter() - started)
            page.status = response.status_code
        progress(
            f"{page.role:14} {page.label:45.45} {page.status} median {page.median_ms:7.1f} ms  "
            f"p95 {page.p95_ms:7.1f} ms"
        )


def count_queries(pages, tokens):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for page in pages:
        client = Client(HTTP_AUTHORIZATION=f"Bearer {tokens[page.role]}")
        client.get(page.url)
        with CaptureQueriesContext(connection) as captured:
            client.get(page.url)
        page.queries = len(captured.captured_queries)


def results_markdown(pages, when, machine_line, data_line, repetitions, warmup, workers):
    lines = [
        f"Measured on {when} by `bench/api.py` ({repetitions} timed requests per endpoint after {warmup} not "
        f"timed, one after the other, through `stegvis serve` with {workers} workers, DEBUG off, a bearer token "
        "per role).",
        "",
        f"**Machine**: {machine_line}.",
        "",
        f"**Data**: {data_line}",
        "",
        f"Target: 95th percentile under {P95_TARGET_MS} ms for every list endpoint.",
        "",
        "| role | endpoint | queries | median ms | p95 ms | max ms | status | met |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    met = 0
    for page in pages:
        ok = page.status == 200 and page.p95_ms < P95_TARGET_MS
        met += ok
        lines.append(
            f"| {page.role} | {page.label} | {page.queries if page.queries is not None else '?'} | "
            f"{page.median_ms:,.1f} | {page.p95_ms:,.1f} | {page.max_ms:,.1f} | {page.status} | "
            f"{'yes' if ok else '**no**'} |"
        )
    lines += ["", f"{met} of {len(pages)} endpoints within the target."]
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", default=TARGET_CODE, help=f"target project (default {TARGET_CODE})")
    parser.add_argument(
        "--repetitions", type=int, default=40, help="timed requests per endpoint (default 40)"
    )
    parser.add_argument(
        "--warmup", type=int, default=3, help="requests per endpoint before timing (default 3)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--only", default="", help="time only endpoints whose label or address contains this")
    parser.add_argument(
        "--no-write", action="store_true", help="print the results, leave BENCHMARKS.md alone"
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    tmp = Path(tempfile.mkdtemp(prefix="stegvis-api-"))
    server = None
    try:
        try:
            bench_database(os.environ.get("DATABASE_URL"))
        except Refused as refusal:
            sys.exit(f"api.py: {refusal}")
        os.environ.setdefault("STEGVIS_VAR_DIR", str(tmp))
        os.environ["STEGVIS_DEBUG"] = "0"
        os.environ["STEGVIS_API_RATE"] = "100000/min"
        import django

        django.setup()
        from django.core.management import call_command
        from django.test.utils import setup_test_environment

        from bench.run import machine
        from stegvis.organizations.models import Project

        setup_test_environment()
        call_command("migrate", verbosity=0)  # the API's token table, on a database loaded before it
        project = Project.objects.get(code=args.project)
        users = large_users(project)
        pages = endpoints(users, project)
        if args.only:
            pages = [p for p in pages if args.only in p.label or args.only in p.url]
        tokens = tokens_for(users)
        data_line = data_description(False, project)
        print(f"{len(pages)} endpoints; {data_line}", flush=True)
        port = free_port()
        log = (tmp / "serve.log").open("w")
        server = start_server({**os.environ}, port, args.workers, log)
        base = f"http://127.0.0.1:{port}"
        _resolve_deep(pages)
        time_endpoints(
            base, pages, tokens, args.warmup, args.repetitions, lambda line: print(line, flush=True)
        )
        count_queries(pages, tokens)
        record(
            "api",
            [
                {
                    "role": p.role,
                    "label": p.label,
                    "median_ms": p.median_ms,
                    "p95_ms": p.p95_ms,
                    "queries": p.queries,
                }
                for p in pages
            ],
        )
        text = results_markdown(
            pages,
            datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            machine(),
            data_line,
            args.repetitions,
            args.warmup,
            args.workers,
        )
        if args.no_write:
            print("\n" + text)
        else:
            write_benchmarks(text, BENCHMARKS, START, END)
            print(f"wrote {BENCHMARKS.relative_to(ROOT)}")
    finally:
        if server is not None:
            server.terminate()


if __name__ == "__main__":
    main()

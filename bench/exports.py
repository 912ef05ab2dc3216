"""Time the project report's downloads: the spreadsheet (XLSX) and the final-report draft (DOCX).

A download is ``build_report`` followed by the export: laying the report out as tables and
writing the file (``stegvis.reports.exports.render.render``). This script times the two apart
and together, for each format, so the export's own share can be judged apart from the report
(``bench/run.py`` times ``build_report`` on its own):

1. ``build_report(project)``, once per format (the time a download spends before the export);
2. the export from a report built beforehand: the tables, the file (charts and document);
3. the whole download without the web layer: ``build_report`` and the export in one go;
4. with ``--views``, the download through Django's test client as an administrator (access,
   parameters, audit entry, response). That writes an audit entry (and the benchmark's
   administrator), so it runs in a transaction that is rolled back; use it on a copy of the
   benchmark database, never on the one others read.

Each is run once (*first*, cold caches) and then ``--repetitions`` times (*median*, *min*), with
the number of queries and the file's size. The results go into BENCHMARKS.md between the markers
``<!-- bench:exports:start -->`` and ``<!-- bench:exports:end -->`` (with ``--no-write`` they are
only printed). The machine, the load average and the timing helpers are those of ``bench/run.py``.

Usage (from the repository root)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/stegvis_bench .venv/bin/python bench/exports.py
    ... bench/exports.py --repetitions 10 --no-write
    .venv/bin/python bench/exports.py --demo --project helhetslyftet   # the demo data (SQLite), printed only
"""

import argparse
import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# bench.sections sets the settings module and lets the benchmark's administrator in without two factors.
from bench.sections import add_common_arguments, measure, publish, start  # noqa: E402
from bench.summary import record  # noqa: E402

START, END = "<!-- bench:exports:start -->", "<!-- bench:exports:end -->"
# The targets for the whole download of the 10,000-participant project, in seconds.
TARGETS = {"xlsx": 1.0, "docx": 2.0}


def ways(project, on, views):
    """``[(format, label, func)]``: everything this script times, in the order of the table."""
    from stegvis.reports.exports.facts import organization_names
    from stegvis.reports.exports.formats import DOCX, XLSX
    from stegvis.reports.exports.render import export_tables, render
    from stegvis.reports.project_report import build_report

    report = build_report(project, on=on)
    names = organization_names(project)
    found = [("tables", "export tables (every registered table)", lambda: export_tables(report, names))]
    for fmt in (XLSX, DOCX):
        found += [
            (fmt, f"{fmt.upper()}: build_report", lambda: build_report(project, on=on)),
            (
                fmt,
                f"{fmt.upper()}: export (tables and file) from the report",
                lambda fmt=fmt: render(fmt, report, names),
            ),
            (
                fmt,
                f"{fmt.upper()}: whole download without the web layer",
                lambda fmt=fmt: render(fmt, build_report(project, on=on), organization_names(project)),
            ),
        ]
    if views:
        from django.urls import reverse

        from bench.run import admin_client

        client = admin_client()
        for fmt, name in ((XLSX, "project_report_xlsx"), (DOCX, "final_report_docx")):
            url = reverse(f"reports:{name}", kwargs={"code": project.code}) + f"?on={on.isoformat()}"
            found.append((fmt, f"{fmt.upper()}: download `{url}`", lambda url=url: _download(client, url)))
    return found


def _download(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"exports.py: GET {url} answered {response.status_code}, not 200")
    return response.content


def _ms(seconds):
    return f"{seconds * 1000:,.0f}"


def _size(result):
    return f"{len(result) / 1024:,.0f} KB" if isinstance(result, bytes) else ""


def results_markdown(machine_line, project, on, measured, repetitions):
    when = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    lines = [
        f"Measured on {when} by `bench/exports.py` ({repetitions} timed repetitions after one first run).",
        "",
        f"**Machine**: {machine_line}.",
        "",
        f"**Results** for `{project.code}` on {on.isoformat()} (milliseconds; *first* is the first run in the "
        "process, *median* and *min* are of the runs after it). *export* renders a report built beforehand: "
        "the time a download spends after `build_report` returns. *whole download* is `build_report` and the "
        "export together; *download* rows (with `--views`) go through the view as an administrator.",
        "",
        "| what | queries | size | first ms | median ms | min ms | target ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for fmt, m in measured:
        target = TARGETS.get(fmt) if "whole" in m.label or "download `" in m.label else None
        lines.append(
            f"| {m.label} | {m.query_count} | {_size(m.result)} | {_ms(m.first)} | {_ms(m.median)} | "
            f"{_ms(m.minimum)} | {_ms(target) if target else ''} |"
        )
    return "\n".join(lines)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=(
            "Time the XLSX and DOCX downloads of a project's report, split into build_report and the export, "
            "and write the results to BENCHMARKS.md. DATABASE_URL must name the database bench/large_dataset.py "
            "loaded (or give --demo)."
        )
    )
    parser.add_argument(
        "--views",
        action="store_true",
        help="also time the downloads through the views (writes an audit entry, rolled back: use a copy)",
    )
    return add_common_arguments(parser).parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    project, on, machine_line = start(args, "exports.py")
    from django.db import transaction

    print(f"timing {project.code} on {on} ({args.repetitions} repetitions)", flush=True)
    with transaction.atomic():
        measured = [
            (fmt, measure(label, func, args.repetitions))
            for fmt, label, func in ways(project, on, args.views)
        ]
        transaction.set_rollback(True)  # the views' audit entries and the administrator made for them
    record("exports", [{"format": fmt, "label": m.label, "median": m.median} for fmt, m in measured])
    text = results_markdown(machine_line, project, on, measured, args.repetitions)
    publish(args, text, start=START, end=END)


if __name__ == "__main__":
    main()

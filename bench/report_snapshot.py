"""Write the report JSON of projects to a file, or compare the reports with such a file.

A change meant to make the report faster must not change a figure. Before the change, ``dump``
writes ``build_report`` of every chosen project for a set of report dates (past ones too), date
windows and each enrolling organisation; after it, ``compare`` computes the same reports again
and lists every figure that differs (``generated_at`` aside). Works on any database: the demo
on SQLite and the benchmark's copy on PostgreSQL.

Usage (from the repository root)::

    .venv/bin/python bench/report_snapshot.py dump before.json --on 2026-11-23
    .venv/bin/python bench/report_snapshot.py compare before.json
    .venv/bin/python bench/report_snapshot.py dump vagval.json --project vagval --on 2026-11-23
"""

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")

IGNORED = ("generated_at",)


def cases(on):
    """``[(name, kwargs)]``: report dates back to three years before ``on``, windows, both ends open."""
    days = datetime.timedelta
    year_start = on.replace(month=1, day=1)
    past = on - days(days=200)
    cases = []
    for when in (on, on - days(days=45), past, on - days(days=3 * 365)):
        cases.append((f"on={when}", {"on": when}))
    windows = [
        (on - days(days=30), on),
        (year_start, None),
        (None, on - days(days=90)),
        (on - days(days=400), on - days(days=100)),
        (on + days(days=10), None),  # a window after the report date: nothing overlaps
    ]
    for when in (on, past):
        for date_from, date_to in windows:
            cases.append(
                (
                    f"on={when} from={date_from} to={date_to}",
                    {"on": when, "date_from": date_from, "date_to": date_to},
                )
            )
    return cases


def reports(projects, on, *, log=print):
    """``{project code: {case: report without generated_at}}`` (JSON-ready, sorted keys)."""
    from django.core.serializers.json import DjangoJSONEncoder

    from stegvis.reports.project_report import build_report

    result = {}
    for project in projects:
        kwarg_sets = list(cases(on))
        for organization in project.organizations().order_by("code"):
            for when in (on, on - datetime.timedelta(days=200)):
                kwarg_sets.append(
                    (
                        f"on={when} organization={organization.code}",
                        {"on": when, "organization": organization},
                    )
                )
        started = time.perf_counter()
        result[project.code] = {}
        for name, kwargs in kwarg_sets:
            report = build_report(project, **kwargs)
            for key in IGNORED:
                report.pop(key, None)
            result[project.code][name] = json.loads(json.dumps(report, cls=DjangoJSONEncoder))
        log(f"{project.code}: {len(kwarg_sets)} reports in {time.perf_counter() - started:.1f} s")
    return result


def differences(before, after, prefix=""):
    """Every path whose value differs between two JSON values, with both values."""
    if isinstance(before, dict) and isinstance(after, dict):
        found = []
        for key in sorted(set(before) | set(after), key=str):
            path = f"{prefix}/{key}"
            if key not in before or key not in after:
                found.append((path, before.get(key, "<missing>"), after.get(key, "<missing>")))
            else:
                found += differences(before[key], after[key], path)
        return found
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        found = []
        for index, (b, a) in enumerate(zip(before, after, strict=True)):
            found += differences(b, a, f"{prefix}[{index}]")
        return found
    return [] if before == after and type(before) is type(after) else [(prefix, before, after)]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=(
            "Write build_report's JSON for projects, report dates, windows and organisations to a file (dump), "
            "or compute them again and list every figure that differs from the file (compare)."
        )
    )
    parser.add_argument("action", choices=("dump", "compare"))
    parser.add_argument("path", type=Path, help="the JSON file")
    parser.add_argument("--project", action="append", help="project code (repeatable; default every project)")
    parser.add_argument(
        "--on",
        type=datetime.date.fromisoformat,
        help="the latest report date, YYYY-MM-DD (dump; default today)",
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    import django

    django.setup()
    from stegvis.organizations.models import Project

    if args.action == "dump":
        projects = Project.objects.order_by("code")
        if args.project:
            projects = projects.filter(code__in=args.project)
        on = args.on or datetime.date.today()
        snapshot = {"on": on.isoformat(), "reports": reports(projects, on)}
        args.path.write_text(json.dumps(snapshot, indent=1, sort_keys=True), encoding="utf-8")
        print(f"wrote {args.path}")
        return
    snapshot = json.loads(args.path.read_text(encoding="utf-8"))
    projects = Project.objects.filter(code__in=snapshot["reports"]).order_by("code")
    now = reports(projects, datetime.date.fromisoformat(snapshot["on"]))
    found = differences(snapshot["reports"], now)
    total = sum(len(cases) for cases in snapshot["reports"].values())
    if found:
        for path, before, after in found[:50]:
            print(f"DIFFERS {path}: {before!r} -> {after!r}", file=sys.stderr)
        sys.exit(f"{len(found)} figures differ in {total} reports")
    print(f"all {total} reports are identical (apart from {', '.join(IGNORED)})")


if __name__ == "__main__":
    main()

"""``bench/all.py``'s table of targets: each target judged from the figures the scripts recorded.

The run itself takes most of an hour against a million participants, so here the judging is fed
figures of the shape the scripts write (``bench/summary.py``), met and missed.
"""

import json

import pytest

from bench import summary
from bench.all import STEPS, parse_args, results_markdown, step_commands, step_env, targets_rows


def _report(report=0.25, sql=0.22, other=0.24):
    timed = {"report": report, "report_past": report, "sql": sql, "sql_past": sql}
    timed |= {key: 0.1 for key in ("followup", "followup_past", "page", "page_past", "home")}
    return {
        **{key: {"median": value, "queries": 1} for key, value in timed.items()},
        "other": {"database": "stegvis_bench100k", "median": other},
        "agreed": True,
    }


def _page(label, median, p95, status=200):
    return {
        "role": "koordinator",
        "label": label,
        "median_ms": median,
        "p95_ms": p95,
        "queries": 9,
        "status": status,
    }


def _verdicts(figures):
    return {target: ok for target, _measured, ok in targets_rows(figures)}


def test_every_target_is_listed_and_unmeasured_ones_say_so():
    verdicts = _verdicts({})
    assert set(verdicts.values()) == {None}
    assert any("hand-written" in target for target in verdicts)
    assert any("200 staff users" in target for target in verdicts)
    assert any("XLSX" in target for target in verdicts) and any("DOCX" in target for target in verdicts)


def test_report_within_the_ratio_and_time_is_met_and_outside_is_not():
    met = _verdicts({"report": _report()})
    assert met["`build_report` of `vagval` (today): ≤ 1.3× hand-written and < 0.3 s"] is True
    assert met["same project, 100,000 vs 1,000,000 participants, within 20 %"] is True
    slow = _verdicts({"report": _report(report=0.5, sql=0.3, other=0.3)})
    assert slow["`build_report` of `vagval` (today): ≤ 1.3× hand-written and < 0.3 s"] is False
    assert slow["same project, 100,000 vs 1,000,000 participants, within 20 %"] is False


def test_pages_are_met_only_when_every_page_is():
    fast = [_page("lista", 20, 40), _page("sök", 25, 45)]
    assert _verdicts({"pages": fast})["staff pages at 1,000,000: median < 30 ms and p95 < 50 ms"] is True
    one_slow = [*fast, _page("arbetslista", 28, 70)]
    row = next(r for r in targets_rows({"pages": one_slow}) if r[0].startswith("staff pages"))
    assert row[2] is False and "2 of 3 pages" in row[1] and "arbetslista" in row[1]
    failing = [_page("sök", 10, 10, status=500)]
    assert _verdicts({"pages-demo": failing})["every demo page (SQLite) < 150 ms"] is False


def test_import_exports_and_load():
    steps = [
        {
            "database": "sqlite",
            "step": "import of the generated file",
            "seconds": 80,
            "cpu": 70,
            "peak_mb": 450,
        },
        {"database": "sqlite", "step": "export of the project", "seconds": 17, "cpu": 15, "peak_mb": 200},
        {"database": "sqlite", "step": "round trip", "verdict": "byte-identical"},
        {
            "database": "postgresql",
            "step": "import of the generated file",
            "seconds": 80,
            "cpu": 70,
            "peak_mb": 350,
        },
    ]
    exports = [
        {"format": "xlsx", "label": "XLSX: whole download without the web layer", "median": 1.2},
        {"format": "docx", "label": "DOCX: whole download without the web layer", "median": 1.3},
    ]
    load = {"users": 200, "time": "10m", "requests": 50000, "failures": 0, "p95_ms": 150.0, "median_ms": 40.0}
    verdicts = _verdicts(
        {"import-large": {"participants": 100_000, "steps": steps}, "exports": exports, "locust": load}
    )
    assert verdicts["import on sqlite < 120 s, peak < 500 MB"] is True
    assert verdicts["export on sqlite < 20 s"] is True
    assert verdicts["round trip on sqlite byte-identical"] is True
    assert verdicts["import on postgresql < 60 s, peak < 500 MB"] is False
    assert verdicts["XLSX of `vagval` < 1 s"] is False
    assert verdicts["DOCX of `vagval` < 2 s"] is True
    assert verdicts["200 staff users for 10 minutes: 0 errors and p95 < 200 ms"] is True
    shorter = _verdicts({"locust": {**load, "time": "2m"}})
    assert shorter["200 staff users for 10 minutes: 0 errors and p95 < 200 ms"] is None


def test_the_table_counts_what_was_met(tmp_path, monkeypatch):
    path = tmp_path / "summary.json"
    monkeypatch.setenv(summary.ENV, str(path))
    summary.record("report", _report())
    summary.record("pages", [_page("lista", 20, 40)])
    assert set(json.loads(path.read_text())) == {"report", "pages"}
    text = results_markdown(
        summary.load(path),
        when="2026-12-07 05:00",
        machine_line="2 cores",
        minutes=44,
        steps=["report"],
    )
    assert (
        "| `build_report` of `vagval` (today): ≤ 1.3× hand-written and < 0.3 s | 0.25 s = 1.1× (0.22 s hand-written) | yes |"
        in text
    )
    assert text.rstrip().endswith("9 of 9 measured targets met.")


def test_steps_can_be_skipped_and_unknown_steps_are_refused(capsys):
    args = parse_args(["--skip", "locust,import-large", "--other-database", "postgres://x/stegvis_bench100k"])
    names = [name for name, _argv in step_commands(args)]
    assert names == [step for step in STEPS if step not in {"locust", "import-large"}]
    report_argv = dict(step_commands(args))["report"]
    assert "--other-database" in report_argv
    with pytest.raises(SystemExit) as stop:
        parse_args(["--skip", "nothing"])
    assert stop.value.code == 2
    assert "unknown step(s) for --skip: nothing" in capsys.readouterr().err


def test_the_demo_pages_read_the_demo_database_and_the_rest_the_benchmark():
    args = parse_args(["--demo-var-dir", "/srv/demo"])
    env = {"DATABASE_URL": "postgres://x/stegvis_bench", "PATH": "/bin"}
    assert step_env("pages-demo", env, args) == {"PATH": "/bin", "STEGVIS_VAR_DIR": "/srv/demo"}
    assert step_env("pages", env, args) is env

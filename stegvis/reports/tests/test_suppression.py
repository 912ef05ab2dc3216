"""Small-number suppression: the primary and secondary rules, shares from small bases, the CLI option,
and that no hidden cell of the demo's reports can be worked out from a published total."""

import io
import json

import pytest
from django.core.management import call_command

from stegvis.organizations.models import Project
from stegvis.reports.project_report import build_report
from stegvis.reports.suppression import _Suppression, suppress
from stegvis.reports.suppression_rules import RULES, Same, Sum
from stegvis.reports.tests import report_figures


def _report(**figures):
    base = {"project": "p", "on": "2024-01-01", "enrollments": 0}
    return {**base, **figures}


def test_counts_below_n_become_marks_and_zero_stays():
    result = suppress(_report(enrollments=20, by_gender={"K": 10, "M": 10, "X": 0}, unique_persons=3), 5)
    assert result["by_gender"] == {"K": 10, "M": 10, "X": 0}
    assert result["unique_persons"] == "<5"
    assert result["suppressed"] == {"min_cell": 5, "cells": 1}


def test_one_hidden_cell_hides_the_smallest_other_non_zero_cell():
    report = _report(enrollments=30, by_age_band={"-19": 2, "20-29": 0, "30-39": 12, "40-49": 9, "50-59": 7})
    result = suppress(report, 5)
    assert result["by_age_band"] == {"-19": "<5", "20-29": 0, "30-39": 12, "40-49": 9, "50-59": "<5"}
    assert result["suppressed"]["cells"] == 2


def test_of_equal_smallest_cells_the_first_is_hidden():
    report = _report(enrollments=21, by_age_band={"-19": 1, "20-29": 6, "30-39": 6, "40-49": 8})
    result = suppress(report, 5)
    assert result["by_age_band"] == {"-19": "<5", "20-29": "<5", "30-39": 6, "40-49": 8}


def test_two_hidden_cells_need_nothing_more():
    report = _report(enrollments=17, by_age_band={"-19": 1, "20-29": 2, "30-39": 6, "40-49": 8})
    assert suppress(report, 5)["by_age_band"] == {"-19": "<5", "20-29": "<5", "30-39": 6, "40-49": 8}


def test_secondary_suppression_follows_rows_and_columns_of_a_nested_table():
    report = _report(
        enrollments=40,
        by_gender={"K": 20, "M": 20, "X": 0},
        by_referrer={"af": 22, "fk": 18},
        by_referrer_and_gender={"af": {"K": 2, "M": 20, "X": 0}, "fk": {"K": 18, "M": 0, "X": 0}},
    )
    result = suppress(report, 5)
    # af.K is small; its row hides af.M, its column fk.K; then fk's row and M's column hide more.
    table = result["by_referrer_and_gender"]
    assert table["af"]["K"] == "<5" and table["af"]["M"] == "<5" and table["fk"]["K"] == "<5"
    run = _Suppression(report, 5, RULES)
    run.secondary()
    for members, _candidates in run.relations():
        assert sum(1 for m in members if m in run.hidden) != 1


def test_shares_and_means_from_small_bases_are_null():
    report = _report(
        enrollments=4,
        exits={"total": 3, "by_reason": {}},
        work_or_studies={"count": 2, "share": 0.6667},
        enrollment_days={"mean": 120.5, "median": 100},
        language={
            "sfi": {"measured": 12, "moved": 3, "share": 0.25},
            "cefr": {"measured": 10, "moved": 5, "share": 0.5},
        },
    )
    result = suppress(report, 5)
    assert result["work_or_studies"] == {"count": "<5", "share": None}
    assert result["enrollment_days"] == {"mean": None, "median": None}
    # A large base but a hidden numerator: the share would give it away.
    assert result["language"]["sfi"] == {"measured": 12, "moved": "<5", "share": None}
    assert result["language"]["cefr"] == {"measured": 10, "moved": 5, "share": 0.5}


def test_an_unknown_section_is_suppressed_conservatively():
    report = _report(enrollments=50, new_section={"groups": {"a": 3, "b": 47}, "rate": 0.06, "label": "x"})
    result = suppress(report, 5)
    assert result["new_section"] == {"groups": {"a": "<5", "b": 47}, "rate": None, "label": "x"}
    # With a total beside the groups, the other group is hidden too.
    report["new_section"]["total"] = 50
    assert suppress(report, 5)["new_section"]["groups"] == {"a": "<5", "b": "<5"}


def test_goals_repeating_a_hidden_figure_are_hidden():
    report = _report(
        enrollments=40,
        exits={"total": 12, "by_reason": {"arbete": 3, "studier": 9}},
        work_or_studies={"count": 12, "share": 1.0},
        goals=[
            {
                "id": 1,
                "order": 10,
                "target": 0.5,
                "value": 0.75,
                "numerator": 9,
                "denominator": 12,
                "status": "met",
            },
            {
                "id": 2,
                "order": 20,
                "target": 0.5,
                "value": 0.3,
                "numerator": 12,
                "denominator": 40,
                "status": "not_met",
            },
        ],
    )
    hidden, shown = suppress(report, 5)["goals"]
    assert hidden["numerator"] == "<5" and hidden["value"] is None and hidden["id"] == 1
    # Whether the hidden value reached its target would tell on it; a goal shown keeps its status.
    assert hidden["status"] == "hidden" and shown["status"] == "not_met"


def test_the_original_report_is_not_changed():
    report = _report(enrollments=3)
    suppress(report, 5)
    assert report["enrollments"] == 3


# --- the demo: nothing hidden can be worked out -------------------------------------------------


@pytest.fixture
def demo_reports(db):
    call_command(
        "demo-data", participants=report_figures.PARTICIPANTS, today=report_figures.TODAY, verbosity=0
    )
    return [build_report(p, on=report_figures.TODAY) for p in Project.objects.order_by("code")]


@pytest.mark.parametrize("min_cell", [3, 5, 10])
def test_no_declared_total_has_exactly_one_hidden_cell_in_the_demo(demo_reports, min_cell):
    hidden_somewhere = 0
    for report in demo_reports:
        result = suppress(report, min_cell)
        run = _Suppression(report, min_cell, RULES)
        run.secondary()
        assert result["suppressed"]["cells"] == len(run.hidden)
        hidden_somewhere += len(run.hidden)
        checked = 0
        for rule in RULES.relations:
            if not isinstance(rule, Sum | Same):
                continue
            concrete = list(run._sums(rule) if isinstance(rule, Sum) else run._sames(rule))
            for members, _candidates in concrete:
                checked += 1
                hidden = [m for m in members if m in run.hidden]
                assert len(hidden) != 1, (rule, members, hidden)
        assert checked > 50
        for key in run.hidden:  # the mark stands where the count was, every count below N is marked
            assert run.value(key) != 0
        for key, kind in run.kinds.items():
            if kind == "count" and isinstance(run.value(key), int) and 0 < run.value(key) < min_cell:
                assert key in run.hidden
    assert hidden_somewhere


# --- the command ---------------------------------------------------------------------------------


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue()


def _fail(*args):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("report", *args, stdout=io.StringIO(), stderr=err)
    return exit_info.value.code, err.getvalue()


@pytest.mark.django_db
def test_the_command_suppresses_with_the_owners_setting_or_min_cell(world):
    from stegvis.reports.tests.helpers import D, enrol, make_project, person

    project = make_project(world)
    for gender in ("K", "K", "K", "M"):
        enrol(world, project, person(world, gender=gender), D(2021, 1, 1))
    raw = json.loads(_run("testprojekt", "--format", "json", "--on", "2022-01-01"))
    assert raw["by_gender"]["M"] == 1 and "suppressed" not in raw
    data = json.loads(_run("testprojekt", "--format", "json", "--on", "2022-01-01", "--suppress-small"))
    assert data["by_gender"] == {"K": "<5", "M": "<5", "X": 0}
    assert data["suppressed"]["min_cell"] == 5
    owner = project.owner
    owner.min_cell = 3
    owner.save()
    data = json.loads(_run("testprojekt", "--format", "json", "--on", "2022-01-01", "--suppress-small"))
    # 3 is not below 3, but 1 is, and the two add up to the published enrolments: both hidden.
    assert data["by_gender"] == {"K": "<3", "M": "<3", "X": 0}
    data = json.loads(
        _run("testprojekt", "--format", "json", "--on", "2022-01-01", "--suppress-small", "--min-cell", "2")
    )
    assert data["by_gender"] == {"K": "<2", "M": "<2", "X": 0}
    assert data["suppressed"]["min_cell"] == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "args, named",
    [
        (("--suppress-small", "--min-cell", "x"), "--min-cell"),
        (("--suppress-small", "--min-cell", "1"), "--min-cell"),
        (("--min-cell", "5"), "--min-cell"),
    ],
)
def test_a_bad_min_cell_exits_2_naming_it(world, args, named):
    code, err = _fail("helhetslyftet", *args)
    assert code == 2 and named in err


@pytest.mark.django_db
def test_the_spreadsheet_of_a_suppressed_report_is_written(world, tmp_path):
    path = tmp_path / "r.xlsx"
    out = _run("helhetslyftet", "--format", "xlsx", "--suppress-small", "--output", str(path))
    assert path.stat().st_size > 0 and "r.xlsx" in out

"""Derived sections and export tables: the seams later apps plug their figures into."""

import pytest

from stegvis.reports import project_report, tables


@pytest.fixture
def no_derived(monkeypatch):
    monkeypatch.setattr(project_report, "_derived_sections", project_report._derived_sections.empty())


def test_derived_section_sees_the_finished_report(world, no_derived):
    seen = {}

    def count_exits(project, report, scope):
        seen["keys"] = set(report)
        return {"exits_again": report["exits"]["total"], "rows": scope.count()}

    project_report.register_derived_section("derived", count_exits)
    report = project_report.build_report(world.projects["helhetslyftet"])
    assert report["derived"] == {"exits_again": report["exits"]["total"], "rows": report["enrollments"]}
    assert {"progression", "language", "exits"} <= seen["keys"]


def test_organization_limits_the_report_to_its_enrolments(world):
    project = world.projects["helhetslyftet"]
    whole = project_report.build_report(project)
    kungsbacka = project_report.build_report(project, organization=world.orgs["kungsbacka"])
    molndal = project_report.build_report(project, organization=world.orgs["molndal"])
    assert kungsbacka["organization"] == "kungsbacka" and whole["organization"] is None
    assert kungsbacka["enrollments"] + molndal["enrollments"] == whole["enrollments"]
    assert kungsbacka["by_organization"]["molndal"] == 0


def test_report_tables_come_from_every_provider_in_order(monkeypatch):
    monkeypatch.setattr(tables, "_providers", tables._providers.empty())
    tables.register_tables("late", lambda r: [tables.Table("b", "B", ["x"], [[r["n"]]])], order=20)
    tables.register_tables("early", lambda r: [tables.Table("a", "A", ["x"], [[1]])], order=10)
    tables.register_tables("empty", lambda r: [], order=15)
    assert [t.key for t in tables.report_tables({"n": 2})] == ["a", "b"]


def test_report_page_shows_outcomes_after_exit_as_the_export_tables(world, login_as):
    """The page renders the after-exit tables the XLSX and DOCX get, from the same report."""
    from django.urls import reverse

    from stegvis.outcomes.testing import anna_follow_up

    anna_follow_up(world, months=1, situation="arbete")
    response = login_as(world.users["leader"]).get(
        reverse("reports:project_report", kwargs={"code": "helhetslyftet"})
    )
    html = response.content.decode()
    assert 'id="after-exit-h"' in html
    report = response.context["report"]
    expected = tables.tables_of(report, "after_exit")
    assert expected and [t.title for t in response.context["after_exit_tables"]] == [
        t.title for t in expected
    ]
    for table in expected:
        assert f"<caption>{table.title}</caption>" in html
    assert report["after_exit"]["1"]["followed_up"] == 1


def test_without_a_positive_progression_rule_nobody_counts_as_measured(world, monkeypatch):
    """What works groups the progression rule's judgement; the reports app only reaches it through the seam."""
    from stegvis.reports.whatworks.figures import what_works

    project = world.projects["helhetslyftet"]
    on = project_report.report_date()
    scope = project_report.scoped_enrollments(on, queryset=project.enrollments.all())
    with_rule = what_works(project, scope, on)
    monkeypatch.setattr(project_report, "_positive_progression", None)
    assert project_report.positive_progression(project, scope, on) is None
    without = what_works(project, scope, on)
    for dimension in ("by_combination", "by_coordinator_changes", "by_contact_frequency"):
        for group, figures in without[dimension].items():
            assert figures["measured"] == 0 and figures["positive"]["count"] == 0
            # Everything else is counted as before: the rule only adds the measured ones.
            assert figures["enrollments"] == with_rule[dimension][group]["enrollments"]
            assert figures["work_or_studies"] == with_rule[dimension][group]["work_or_studies"]


def test_export_formats_are_looked_up_by_name():
    from stegvis.reports.exports import formats, render

    report = {"project": "spik", "on": "2026-01-31", "organization": None}
    assert render.file_name(formats.XLSX, report) == "rapport-spik-2026-01-31.xlsx"
    assert render.file_name(formats.DOCX, report) == "slutrapport-spik-2026-01-31.docx"
    assert render.CONTENT_TYPES[formats.XLSX] == formats.export_format(formats.XLSX).content_type
    with pytest.raises(KeyError):
        formats.export_format("pdf")

"""Derived sections and export tables: the seams later apps plug their figures into."""

import pytest

from stegvis.reports import project_report, tables


@pytest.fixture
def no_derived(monkeypatch):
    monkeypatch.setattr(project_report, "_derived_sections", {})


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
    monkeypatch.setattr(tables, "_providers", {})
    tables.register_tables("late", lambda r: [tables.Table("b", "B", ["x"], [[r["n"]]])], order=20)
    tables.register_tables("early", lambda r: [tables.Table("a", "A", ["x"], [[1]])], order=10)
    tables.register_tables("empty", lambda r: [], order=15)
    assert [t.key for t in tables.report_tables({"n": 2})] == ["a", "b"]

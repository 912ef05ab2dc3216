"""The figures of a fixed demo are those written down: making the report faster changed none of them.

``data/report_figures.json`` was written by the code before the report was rewritten as a few
grouped queries (and the progression rule as window functions over the stored scores), from the
demo of :data:`report_figures.PARTICIPANTS` participants generated as of
:data:`report_figures.TODAY`; every report date, window and organisation there must still give the
same figures (only build_report's and the progression rule's own keys: the sections other apps
register have tests of their own). The query count of those keys is fixed too.
"""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stegvis.core.registry import REGISTRATION, Registry
from stegvis.organizations.models import Project
from stegvis.reports import project_report
from stegvis.reports.tests import report_figures

EXPECTED = Path(__file__).parent / "data" / "report_figures.json"


@pytest.fixture
def demo(db):
    call_command(
        "demo-data", participants=report_figures.PARTICIPANTS, today=report_figures.TODAY, verbosity=0
    )


def test_every_figure_of_the_demo_is_as_written_down(demo):
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    found = report_figures.figures()
    assert sorted(found) == sorted(expected)
    for name, report in expected.items():
        assert found[name] == report, name
    # Not agreement on zeros: the demo exercises exits, windows and the progression rule.
    on = found["spik on"]
    assert on["exits"]["total"] and on["progression"]["measured"] and on["progression"]["positive"]
    assert found["spik last-30-days"]["new_in_period"] is not None


def test_the_report_takes_a_fixed_number_of_queries(demo, monkeypatch):
    """build_report's own figures and the progression section: at most 18 queries, for every project,
    date and window (one fewer when nobody has a caseload, so no names are looked up). Three of
    them are the exits' details: the project's own reasons, the exits by reason and next actor,
    and their other outcomes."""
    monkeypatch.setattr(project_report, "_sections", Registry("report section", ties=REGISTRATION))
    monkeypatch.setattr(
        project_report, "_derived_sections", Registry("derived report section", ties=REGISTRATION)
    )
    counts = set()
    for project in Project.objects.order_by("code"):
        for _name, kwargs in report_figures.cases(project):
            with CaptureQueriesContext(connection) as queries:
                project_report.build_report(project, **kwargs)
            counts.add(len(queries.captured_queries))
    assert max(counts) == 18
    assert min(counts) >= 17

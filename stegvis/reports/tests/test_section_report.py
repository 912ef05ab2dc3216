"""Pages that show one section compute only that section, and get the very figures of the whole report.

Over the demo data (every project, report dates now and in the past, windows, one organisation):
:func:`section_report` gives the header and the ``what_works`` and ``esf`` sections exactly as
:func:`build_report` does, and each of those sections takes a fixed number of queries. The follow-up page's report (the
report's own figures and the parts the page shows) equals the whole report's same keys.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment
from stegvis.reports.counting import scoped_enrollments
from stegvis.reports.external.esf import esf_indicators
from stegvis.reports.followup.parts import followup_part_names
from stegvis.reports.project_report import build_report
from stegvis.reports.section_report import section_report
from stegvis.reports.whatworks.figures import what_works

TODAY = datetime.date(2026, 11, 23)
D = datetime.date
CASES = (
    {"on": TODAY},
    {"on": D(2026, 3, 31)},
    {"on": D(2025, 9, 30)},
    {"on": TODAY, "date_from": D(2026, 1, 1), "date_to": D(2026, 6, 30)},
    {"on": D(2026, 6, 30), "date_from": D(2025, 7, 1)},
)
SECTIONS = {"what_works": what_works, "esf": esf_indicators}
HEADER = ("project", "project_name", "on", "from", "to", "organization", "enrollments")
QUERIES = {"what_works": 3, "esf": 3}


@pytest.fixture
def demo(db):
    call_command("demo-data", participants=60, today=TODAY, verbosity=0, stdout=StringIO())
    return list(Project.objects.order_by("code"))


def test_section_pages_get_the_whole_reports_figures(demo):
    compared = 0
    for project in demo:
        organization = project.organizations().order_by("code").first()
        for case, org in [(case, None) for case in CASES] + [
            (CASES[0], organization),
            (CASES[3], organization),
        ]:
            whole = build_report(project, organization=org, **case)
            part = section_report(project, SECTIONS, organization=org, **case)
            assert {k: part[k] for k in HEADER} == {k: whole[k] for k in HEADER}
            for key in SECTIONS:
                assert part[key] == whole[key], (project.code, case, org, key)
            # The follow-up page's report: the report's own figures and only the parts it shows.
            shown = build_report(project, organization=org, sections=followup_part_names(), **case)
            left_out = set(whole) - set(shown)
            assert {"progression", "what_works", "esf"} <= left_out
            assert not left_out & set(followup_part_names())
            assert {k: v for k, v in shown.items() if k != "generated_at"} == {
                k: v for k, v in whole.items() if k not in left_out and k != "generated_at"
            }
            compared += 1
    assert compared == 7 * len(demo)
    assert any(Enrollment.objects.filter(project=p).exists() for p in demo)


def test_each_section_takes_a_fixed_number_of_queries(demo):
    for project in demo:
        scope = scoped_enrollments(TODAY, queryset=Enrollment.objects.filter(project=project))
        for key, func in SECTIONS.items():
            with CaptureQueriesContext(connection) as queries:
                func(project, scope, TODAY)
            assert len(queries.captured_queries) == QUERIES[key], key

"""The report's header and only the sections a page shows, computed exactly as the report computes them.

A page that lays out one section of the report (what works, the ESF+ indicators) needs that
section and the report's header (project, dates, window, organisation), not the whole report.
:func:`section_report` calls the very section functions :func:`~stegvis.reports.project_report.build_report`
calls, with the same enrolments in scope, so the page and the whole report can never disagree
(``reports/tests/test_section_report.py`` compares them); it only leaves out what the page does
not show. The JSON, the CLI and the full exports still take the whole report.
"""

from stegvis.reports.counting import project_scope, report_date, report_header
from stegvis.reports.project_report import call_section


def section_report(project, sections, *, on=None, date_from=None, date_to=None, organization=None):
    """The report of ``project`` with only ``sections`` (``{key: func(project, scope, on)}``).

    The keys ``project`` … ``generated_at`` and ``enrollments`` are those of the whole report;
    each section is ``func(project, scope, on)`` for the enrolments in scope on ``on`` in the
    window (and of ``organization`` only, when given), as :func:`build_report` hands them over.
    """
    on = report_date(on)
    scope = project_scope(project, on, date_from, date_to, organization)
    report = {
        **report_header(project, on, date_from, date_to, organization),
        "enrollments": scope.order_by().count(),
    }
    for key, func in sections.items():
        report[key] = call_section(func, project, scope, on, date_from, date_to)
    return report

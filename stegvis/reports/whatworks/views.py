"""The "what works" page: the report's ``what_works`` section laid out for the project leader.

Every figure comes from the report's ``what_works`` section (registered by the reports app), computed
for the page alone with the report's own scope (:func:`stegvis.reports.section_report.section_report`);
the page renders the section's tables, the same ones the exports show, and one chart. Aggregates only, so evaluators may open it; which projects a user sees is
``Project.objects.restrict(user, "report")``.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _

from stegvis.core.access import REPORT, Rule, access_rule, get_restricted_or_404
from stegvis.core.routers import reads_from_replica
from stegvis.organizations.models import Project
from stegvis.reports.page_report import report_for_page
from stegvis.reports.tables import tables_of
from stegvis.reports.whatworks.chart import share_chart
from stegvis.reports.whatworks.figures import KEY
from stegvis.reports.whatworks.figures import what_works as what_works_section
from stegvis.reports.whatworks.tables import PLACEMENT_TABLES, group_labels


@access_rule(Rule.STAFF)
@reads_from_replica
def what_works(request, code):
    project = get_restricted_or_404(Project.objects.select_related("owner"), request.user, REPORT, code=code)
    page = report_for_page(request, project, sections={KEY: what_works_section})
    report, json_url = page.report, page.json_url
    context = {"project": project, "form": page.form, "report": report, "suppression": page.suppression}
    if report is not None:
        section = report[KEY]
        tables = tables_of(report, KEY)
        context.update(
            {
                "json_url": json_url,
                # The placements (by workplace type, employer, industry), then the three groupings.
                "placement_tables": [t for t in tables if t.key.startswith(PLACEMENT_TABLES)],
                "group_tables": [t for t in tables if not t.key.startswith(PLACEMENT_TABLES)],
                "chart": share_chart(
                    section["by_combination"],
                    group_labels()["by_combination"],
                    _(
                        "Andel till arbete eller studier och andel med positiv stegförflyttning per kombination av insatser"
                    ),
                    "chart-what-works",
                ),
            }
        )
    return render(request, "reports/whatworks/what_works.html", context)

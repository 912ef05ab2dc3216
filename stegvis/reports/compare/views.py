"""Projects side by side: the comparison page and its spreadsheet (docs/reports.md, "Jämförelse").

Each project's figures are its report (:func:`~stegvis.reports.project_report.build_report`) with
the page's date, window and filters, shown the way :mod:`stegvis.reports.shown_report` decides for a
comparison: small numbers hidden in every project when the user is an evaluator of one of them or
does not see the records of one of them, else on request. Which projects a user may choose is
``Project.objects.restrict(user, "report")``: the projects whose report page they may open.
The page shows aggregates only; the spreadsheet is audited like every report export, once per project.
"""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from stegvis.core.access import REPORT, Rule, access_rule
from stegvis.core.downloads import attachment
from stegvis.core.routers import reads_from_replica
from stegvis.organizations.models import Project
from stegvis.reports.compare.forms import CompareForm
from stegvis.reports.compare.tables import comparison
from stegvis.reports.compare.xlsx import comparison_file_name, render_comparison_xlsx
from stegvis.reports.exports.render import CONTENT_TYPES, XLSX, audit_export
from stegvis.reports.filters import FilterError, clean_filters
from stegvis.reports.project_report import build_report
from stegvis.reports.shown_report import SUPPRESS_PARAM, Suppression, comparison_suppressions, shown


@dataclass
class Compared:
    projects: list[Project]
    reports: list[dict]
    suppressions: list[Suppression]

    @property
    def forced(self):
        return any(s.forced for s in self.suppressions)

    @property
    def applied(self):
        return any(s.applied for s in self.suppressions)

    @property
    def min_cells(self):
        """The N (or Ns, when the projects' owners differ) small numbers are hidden below."""
        return sorted({s.min_cell for s in self.suppressions})


def _compare(request, bound=False):
    """``(form, compared)``: the reports of the chosen projects, or ``None`` with the form's errors.

    The page without a query string only offers the choices; the spreadsheet (``bound``) says what is missing.
    """
    visible = Project.objects.restrict(request.user, REPORT).select_related("owner")
    form = CompareForm(request.GET if bound else request.GET or None, projects=visible)
    if not form.is_bound or not form.is_valid():
        return form, None
    projects = form.chosen_projects()
    filters = form.filters()
    for project in projects:  # every filter value checked in every project before any figure is counted
        try:
            clean_filters(project, filters)
        except FilterError as exc:
            form.add_filter_error(exc.key, f"{project.name}: {exc}")
    if form.errors:
        return form, None
    on, date_from, date_to = form.params()
    suppressions = comparison_suppressions(request.user, projects, form.cleaned_data[SUPPRESS_PARAM])
    reports = [
        shown(build_report(p, on=on, date_from=date_from, date_to=date_to, filters=filters), s)
        for p, s in zip(projects, suppressions, strict=True)
    ]
    return form, Compared(projects, reports, suppressions)


def _page(request, form, compared, status=200):
    context = {"form": form, "compared": compared, "other_fields": [f for f in form if f.name != "project"]}
    if compared is not None:
        context["parts"] = comparison(compared.reports)
        context["xlsx_url"] = (
            f"{reverse('reports:compare_xlsx')}?{urlencode(form.query_params(), doseq=True)}"
        )
        context["on"] = compared.reports[0]["on"]
    return render(request, "reports/compare/compare.html", context, status=status)


@access_rule(Rule.STAFF)
@reads_from_replica
def compare(request):
    """The chosen projects side by side: tables with a column per project, and charts of their shares."""
    form, compared = _compare(request)
    return _page(request, form, compared)


@access_rule(Rule.STAFF)
@reads_from_replica
def compare_xlsx(request):
    """The same comparison as a spreadsheet; with wrong choices, the page with its errors (400)."""
    form, compared = _compare(request, bound=True)
    if compared is None:
        return _page(request, form, None, status=400)
    content = render_comparison_xlsx(compared.reports)
    for project, report in zip(compared.projects, compared.reports, strict=True):
        audit_export(request.user, project, XLSX, report, via=_("webben: jämförelse"))
    return attachment(content, CONTENT_TYPES[XLSX], comparison_file_name(compared.reports))

"""The report a report page shows: its date form, the report those dates ask for, the JSON link.

Shared by every page that lays out part of the project report (the report page, what works), so
the date choices mean the same everywhere and the JSON link always matches what the page shows.
Bad dates leave ``report`` empty; the page shows them at their fields, not as an error page.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import urlencode

from stegvis.organizations.models import Project
from stegvis.reports.forms import ReportParamsForm
from stegvis.reports.section_report import section_report
from stegvis.reports.shown_report import Suppression, report_shown, suppression_for


@dataclass
class PageReport:
    form: ReportParamsForm
    report: dict[str, Any] | None
    json_url: str
    suppression: Suppression


def report_for_page(
    request: HttpRequest,
    project: Project,
    sections: dict[str, Callable] | None = None,
    shown: Iterable[str] | None = None,
    filters: bool = False,
) -> PageReport:
    """Today's report without a query string; else the report for the valid dates asked for.

    With ``sections`` (``{key: section function}``) only the report's header and those sections
    are computed (:func:`~stegvis.reports.section_report.section_report`), for a page showing
    nothing else. With ``shown`` (section keys) the report's own figures and only those of the
    sections other apps add are computed (``build_report(sections=shown)``). The JSON link
    still leads to the whole report.

    With ``filters`` the form also offers the organisation and the report's filters (GET
    parameters, so the filtered page's address can be shared), and the report, the JSON link and
    the exports are of the matching enrolments only. Small numbers are hidden as
    :mod:`stegvis.reports.shown_report` decides (then the whole report is computed), and the JSON
    link asks for the same.
    """
    form = ReportParamsForm(
        request.GET if request.GET else None, project=project if filters else None, filters=filters
    )
    json_url = reverse("reports:project_report_json", kwargs={"code": project.code})
    suppression = suppression_for(request, project)
    if form.is_bound and not form.is_valid():
        return PageReport(form, None, json_url, suppression)
    on = date_from = date_to = None
    narrowing: dict[str, Any] = {}
    params: dict[str, str] = {}
    if form.is_bound:
        on, date_from, date_to = form.params()
        params = form.query_params()
        if filters:
            narrowing = {"organization": form.organization(), "filters": form.filters()}
    params.update(suppression.param)
    if params:
        json_url += f"?{urlencode(params)}"
    if sections is not None and not suppression.applied:
        report = section_report(project, sections, on=on, date_from=date_from, date_to=date_to)
    else:
        report, suppression = report_shown(
            request, project, on=on, date_from=date_from, date_to=date_to, sections=shown, **narrowing
        )
    return PageReport(form, report, json_url, suppression)

"""Downloads of a project's report as a spreadsheet and as a final-report draft.

Both take the report page's GET parameters (``on``, ``from``, ``to``) plus ``organization``
(one organisation's enrolments) and the report's filters (``referrer``, ``coordinator``...),
validated the same way as on the page. The files hold
aggregates only, so evaluators may download them; which projects a user may download is
decided by ``Project.objects.restrict(user, "report")``. Every download is audited.
"""

from django.shortcuts import render
from django.utils.translation import gettext as _

from stegvis.core.access import REPORT, Rule, access_rule, get_restricted_or_404
from stegvis.core.downloads import attachment
from stegvis.core.routers import reads_from_replica
from stegvis.organizations.models import Project
from stegvis.reports.exports.render import CONTENT_TYPES, DOCX, XLSX, export_file, project_organization
from stegvis.reports.forms import ReportParamsForm
from stegvis.reports.shown_report import report_shown

ORGANIZATION_PARAM = "organization"


def _parameters(request, project):
    """``(params, errors)``: the validated dates and organisation, or ``[(label, message)]`` to show."""
    form = ReportParamsForm(request.GET or None, project=project, organization=False, filters=True)
    errors = []
    on = date_from = date_to = None
    filters: dict[str, str] = {}
    if form.is_bound:
        if form.is_valid():
            on, date_from, date_to = form.params()
            filters = form.filters()
        else:
            errors += [
                (form.fields[name].label, message)
                for name, messages in form.errors.items()
                if name in form.fields
                for message in messages
            ]
            errors += [("", message) for message in form.non_field_errors()]
    organization = None
    code = request.GET.get(ORGANIZATION_PARAM, "").strip()
    if code:
        try:
            organization = project_organization(project, code)
        except ValueError as exc:
            errors.append((_("Organisation"), str(exc)))
    params = {
        "on": on,
        "date_from": date_from,
        "date_to": date_to,
        "organization": organization,
        "filters": filters,
    }
    return params, errors


def _download(request, code, fmt):
    project = get_restricted_or_404(Project.objects.select_related("owner"), request.user, REPORT, code=code)
    params, errors = _parameters(request, project)
    if errors:
        return render(
            request,
            "reports/exports/params_error.html",
            {"project": project, "errors": errors, "format": fmt.upper()},
            status=400,
        )
    report, _suppression = report_shown(request, project, **params)
    name, content = export_file(request.user, project, fmt, report, via=_("webben"))
    return attachment(content, CONTENT_TYPES[fmt], name)


@access_rule(Rule.STAFF)
@reads_from_replica
def project_report_xlsx(request, code):
    """Every table of the report, one sheet each, as an Excel workbook."""
    return _download(request, code, XLSX)


@access_rule(Rule.STAFF)
@reads_from_replica
def final_report_docx(request, code):
    """A draft of the project's final report (Word), with the report's figures, tables and charts."""
    return _download(request, code, DOCX)

"""Report pages: the list of projects a user may report on, one project's report, its JSON.

Every figure comes from :mod:`stegvis.reports.project_report` (and the key figures of
:mod:`stegvis.reports.figures`, which share its definitions): the pages render the dict, they
never count. The pages show aggregates only, so evaluators may open them; which projects a user
sees is decided by ``Project.objects.restrict(user, "report")``.
"""

import json

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.core.access import REPORT, Rule, access_rule
from stegvis.core.downloads import attachment
from stegvis.core.routers import reads_from_replica
from stegvis.organizations.models import Project
from stegvis.reports.breakdowns import KEY as BREAKDOWNS
from stegvis.reports.coordinator_summary import KEY as BY_COORDINATOR
from stegvis.reports.exports.render import audit_export
from stegvis.reports.exports.tables import ORGANIZATION_NAMES, exit_detail_tables
from stegvis.reports.figures import key_figures_for_projects
from stegvis.reports.forms import ReportDateForm, ReportParamsForm
from stegvis.reports.page_report import report_for_page
from stegvis.reports.shown_report import always_suppressed, report_shown
from stegvis.reports.tables import tables_of


def _reportable(user):
    return Project.objects.restrict(user, REPORT).select_related("owner")


@access_rule(Rule.STAFF)
def project_list(request):
    """The projects the user may report on, with key figures (one aggregate query for all)."""
    form = ReportDateForm(request.GET if request.GET else None)
    on = form.cleaned_data.get("on") if form.is_valid() else None
    on = on or timezone.localdate()
    projects = list(_reportable(request.user).order_by("name"))
    figures = key_figures_for_projects(projects, on=on)
    # An evaluator's projects show no key figures here: they are not suppressed with the rest of
    # the report (whose secondary suppression may hide more), so they are read on the report page.
    rows = [
        {
            "project": p,
            "figures": None if always_suppressed(request.user, p) else figures[p.pk],
            "query": f"?on={on.isoformat()}" if form.is_bound else "",
        }
        for p in projects
    ]
    return render(request, "reports/project_list.html", {"rows": rows, "on": on, "form": form})


# The sections other apps add that the report page shows; the rest (what works, ESF+, consent,
# surveys, goals) have pages and downloads of their own, and are not computed for this one.
PAGE_SECTIONS = ("progression", "language", "after_exit", BREAKDOWNS, BY_COORDINATOR)


@access_rule(Rule.STAFF)
@reads_from_replica
def project_report(request, code):
    """One project's report as a page: key figures, charts, tables, and a date form."""
    project = get_object_or_404(_reportable(request.user), code=code)
    page = report_for_page(request, project, shown=PAGE_SECTIONS, filters=True)
    report = page.report
    context = {
        "project": project,
        "form": page.form,
        "report": report,
        "json_url": page.json_url,
        "suppression": page.suppression,
    }
    if report is not None:
        names = dict(project.organizations().values_list("code", "name"))
        context["organization_names"] = names
        # Outcomes after exit and the breakdowns, as the same tables the exports show.
        context["after_exit_tables"] = tables_of(report, "after_exit")
        context["breakdown_tables"] = tables_of({**report, ORGANIZATION_NAMES: names}, BREAKDOWNS)
        context["coordinator_tables"] = tables_of(report, BY_COORDINATOR)
        exits = report["exits"]
        context["project_reason_labels"] = {
            code: info["label"] for code, info in exits.get("project_reasons", {}).items()
        }
        context["exit_outcome_tables"] = [t for t in exit_detail_tables(exits) if t.key == "exits_by_outcome"]
        # Gender of enrolments (as registered at start) beside gender of unique persons.
        context["gender_overview"] = {
            _("Inskrivningar"): report["by_gender"],
            _("Unika deltagare"): report["by_gender_persons"],
        }
    return render(request, "reports/project_report.html", context)


@access_rule(Rule.STAFF)
@reads_from_replica
def project_report_json(request, code):
    """The same report as the JSON of the report spec, as a download."""
    project = get_object_or_404(_reportable(request.user), code=code)
    # ``organization`` (a code) limits the report to that organisation's enrolments, and the
    # report's filters (``referrer``, ``coordinator``...) to the matching ones.
    form = ReportParamsForm(request.GET if request.GET else None, project=project, filters=True)
    if form.is_bound and not form.is_valid():
        body = {"errors": {field: [str(m) for m in messages] for field, messages in form.errors.items()}}
        return HttpResponse(
            json.dumps(body, ensure_ascii=False, indent=2),
            status=400,
            content_type="application/json; charset=utf-8",
        )
    on, date_from, date_to = form.params() if form.is_bound else (None, None, None)
    organization = form.organization() if form.is_bound else None
    filters = form.filters() if form.is_bound else None
    report, _suppression = report_shown(
        request,
        project,
        on=on,
        date_from=date_from,
        date_to=date_to,
        organization=organization,
        filters=filters,
    )
    audit_export(request.user, project, "json", report, via="webben")
    return attachment(
        json.dumps(report, ensure_ascii=False, indent=2),
        "application/json; charset=utf-8",
        f"rapport-{project.code}-{report['on']}.json",
    )

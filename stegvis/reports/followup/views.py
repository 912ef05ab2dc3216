"""The monthly follow-up page: one project's (or one organisation's) figures for a month or period.

Every figure is a key of :func:`stegvis.reports.project_report.build_report` (computed without the
sections the page does not show); the page only lays them out. It shows aggregates (coordinator names are staff, not participants), so evaluators may
open it; which projects a user sees is ``Project.objects.restrict(user, "report")``.
"""

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django_tables2 import RequestConfig

from stegvis.core.access import REPORT, Rule, access_rule, get_restricted_or_404
from stegvis.core.routers import reads_from_replica
from stegvis.organizations.models import Project
from stegvis.reports.exports.facts import organization_names
from stegvis.reports.exports.tables import ORGANIZATION_NAMES
from stegvis.reports.followup.page_tables import BalanceTable, CaseloadTable, balance_rows
from stegvis.reports.followup.parts import followup_part_names, followup_sections
from stegvis.reports.followup.tables import CHANGE_LABELS
from stegvis.reports.followup_figures import TOTAL
from stegvis.reports.forms import FollowupForm
from stegvis.reports.shown_report import report_shown, suppression_for


@access_rule(Rule.STAFF)
@reads_from_replica
def followup(request, code):
    project = get_restricted_or_404(Project.objects.select_related("owner"), request.user, REPORT, code=code)
    form = FollowupForm.for_request(request.GET, project)
    context = {
        "project": project,
        "form": form,
        "report": None,
        "suppression": suppression_for(request, project),
    }
    if form.is_valid():
        kwargs = form.report_kwargs()
        # The report's own figures and the parts the page shows, not the whole report (unless
        # small numbers are hidden: then the whole report, see shown_report).
        report, suppression = report_shown(request, project, **kwargs, sections=followup_part_names())
        params = {**form.json_params(), **suppression.param}
        balance = BalanceTable(balance_rows(report["gender_balance_by_referrer"]), prefix="balans-")
        caseload = CaseloadTable(report["coordinators"]["caseload"], prefix="koord-")
        config = RequestConfig(request, paginate=False)
        config.configure(balance)
        config.configure(caseload)
        context.update(
            {
                "report": report,
                "month": form.cleaned_data.get("month"),
                "organization": kwargs["organization"],
                "balance_total": report["gender_balance_by_referrer"][TOTAL],
                "balance_table": balance,
                "caseload_table": caseload,
                "continuity_rows": list(
                    zip(CHANGE_LABELS, report["coordinators"]["changes"].values(), strict=False)
                ),
                "json_url": reverse("reports:project_report_json", kwargs={"code": project.code})
                + "?"
                + urlencode(params),
                # The exports take the resolved dates, not the month picker's own parameter.
                "export_query": urlencode(params),
                "extra_sections": followup_sections(
                    {**report, ORGANIZATION_NAMES: organization_names(project)}
                ),
            }
        )
    # Bad input is shown at its field (with the page's usual status), never as an error page.
    return render(request, "reports/followup/followup.html", context)

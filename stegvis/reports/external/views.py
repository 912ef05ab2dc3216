"""The SUS list and the ESF+ (and AMIF) indicators of one project, as pages and downloads.

Both pages are project report pages (``Project.objects.restrict(user, "report")``), so evaluators
open them too: the ESF+ page is aggregates only; the SUS list gives evaluators pseudonymised rows
and staff only the rows of enrolments they may view (:mod:`stegvis.reports.external.sus`). Every
view of the list and every download is written to the audit log, with one entry per enrolment
shown so each person's log tells who saw their row.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_tables2 import RequestConfig

from stegvis.audit.log import AuditAction, record
from stegvis.core.access import REPORT, Rule, access_rule
from stegvis.core.downloads import attachment
from stegvis.core.routers import reads_from_replica
from stegvis.organizations.models import Project
from stegvis.reports.exports.render import CONTENT_TYPES, XLSX, export_facts, organization_names
from stegvis.reports.exports.xlsx_report import render_xlsx
from stegvis.reports.external import sus
from stegvis.reports.external.amif import amif_figures, amif_tables, shows_amif
from stegvis.reports.external.esf import esf_indicators as esf_indicators_section
from stegvis.reports.external.esf import esf_tables
from stegvis.reports.external.esf_participants import ESF_PARTICIPANTS
from stegvis.reports.external.tables import sus_table
from stegvis.reports.forms import ReportParamsForm
from stegvis.reports.section_report import section_report
from stegvis.reports.shown_report import shown, suppression_for

PER_PAGE = 50
PSEUDONYMISE = "pseudonym"


def _project(request, code):
    return get_object_or_404(
        Project.objects.restrict(request.user, REPORT).select_related("owner"), code=code
    )


PARAMS = ("on", "from", "to", "organization")


def _params(request, project):
    """``(form, choices)``: ``choices`` has ``on``, ``date_from``, ``date_to``, ``organization``, or is
    ``None`` when the form is not valid (the page then shows the errors at the fields)."""
    form = ReportParamsForm({k: v for k, v in request.GET.items() if k in PARAMS} or None, project=project)
    if not form.is_bound:
        return form, {"on": timezone.localdate(), "date_from": None, "date_to": None, "organization": None}
    if not form.is_valid():
        return form, None
    on, date_from, date_to = form.params()
    return form, {
        "on": on or timezone.localdate(),
        "date_from": date_from,
        "date_to": date_to,
        "organization": form.organization(),
    }


def _query(request, **extra):
    """The page's own parameters (dates, organisation, pseudonymised) with ``extra`` changed; empty ones dropped."""
    params = {k: v for k, v in request.GET.items() if k in PARAMS + (PSEUDONYMISE,)}
    params.update(extra)
    params = {k: v for k, v in params.items() if v}
    return f"?{urlencode(params)}" if params else ""


def _bad_params(form):
    lines = [
        f"{form.fields[name].label}: {message}"
        for name, messages in form.errors.items()
        for message in messages
    ]
    return HttpResponse("\n".join(lines), status=400, content_type="text/plain; charset=utf-8")


# --- SUS list ------------------------------------------------------------------------------------


@access_rule(Rule.STAFF)
@reads_from_replica
def sus_list(request, code):
    """The list, a page at a time; the rows shown are audited."""
    project = _project(request, code)
    form, choices = _params(request, project)
    context = {"project": project, "form": form, "may_identify": sus.may_identify(request.user, project)}
    if choices is not None:
        values, pseudonymised = sus.list_queryset(
            request.user, project, pseudonymised=request.GET.get(PSEUDONYMISE) == "1", **choices
        )
        table = sus_table(values, pseudonymised)
        RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
        shown = list(table.page.object_list.data) if table.page else []
        sus.audit_rows(
            request.user,
            project,
            shown,
            AuditAction.VIEW,
            sus.describe("visad", pseudonymised, len(shown), **choices),
        )
        base = {"code": project.code}
        context.update(
            {
                "table": table,
                "on": choices["on"],
                "pseudonymised": pseudonymised,
                "total": table.paginator.count,
                "csv_url": reverse("reports:sus_list_csv", kwargs=base) + _query(request),
                "xlsx_url": reverse("reports:sus_list_xlsx", kwargs=base) + _query(request),
                "pseudonymised_url": reverse("reports:sus_list", kwargs=base)
                + _query(request, **{PSEUDONYMISE: "1"}),
                "identified_url": reverse("reports:sus_list", kwargs=base)
                + _query(request, **{PSEUDONYMISE: ""}),
            }
        )
    return render(request, "reports/external/sus_list.html", context)


def _sus_download(request, code, fmt, listing=None):
    project = _project(request, code)
    form, choices = _params(request, project)
    if choices is None:
        return _bad_params(form)
    name, content = sus.export_file(
        request.user,
        project,
        fmt,
        pseudonymised=request.GET.get(PSEUDONYMISE) == "1",
        listing=listing,
        **choices,
    )
    content_type = CONTENT_TYPES[XLSX] if fmt == XLSX else "text/csv; charset=utf-8"
    return attachment(content, content_type, name)


@access_rule(Rule.STAFF)
@reads_from_replica
def sus_list_csv(request, code):
    return _sus_download(request, code, "csv")


@access_rule(Rule.STAFF)
@reads_from_replica
def sus_list_xlsx(request, code):
    return _sus_download(request, code, XLSX)


@access_rule(Rule.STAFF)
@reads_from_replica
def esf_participants_csv(request, code):
    """The ESF+ participant data file (docs/sus-esf.md), with the SUS list's rules of identity."""
    return _sus_download(request, code, "csv", ESF_PARTICIPANTS)


@access_rule(Rule.STAFF)
@reads_from_replica
def esf_participants_xlsx(request, code):
    return _sus_download(request, code, XLSX, ESF_PARTICIPANTS)


# --- ESF+ indicators -----------------------------------------------------------------------------


def _esf_report(request, project):
    """The report's header and the ``esf`` and ``amif`` sections only: all the page and its download show.

    As every report page, with small numbers hidden for an evaluator (always) or when asked
    (``dolj_sma=1``): :mod:`stegvis.reports.shown_report`.
    """
    form, choices = _params(request, project)
    if choices is None:
        return form, None
    report = section_report(project, {"esf": esf_indicators_section, "amif": amif_figures}, **choices)
    return form, shown(report, suppression_for(request, project))


def _esf_tables(project, report):
    """The ESF+ tables, and the AMIF panel's where the project has such figures (:func:`shows_amif`)."""
    return esf_tables(report) + (amif_tables(report) if shows_amif(project, report) else [])


@access_rule(Rule.STAFF)
@reads_from_replica
def esf_indicators(request, code):
    """The ESF+ common indicators by gender (aggregates: evaluators may see them)."""
    project = _project(request, code)
    form, report = _esf_report(request, project)
    context = {"project": project, "form": form, "report": report}
    if report is not None:
        context["tables"] = _esf_tables(project, report)
        base = {"code": project.code}
        context["xlsx_url"] = reverse("reports:esf_indicators_xlsx", kwargs=base) + _query(request)
        context["participants_csv_url"] = reverse("reports:esf_participants_csv", kwargs=base) + _query(
            request
        )
        context["participants_xlsx_url"] = reverse("reports:esf_participants_xlsx", kwargs=base) + _query(
            request
        )
    return render(request, "reports/external/esf_indicators.html", context)


@access_rule(Rule.STAFF)
@reads_from_replica
def esf_indicators_xlsx(request, code):
    project = _project(request, code)
    form, report = _esf_report(request, project)
    if report is None:
        return _bad_params(form)
    content = render_xlsx(
        report, _esf_tables(project, report), export_facts(report, organization_names(project))
    )
    params = " ".join(f"{k}={report[k]}" for k in PARAMS if report.get(k))
    record(request.user, AuditAction.EXPORT, project, detail=f"webb: ESF+-indikatorer xlsx {params}".strip())
    return attachment(content, CONTENT_TYPES[XLSX], f"esf-{project.code}-{report['on']}.xlsx")

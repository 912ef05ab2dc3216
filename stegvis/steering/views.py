"""Steering-group report pages: the project's reports, one report (figures, goals, texts), its Word file.

The project's leaders and administrators only: the report is their working document to the
steering group (its figures are the project report's, which they see in full anyway).
"""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stegvis.audit.log import AuditAction, record
from stegvis.core.access import Rule, access_rule
from stegvis.core.downloads import attachment
from stegvis.core.views_helpers import run_action_form
from stegvis.organizations.access import administered_project_or_404
from stegvis.steering import actions, figures
from stegvis.steering.document import render_docx
from stegvis.steering.forms import NewReportForm, TextsForm, last_whole_quarter
from stegvis.steering.models import TEXT_FIELDS, SteeringReport
from stegvis.steering.parts import parts_for

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _report(request, code, pk):
    project = administered_project_or_404(request.user, code)
    return get_object_or_404(SteeringReport.objects.select_related("project"), project=project, pk=pk)


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def report_list(request, code):
    project = administered_project_or_404(request.user, code)
    start, end = last_whole_quarter()
    form = NewReportForm(request.POST or None, initial={"period_from": start, "period_to": end})
    done = run_action_form(
        request,
        form,
        lambda data: actions.create_report(
            request.user, project, period_from=data["period_from"], period_to=data["period_to"]
        ),
        _("Rapporten är skapad."),
        lambda report: reverse("steering:detail", args=[project.code, report.pk]),
    )
    if done:
        return done
    reports = SteeringReport.objects.filter(project=project).select_related("finalised_by")
    return render(request, "steering/list.html", {"project": project, "form": form, "reports": reports})


def _parts(report):
    current = figures.current_figures(report)
    previous = figures.previous_report(report)
    before = previous.figures if previous else None
    return current, previous, figures.comparison(current, before), figures.goal_changes(current, before)


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def report_detail(request, code, pk):
    report = _report(request, code, pk)
    url = reverse("steering:detail", args=[code, report.pk])
    if request.method == "POST" and request.POST.get("form") == "finalise":
        form = TextsForm(request.POST)
        done = run_action_form(
            request,
            form,
            lambda data: actions.finalise(request.user, report, version=data["version"]),
            _("Rapporten är fastställd. Siffrorna sparas som de är nu."),
            lambda _r: url,
        )
    else:
        form = TextsForm(
            request.POST or None,
            initial={**{n: getattr(report, n) for n in TEXT_FIELDS}, "version": report.version},
        )
        done = run_action_form(
            request,
            form,
            lambda data: actions.save_texts(
                request.user, report, version=data["version"], **{n: data[n] for n in TEXT_FIELDS}
            ),
            _("Texterna är sparade."),
            lambda _r: url,
        )
    if done:
        return done
    current, previous, comparison, goals = _parts(report)
    return render(
        request,
        "steering/detail.html",
        {
            "project": report.project,
            "report": report,
            "form": form,
            "previous": previous,
            "comparison": comparison,
            "goals": goals,
            "docx_url": reverse("steering:docx", args=[code, report.pk]),
            "parts": parts_for(report),
        },
    )


@access_rule(Rule.PERSONAL_DATA)
def report_docx(request, code, pk):
    report = _report(request, code, pk)
    _current, _previous, comparison, goals = _parts(report)
    content = render_docx(report, _current, comparison, goals, parts_for(report))
    record(request.user, AuditAction.EXPORT, report, detail="styrgruppsrapport docx")
    name = f"styrgruppsrapport-{report.project.code}-{report.period_from}-{report.period_to}.docx"
    return attachment(content, DOCX_TYPE, name)

"""The goals page, the implementation plan and their forms.

Reading follows report access (``Project.objects.restrict(user, "report")``: evaluators too,
since goals are aggregates and project data); a project outside it answers 404. Changing follows
``Project.objects.restrict(user, "change")``: a user who may read but not change gets 403.
The goals page renders the report's ``goals`` section; it never computes a figure itself.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from stegvis.core.access import REPORT, Rule, access_rule
from stegvis.core.views_helpers import run_action_form
from stegvis.goals import actions
from stegvis.goals.forms import GoalForm, StepForm
from stegvis.goals.indicators import sections_read
from stegvis.goals.models import (
    Goal,
    GoalStatus,
    ImplementationStep,
    Kind,
    Level,
    QualitativeStatus,
    StepStatus,
)
from stegvis.goals.plan import is_overdue, plan_section, when_text
from stegvis.goals.status import ON_TRACK_MARGIN, percent_text, project_ended
from stegvis.goals.tables import indicator_label
from stegvis.organizations.access import project_or_404
from stegvis.reports.forms import ReportDateForm
from stegvis.reports.labels import label_for
from stegvis.reports.shown_report import report_shown

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A symbol beside the status text, so the status is never told by colour alone.
STATUS_SYMBOLS = {
    GoalStatus.MET: "✓",
    GoalStatus.ON_TRACK: "↗",
    GoalStatus.NOT_MET: "✗",
    GoalStatus.NO_DATA: "?",
    GoalStatus.HIDDEN: "–",
}
STATUS_CLASSES = {
    GoalStatus.MET: "badge--active",
    GoalStatus.ON_TRACK: "badge--on-track",
    GoalStatus.NOT_MET: "badge--warn",
    GoalStatus.NO_DATA: "badge--ended",
    GoalStatus.HIDDEN: "badge--ended",
}


def _refuse_unless_may_change(user, project):
    """A user who may see the project in reports but not change its goals and plan gets a 403."""
    if not actions.may_change(user, project):
        raise PermissionDenied(
            _("Bara projektledare och administratörer kan ändra projektets mål och genomförandeplan.")
        )


def _percent(share):
    """A share 0..1 as per-cent text without the sign: 0.25 -> "25", 0.3333 -> "33,3"."""
    return percent_text(round(share * 100, 1))


def _position(share):
    """A share as a CSS percentage (0–100, dot decimal, so the browser reads it in any locale)."""
    return f"{min(max(share, 0), 1) * 100:.1f}"


def _display(entry):
    """A report entry with what the page shows: labels, texts and the bar's positions."""
    row = dict(entry)
    row["status_label"] = label_for(GoalStatus, entry["status"])
    row["status_class"] = STATUS_CLASSES.get(entry["status"], "")
    row["status_symbol"] = STATUS_SYMBOLS.get(entry["status"], "")
    row["indicator_label"] = indicator_label(entry)
    if entry["kind"] == Kind.QUALITATIVE:
        row["recorded_status_label"] = label_for(QualitativeStatus, entry["recorded_status"])
        return row
    low, high, value = entry.get("target"), entry.get("target_max"), entry.get("value")
    if low is not None:
        row["target_text"] = (
            f"{_percent(low)}–{_percent(high)} %" if high is not None else f"{_percent(low)} %"
        )
    if value is not None:
        row["value_text"] = f"{_percent(value)} %"
        if low is not None:
            row["bar"] = {
                "value": _position(value),
                "target": _position(low),
                "target_max": _position(high) if high is not None else None,
                "band_width": _position(high - low) if high is not None else None,
            }
    return row


def _summary(entries):
    """How many goals stand at each status (from the report's entries; nothing is counted again)."""
    return [
        {
            "status": status.value,
            "label": status.label,
            "count": sum(1 for e in entries if e["status"] == status.value),
        }
        for status in GoalStatus
        if status != GoalStatus.HIDDEN or any(e["status"] == status.value for e in entries)
    ]


def _sections_for_goals(project):
    """The report sections the project's goals need: ``goals`` and what its indicators read."""
    codes = Goal.objects.filter(project=project, archived=False).values_list("indicator", flat=True)
    return {"goals"} | sections_read(codes)


@access_rule(Rule.STAFF)
def goals(request, code):
    """Every goal of the project, by level, with target, value and status as of a chosen date."""
    project = project_or_404(request.user, code, REPORT)
    form = ReportDateForm(request.GET or None)
    report = suppression = None
    if not form.is_bound or form.is_valid():
        on = form.cleaned_data.get("on") if form.is_bound else None
        report, suppression = report_shown(request, project, on=on, sections=_sections_for_goals(project))
    may_change = actions.may_change(request.user, project)
    levels, summary, ended = [], [], False
    if report is not None:
        ended = project_ended(project, datetime.date.fromisoformat(report["on"]))
        summary = _summary(report["goals"])
        rows = [_display(entry) for entry in report["goals"]]
        levels = [
            {"code": level, "label": label, "goals": [row for row in rows if row["level"] == level]}
            for level, label in Level.choices
        ]
    archived = (
        list(Goal.objects.filter(project=project, archived=True).order_by("level", "order", "pk"))
        if may_change
        else []
    )
    return render(
        request,
        "goals/goals.html",
        {
            "project": project,
            "form": form,
            "report": report,
            "levels": levels,
            "may_change": may_change,
            "archived": archived,
            "summary": summary,
            "ended": ended,
            "margin": int(ON_TRACK_MARGIN * 100),
            # The note when small numbers are hidden; the page has no downloads, so no checkbox
            # (``?suppress_small=1`` still works).
            "suppression": suppression if suppression is not None and suppression.applied else None,
        },
    )


@dataclass(frozen=True)
class _Editable:
    """What differs between the goal forms and the plan-step forms; the pages themselves do not."""

    model: type
    form: type
    create: Callable
    update: Callable
    back: str  # the list page's URL name
    anchor: str  # the list page's row id prefix
    template: str
    new_title: "StrOrPromise"
    edit_title: "StrOrPromise"
    created: "StrOrPromise"  # success messages, with %(name)s
    changed: "StrOrPromise"
    missing: "StrOrPromise"


GOAL = _Editable(
    Goal,
    GoalForm,
    actions.create_goal,
    actions.update_goal,
    "goals:goals",
    "goal",
    "goals/goal_form.html",
    _lazy("Nytt mål"),
    _lazy("Ändra mål"),
    _lazy("Målet ”%(name)s” är sparat."),
    _lazy("Ändringarna i målet ”%(name)s” är sparade."),
    _lazy("Målet finns inte."),
)
STEP = _Editable(
    ImplementationStep,
    StepForm,
    actions.create_step,
    actions.update_step,
    "goals:plan",
    "step",
    "goals/step_form.html",
    _lazy("Ny aktivitet i genomförandeplanen"),
    _lazy("Ändra aktivitet"),
    _lazy("Aktiviteten ”%(name)s” är sparad."),
    _lazy("Ändringarna i ”%(name)s” är sparade."),
    _lazy("Aktiviteten finns inte."),
)


def _form_page(request, project, form, perform, spec, title, message):
    """Run the form's action, then go back to the list page at the saved row; else show the form."""
    back_url = reverse(spec.back, kwargs={"code": project.code})
    done = run_action_form(
        request,
        form,
        perform,
        lambda obj: str(message) % {"name": obj},
        lambda obj: f"{back_url}#{spec.anchor}-{obj.pk}",
    )
    if done:
        return done
    return render(
        request, spec.template, {"project": project, "form": form, "title": title, "cancel_url": back_url}
    )


def _create_page(request, code, spec, initial):
    project = project_or_404(request.user, code, REPORT)
    _refuse_unless_may_change(request.user, project)
    form = spec.form(request.POST or None, initial=initial)

    def perform(data):
        return spec.create(request.user, project, **form.action_fields())

    return _form_page(request, project, form, perform, spec, spec.new_title, spec.created)


def _edit_page(request, code, pk, spec):
    project = project_or_404(request.user, code, REPORT)
    _refuse_unless_may_change(request.user, project)
    obj = spec.model.objects.filter(project=project, pk=pk).select_related("project").first()
    if obj is None:
        raise Http404(spec.missing)
    form = spec.form(request.POST or None, initial=spec.form.initial_for(obj), editing=True)

    def perform(data):
        return spec.update(request.user, obj, version=data.get("version"), **form.action_fields())

    return _form_page(request, project, form, perform, spec, spec.edit_title, spec.changed)


@access_rule(Rule.STAFF)
@require_http_methods(["GET", "POST"])
def goal_create(request, code):
    level = request.GET.get("niva")
    return _create_page(
        request, code, GOAL, {"level": level if level in Level.values else "", "kind": "computed"}
    )


@access_rule(Rule.STAFF)
@require_http_methods(["GET", "POST"])
def goal_edit(request, code, pk):
    return _edit_page(request, code, pk, GOAL)


@access_rule(Rule.STAFF)
def plan(request, code):
    """The implementation plan as a table (what, how, who, when, status); printable."""
    project = project_or_404(request.user, code, REPORT)
    today = timezone.localdate()
    steps = []
    for entry in plan_section(project, None, None):
        row = dict(entry)
        row["when"] = when_text(entry["start"], entry["end"])
        row["status_label"] = label_for(StepStatus, entry["status"])
        row["overdue"] = is_overdue(entry, today)
        steps.append(row)
    return render(
        request,
        "goals/plan.html",
        {
            "project": project,
            "steps": steps,
            "may_change": actions.may_change(request.user, project),
            "today": today,
        },
    )


@access_rule(Rule.STAFF)
@require_http_methods(["GET", "POST"])
def step_create(request, code):
    return _create_page(request, code, STEP, {"status": StepStatus.PLANERAD})


@access_rule(Rule.STAFF)
@require_http_methods(["GET", "POST"])
def step_edit(request, code, pk):
    return _edit_page(request, code, pk, STEP)

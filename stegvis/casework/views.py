"""Pages of the mapping and the plan of one enrolment, and a project's choice of mapping areas.

Rows come from ``restrict``: an enrolment, goal or step the user may not see (or change, on a
form) answers 404 as if it did not exist; evaluators never reach these pages (403). Opening a page
with a person's casework is recorded in the audit log. Writes go through
:mod:`stegvis.casework.actions` via the shared form helper, so an action's error appears at its
field and a stale edit gets the conflict message with the user's input kept.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stegvis.audit.log import AuditAction, record
from stegvis.casework import actions
from stegvis.casework.areas import project_areas
from stegvis.casework.forms import GoalForm, MappingEntryForm, ProjectAreasForm, StepForm
from stegvis.casework.models import (
    GoalStatus,
    LifeArea,
    MappingEntry,
    PlanGoal,
    PlanStep,
    ProjectCasework,
    StepStatus,
)
from stegvis.casework.plan import by_horizon, goals_with_steps, mapping_rows
from stegvis.core.access import CHANGE, VIEW, Rule, access_rule, get_restricted_or_404, may
from stegvis.core.views_helpers import run_action_form
from stegvis.organizations.access import project_or_404
from stegvis.participants.access import enrollment_or_404
from stegvis.participants.languages import chosen_language


def _posted(request):
    """The POST data, or ``None`` on GET (an empty POST, e.g. no box ticked, is still a submitted form)."""
    return request.POST if request.method == "POST" else None


def _audit_read(request, enrollment, what):
    record(request.user, AuditAction.VIEW, enrollment, person=enrollment.person, detail=what)


def _form_page(request, form, enrollment, *, title, submit, cancel_url, intro=""):
    return render(
        request,
        "casework/form.html",
        {
            "form": form,
            "person": enrollment.person,
            "enrollment": enrollment,
            "title": title,
            "submit": submit,
            "cancel_url": cancel_url,
            "intro": intro,
        },
    )


def _mapping_url(enrollment, area=None):
    url = reverse("casework:mapping", args=[enrollment.pk])
    return f"{url}#omrade-{area.code}" if area is not None else url


def _plan_url(enrollment):
    return reverse("casework:plan", args=[enrollment.pk])


# --- Mapping -------------------------------------------------------------------------------------


@access_rule(Rule.PERSONAL_DATA)
def mapping(request, pk):
    """Every area of the enrolment's mapping: the person's own words, strengths and obstacles."""
    enrollment = enrollment_or_404(request.user, pk, VIEW)
    rows = mapping_rows(request.user, [enrollment])[enrollment.pk]
    _audit_read(request, enrollment, "kartläggning")
    may_change_project = may(request.user, CHANGE, enrollment.project)
    return render(
        request,
        "casework/mapping.html",
        {
            "person": enrollment.person,
            "enrollment": enrollment,
            "rows": rows,
            "filled": sum(1 for _area, entry in rows if entry is not None),
            "can_change": may(request.user, CHANGE, enrollment),
            "may_change_project": may_change_project,
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def mapping_entry(request, pk, area):
    """Fill in (or correct) one area of the mapping."""
    enrollment = enrollment_or_404(request.user, pk, CHANGE)
    area = get_object_or_404(LifeArea, code=area)
    entry = (
        MappingEntry.objects.restrict(request.user, CHANGE)
        .filter(mapping__enrollment=enrollment, area=area)
        .first()
    )
    if entry is None and area not in project_areas(enrollment.project):
        raise Http404(_("Området används inte i projektets kartläggning."))
    if entry is not None:
        initial = MappingEntryForm.initial_for(entry)
        if request.method == "GET":
            record(request.user, AuditAction.VIEW, entry, person=enrollment.person, detail=area.name)
    else:
        initial = {"recorded_on": datetime.date.today()}
    form = MappingEntryForm(_posted(request), initial=initial)

    def perform(data):
        actions.save_mapping_entry(
            request.user, enrollment, area=area, version=data.get("version"), **form.action_fields()
        )
        return enrollment

    done = run_action_form(
        request,
        form,
        perform,
        _("Kartläggningen av %(area)s är sparad.") % {"area": area.name},
        lambda e: _mapping_url(e, area),
    )
    if done:
        return done
    return _form_page(
        request,
        form,
        enrollment,
        title=_("Kartläggning: %(area)s") % {"area": area.name},
        submit=_("Spara området"),
        cancel_url=_mapping_url(enrollment),
        intro=area.description,
    )


# --- Plan ----------------------------------------------------------------------------------------


def _plan_context(request, enrollment):
    today = datetime.date.today()
    goals = goals_with_steps(request.user, [enrollment.pk], today).get(enrollment.pk, [])
    return {
        "person": enrollment.person,
        "enrollment": enrollment,
        "today": today,
        "goals": goals,
        "horizons": by_horizon(goals),
    }


@access_rule(Rule.PERSONAL_DATA)
def plan(request, pk):
    """The plan of one enrolment: goals and steps, printable."""
    enrollment = enrollment_or_404(request.user, pk, VIEW)
    context = _plan_context(request, enrollment)
    context["can_change"] = may(request.user, CHANGE, enrollment)
    _audit_read(request, enrollment, "plan")
    return render(request, "casework/plan.html", context)


@access_rule(Rule.PERSONAL_DATA)
def participant_plan(request, pk):
    """ "Din plan": the plan in plain Swedish, to print or show to the participant (no personnummer)."""
    enrollment = enrollment_or_404(request.user, pk, VIEW)
    context = _plan_context(request, enrollment)
    # Goals given up and steps called off would only confuse; what is left is what still matters.
    goals = [g for g in context["goals"] if g.status != GoalStatus.AVBRUTET]
    for goal in goals:
        goal.step_list = [s for s in goal.step_list if s.status != StepStatus.INSTALLD]
    context["horizons"] = by_horizon(goals)
    # Printed in the participant's language if staff choose one; what staff wrote stays Swedish.
    language, context["language_form"] = chosen_language(request, settings.LANGUAGE_CODE)
    context["plan_language"] = language
    context["in_swedish"] = language == settings.LANGUAGE_CODE
    # Month names exist only in some of the languages' catalogues: other languages get 2025-03-12.
    context["date_format"] = "j F Y" if context["in_swedish"] else "Y-m-d"
    _audit_read(request, enrollment, "Din plan" if context["in_swedish"] else f"Din plan ({language})")
    return render(request, "casework/participant_plan.html", context)


def _plan_form(request, form, enrollment, write, *, success, title, submit, intro=""):
    """Every plan form: ``write(version, fields)`` calls one action; then back to the plan page."""

    def perform(data):
        write(data.get("version"), form.action_fields())
        return enrollment

    done = run_action_form(request, form, perform, success, _plan_url)
    return done or _form_page(
        request, form, enrollment, title=title, submit=submit, cancel_url=_plan_url(enrollment), intro=intro
    )


_GOAL_NOT_FOUND = gettext_lazy("Målet finns inte eller så saknar du behörighet.")


def _plan_goals():
    """Plan goals with their enrolment, person, project and organisation loaded."""
    return PlanGoal.objects.select_related(
        "enrollment__person", "enrollment__project", "enrollment__organization"
    )


def _goal_intro(goal):
    return _("Mål: %(goal)s") % {"goal": goal.text}


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def goal_create(request, pk):
    enrollment = enrollment_or_404(request.user, pk, CHANGE)
    return _plan_form(
        request,
        GoalForm(_posted(request)),
        enrollment,
        lambda _version, fields: actions.create_goal(request.user, enrollment, **fields),
        success=_("Målet är sparat."),
        title=_("Nytt mål i planen"),
        submit=_("Spara målet"),
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def goal_edit(request, pk):
    goal = get_restricted_or_404(_plan_goals(), request.user, CHANGE, pk=pk, not_found=_GOAL_NOT_FOUND)
    return _plan_form(
        request,
        GoalForm(_posted(request), initial=GoalForm.initial_for(goal)),
        goal.enrollment,
        lambda version, fields: actions.update_goal(request.user, goal, version=version, **fields),
        success=_("Målet är ändrat."),
        title=_("Ändra mål"),
        submit=_("Spara ändringen"),
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def step_create(request, pk):
    goal = get_restricted_or_404(_plan_goals(), request.user, CHANGE, pk=pk, not_found=_GOAL_NOT_FOUND)
    return _plan_form(
        request,
        StepForm(_posted(request), initial={"owner": "deltagare"}),
        goal.enrollment,
        lambda _version, fields: actions.create_step(request.user, goal, **fields),
        success=_("Steget är sparat."),
        title=_("Nytt steg"),
        submit=_("Spara steget"),
        intro=_goal_intro(goal),
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def step_edit(request, pk):
    step = get_restricted_or_404(
        PlanStep.objects.select_related(
            "goal__enrollment__person", "goal__enrollment__project", "goal__enrollment__organization"
        ),
        request.user,
        CHANGE,
        pk=pk,
        not_found=_("Steget finns inte eller så saknar du behörighet."),
    )
    return _plan_form(
        request,
        StepForm(_posted(request), initial=StepForm.initial_for(step)),
        step.goal.enrollment,
        lambda version, fields: actions.update_step(request.user, step, version=version, **fields),
        success=_("Steget är ändrat."),
        title=_("Ändra steg"),
        submit=_("Spara ändringen"),
        intro=_goal_intro(step.goal),
    )


# --- Project settings ----------------------------------------------------------------------------


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def project_areas_page(request, code):
    """Which areas of the life situation a project's mappings use: project leaders and administrators."""
    project = project_or_404(request.user, code)
    if not may(request.user, CHANGE, project):
        raise PermissionDenied(_("Bara projektledare och administratörer kan välja projektets områden."))
    settings = ProjectCasework.objects.filter(project=project).first()
    form = ProjectAreasForm(
        _posted(request),
        initial={
            "areas": project_areas(project),
            "version": settings.version if settings else None,
        },
    )

    def perform(data):
        return actions.save_project_areas(
            request.user, project, areas=data["areas"], version=data.get("version")
        )

    done = run_action_form(
        request,
        form,
        perform,
        _("Projektets områden är sparade."),
        lambda _settings: reverse("casework:project_areas", args=[project.code]),
    )
    if done:
        return done
    return render(
        request,
        "casework/project_areas.html",
        {"form": form, "project": project, "configured": settings is not None},
    )

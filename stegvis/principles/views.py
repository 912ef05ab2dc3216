"""Pages of the horizontal principles.

Adaptations are a participant's casework: the pages follow the enrolment (``enrollment_or_404``,
404 for one the user may not change) and opening the form to remove one is audited as a read.
The checklist is read by everyone who may read the project's report (it holds no personal data)
and changed only by administrators and the project's leaders.
"""

import datetime

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stegvis.audit.log import AuditAction, record
from stegvis.core.access import CHANGE, REPORT, Rule, access_rule, get_restricted_or_404, may
from stegvis.core.views_helpers import action_form_page, run_action_form
from stegvis.organizations.access import administered_project_or_404, project_or_404
from stegvis.participants.access import enrollment_or_404
from stegvis.principles import actions
from stegvis.principles.forms import AdaptationForm, ChecklistForm, ConfirmForm
from stegvis.principles.models import Adaptation, Checklist, ChecklistItem

_NOT_FOUND = gettext_lazy("Anpassningen finns inte eller så saknar du behörighet.")


def _participant_url(enrollment):
    return reverse("participants:detail", args=[enrollment.person_id]) + "#anpassningar"


def _person_form(request, form, enrollment, perform, success, title, submit):
    """A form about one enrolment: run the action, then back to the participant's page."""

    def act(data):
        perform(data)
        return enrollment

    return action_form_page(
        request,
        form,
        act,
        success=success,
        next_url=_participant_url,
        template="interventions/person_form.html",
        person=enrollment.person,
        enrollment=enrollment,
        title=title,
        submit=submit,
        cancel_url=_participant_url(enrollment),
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def adaptation_create(request, pk):
    enrollment = enrollment_or_404(request.user, pk)
    form = AdaptationForm(request.POST or None, initial={"given_on": datetime.date.today()})
    return _person_form(
        request,
        form,
        enrollment,
        lambda data: actions.add_adaptation(request.user, enrollment, **form.action_fields()),
        _("Anpassningen är registrerad."),
        _("Ny anpassning i %(project)s") % {"project": enrollment.project.name},
        _("Spara anpassningen"),
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def adaptation_remove(request, pk):
    adaptation = get_restricted_or_404(
        Adaptation.objects.select_related(
            "enrollment__person", "enrollment__project", "enrollment__organization"
        ),
        request.user,
        CHANGE,
        pk=pk,
        not_found=_NOT_FOUND,
    )
    enrollment = adaptation.enrollment
    form = ConfirmForm(request.POST or None)
    if request.method == "GET":
        record(request.user, AuditAction.VIEW, adaptation, person=enrollment.person)

    return _person_form(
        request,
        form,
        enrollment,
        lambda data: actions.remove_adaptation(request.user, adaptation),
        _("Anpassningen är borttagen."),
        _("Ta bort anpassningen %(name)s?") % {"name": adaptation},
        _("Ta bort"),
    )


def _checklist_rows(checklist):
    answers = {a.item: a for a in checklist.answers.all()} if checklist else {}
    return [
        {"item": item, "question": question, "answer": answers.get(item)}
        for item, question in ChecklistItem.choices
    ]


@access_rule(Rule.STAFF)
def checklist(request, code):
    """The project's answers on the horizontal principles, each with the day it last changed."""
    project = project_or_404(request.user, code, REPORT)
    current = Checklist.objects.filter(project=project).select_related("updated_by").first()
    return render(
        request,
        "principles/checklist.html",
        {
            "project": project,
            "checklist": current,
            "rows": _checklist_rows(current),
            "can_change": may(request.user, CHANGE, project),
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def checklist_edit(request, code):
    project = administered_project_or_404(request.user, code)
    current = Checklist.objects.filter(project=project).first()
    form = ChecklistForm(request.POST or None, editing=True, initial=ChecklistForm.initial_from(current))

    def perform(data):
        actions.save_checklist(request.user, project, version=data.get("version"), answers=form.answers())
        return project

    done = run_action_form(
        request,
        form,
        perform,
        _("Checklistan är sparad."),
        lambda p: reverse("principles:checklist", args=[p.code]),
    )
    return done or render(
        request,
        "principles/checklist_form.html",
        {
            "form": form,
            "project": project,
            "title": _("Horisontella principer i %(project)s") % {"project": project.name},
            "cancel_url": reverse("principles:checklist", args=[project.code]),
        },
    )

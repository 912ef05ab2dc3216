"""Pages of interventions: the catalogue, a participant's interventions and praktik placements.

The catalogue is a casework tool: everyone who works with the project's participants may read it
(``Project.objects.restrict(user, "view")``); administrators and project leaders manage it
(``"change"``). A participant's interventions and placements come from ``restrict`` on their
enrolment: one the user may not change answers 404 as if it did not exist. Writes go through
:mod:`stegvis.interventions.actions` via the shared form helper, so an action's error appears at
its field and a stale edit gets the conflict message. Opening a page with a person's
interventions is recorded in the audit log.
"""

import datetime

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from stegvis.audit.log import AuditAction, record
from stegvis.core.access import CHANGE, VIEW, Rule, access_rule, get_restricted_or_404, may
from stegvis.core.views_helpers import run_action_form
from stegvis.employers.models import Employer
from stegvis.interventions import actions
from stegvis.interventions.forms import (
    InterventionForm,
    ParticipationForm,
    PlacementFollowUpForm,
    PlacementForm,
)
from stegvis.interventions.models import Intervention, ParticipantIntervention, Placement
from stegvis.interventions.tables import CatalogueTable
from stegvis.organizations.access import project_or_404
from stegvis.organizations.models import Project
from stegvis.participants.access import enrollment_or_404

PER_PAGE = 50


# --- The catalogue -------------------------------------------------------------------------------


def _catalogue_url(entry):
    return reverse("interventions:catalogue", args=[entry.project.code])


@access_rule(Rule.PERSONAL_DATA)
def catalogue_index(request):
    """The projects whose catalogue the user may read, with the number of entries."""
    projects = (
        Project.objects.restrict(request.user, VIEW)
        .annotate(
            entries=Count("interventions"),
            active_entries=Count("interventions", filter=Q(interventions__active=True)),
        )
        .order_by("name")
    )
    changeable = set(Project.objects.restrict(request.user, CHANGE).values_list("pk", flat=True))
    return render(
        request, "interventions/catalogue_index.html", {"projects": projects, "changeable": changeable}
    )


@access_rule(Rule.PERSONAL_DATA)
def catalogue(request, code):
    """One project's catalogue, with how many participants take part in each entry now."""
    project = project_or_404(request.user, code)
    can_change = may(request.user, CHANGE, project)
    rows = (
        Intervention.objects.filter(project=project)
        .select_related("organization", "provider_organization")
        .annotate(ongoing=Count("participations", filter=Q(participations__end_date__isnull=True)))
    )
    table = CatalogueTable(rows, order_by=("category", "name"), exclude=() if can_change else ("action",))
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(
        request,
        "interventions/catalogue.html",
        {
            "project": project,
            "table": table,
            "total": table.paginator.count,
            "can_change": can_change,
        },
    )


def _catalogue_form_page(request, form, project, title):
    return render(
        request,
        "interventions/catalogue_form.html",
        {
            "form": form,
            "project": project,
            "title": title,
            "cancel_url": reverse("interventions:catalogue", args=[project.code]),
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def catalogue_create(request, code):
    project = project_or_404(request.user, code, CHANGE)
    form = InterventionForm(request.POST or None, project=project)

    def perform(data):
        return actions.create_intervention(request.user, project, **form.action_fields())

    done = run_action_form(
        request,
        form,
        perform,
        lambda entry: _("Insatsen %(name)s är tillagd.") % {"name": entry.name},
        _catalogue_url,
    )
    return done or _catalogue_form_page(
        request, form, project, _("Ny insats i %(project)s") % {"project": project.name}
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def catalogue_edit(request, pk):
    entry = (
        Intervention.objects.filter(pk=pk, project__in=Project.objects.restrict(request.user, CHANGE))
        .select_related("project")
        .first()
    )
    if entry is None:
        raise Http404(_("Insatsen finns inte eller så saknar du behörighet."))
    form = InterventionForm(
        request.POST or None, project=entry.project, editing=True, initial=InterventionForm.initial_for(entry)
    )

    def perform(data):
        return actions.update_intervention(
            request.user, entry, version=data.get("version"), **form.action_fields()
        )

    done = run_action_form(request, form, perform, _("Insatsen är ändrad."), _catalogue_url)
    return done or _catalogue_form_page(
        request, form, entry.project, _("Ändra %(name)s") % {"name": entry.name}
    )


# --- A participant's interventions ---------------------------------------------------------------


def _participant_url(enrollment):
    return reverse("participants:detail", args=[enrollment.person_id]) + "#insatser"


def _person_page(request, template, form, enrollment, title, submit, **extra):
    return render(
        request,
        template,
        {
            "form": form,
            "person": enrollment.person,
            "enrollment": enrollment,
            "title": title,
            "submit": submit,
            "cancel_url": _participant_url(enrollment),
            **extra,
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def participation_create(request, pk):
    """Register an intervention from the project's catalogue for one enrolment."""
    enrollment = enrollment_or_404(request.user, pk)
    form = ParticipationForm(
        request.POST or None, interventions=actions.available_interventions(enrollment).filter(active=True)
    )

    def perform(data):
        actions.add_participant_intervention(request.user, enrollment, **form.action_fields())
        return enrollment

    done = run_action_form(request, form, perform, _("Insatsen är registrerad."), _participant_url)
    return done or _person_page(
        request,
        "interventions/person_form.html",
        form,
        enrollment,
        _("Lägg till insats i %(project)s") % {"project": enrollment.project.name},
        _("Spara insatsen"),
    )


_PARTICIPATION_NOT_FOUND = gettext_lazy("Insatsen finns inte eller så saknar du behörighet.")


def _participations():
    """A participant's interventions with the intervention, enrolment and person loaded."""
    return ParticipantIntervention.objects.select_related(
        "intervention", "enrollment__person", "enrollment__project", "enrollment__organization"
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def participation_edit(request, pk):
    """Correct a participant's intervention or end it; the version guards against lost updates."""
    participation = get_restricted_or_404(
        _participations(), request.user, CHANGE, pk=pk, not_found=_PARTICIPATION_NOT_FOUND
    )
    enrollment = participation.enrollment
    choices = actions.available_interventions(enrollment).filter(
        Q(active=True) | Q(pk=participation.intervention_id)
    )
    form = ParticipationForm(
        request.POST or None,
        interventions=choices,
        editing=True,
        initial=ParticipationForm.initial_for(participation),
    )
    if request.method == "GET":
        record(request.user, AuditAction.VIEW, participation, person=enrollment.person)

    def perform(data):
        actions.update_participant_intervention(
            request.user, participation, version=data.get("version"), **form.action_fields()
        )
        return enrollment

    done = run_action_form(request, form, perform, _("Insatsen är ändrad."), _participant_url)
    return done or _person_page(
        request,
        "interventions/person_form.html",
        form,
        enrollment,
        _("Ändra insats: %(name)s") % {"name": participation.intervention.name},
        _("Spara ändringen"),
    )


# --- Placements ------------------------------------------------------------------------------------


def _placement_url(placement):
    return reverse("interventions:placement_detail", args=[placement.pk])


_PLACEMENT_NOT_FOUND = gettext_lazy("Praktikplatsen finns inte eller så saknar du behörighet.")


def _placements():
    """Placements with their intervention, enrolment and person loaded."""
    return Placement.objects.select_related(
        "employer",
        "participation__intervention",
        "participation__enrollment__person",
        "participation__enrollment__project",
        "participation__enrollment__organization",
    )


def _employer_choices(user, enrollment, current=None):
    """The active employers of the enrolling organisation's register the user sees (and the one linked now)."""
    return Employer.objects.restrict(user, VIEW).filter(
        Q(active=True) | Q(pk=current), organization_id=enrollment.organization_id
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def placement_create(request, pk):
    """Give a praktik or arbetsträning its workplace and supervisor."""
    participation = get_restricted_or_404(
        _participations(), request.user, CHANGE, pk=pk, not_found=_PARTICIPATION_NOT_FOUND
    )
    form = PlacementForm(
        request.POST or None, employers=_employer_choices(request.user, participation.enrollment)
    )

    def perform(data):
        return actions.add_placement(request.user, participation, **form.action_fields())

    done = run_action_form(request, form, perform, _("Arbetsplatsen är sparad."), _placement_url)
    return done or _person_page(
        request,
        "interventions/person_form.html",
        form,
        participation.enrollment,
        _("Arbetsplats för %(name)s") % {"name": participation.intervention.name},
        _("Spara arbetsplatsen"),
    )


@access_rule(Rule.PERSONAL_DATA)
def placement_detail(request, pk):
    """A placement with its supervisor, dates, outcome and follow-ups."""
    placement = get_restricted_or_404(
        _placements(), request.user, VIEW, pk=pk, not_found=_PLACEMENT_NOT_FOUND
    )
    participation = placement.participation
    enrollment = participation.enrollment
    record(request.user, AuditAction.VIEW, placement, person=enrollment.person)
    return render(
        request,
        "interventions/placement_detail.html",
        {
            "placement": placement,
            "participation": participation,
            "enrollment": enrollment,
            "person": enrollment.person,
            "follow_ups": placement.follow_ups.select_related("recorded_by"),
            "can_change": may(request.user, CHANGE, placement),
            "back_url": _participant_url(enrollment),
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def placement_edit(request, pk):
    """Change the workplace details or record the outcome."""
    placement = get_restricted_or_404(
        _placements(), request.user, CHANGE, pk=pk, not_found=_PLACEMENT_NOT_FOUND
    )
    form = PlacementForm(
        request.POST or None,
        editing=True,
        initial=PlacementForm.initial_for(placement),
        employers=_employer_choices(request.user, placement.participation.enrollment, placement.employer_id),
    )

    def perform(data):
        return actions.update_placement(
            request.user, placement, version=data.get("version"), **form.action_fields()
        )

    done = run_action_form(request, form, perform, _("Arbetsplatsen är ändrad."), _placement_url)
    return done or _person_page(
        request,
        "interventions/person_form.html",
        form,
        placement.participation.enrollment,
        _("Ändra arbetsplats: %(name)s") % {"name": placement.workplace_name},
        _("Spara ändringen"),
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def placement_follow_up_create(request, pk):
    """Record a follow-up of a placement (with the participant and the supervisor)."""
    placement = get_restricted_or_404(
        _placements(), request.user, CHANGE, pk=pk, not_found=_PLACEMENT_NOT_FOUND
    )
    form = PlacementFollowUpForm(request.POST or None, initial={"date": datetime.date.today()})

    def perform(data):
        actions.add_placement_follow_up(request.user, placement, date=data["date"], note=data["note"])
        return placement

    done = run_action_form(request, form, perform, _("Uppföljningen är sparad."), _placement_url)
    return done or _person_page(
        request,
        "interventions/person_form.html",
        form,
        placement.participation.enrollment,
        _("Uppföljning av praktik på %(name)s") % {"name": placement.workplace_name},
        _("Spara uppföljningen"),
    )

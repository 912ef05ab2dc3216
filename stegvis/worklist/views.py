"""The coordinator's worklist: who needs attention today and for what, gathered from the casework apps.

Rows come from ``Enrollment.objects.restrict(user, "view")``: by default the user's own
enrolments as coordinator, widened on request to everyone the user may see. The rules live in
:mod:`stegvis.worklist.rules`; this page chooses the enrolments and shows their items grouped
by person. Each item can be decided about (done, snoozed, dismissed) by those who may change
the enrolment, through :mod:`stegvis.worklist.actions`; the decisions page lists the decisions
in effect and undoes them. Pages that list persons are audited: one entry for the list (with
its filters) and one per person shown, in two INSERTs whatever the size (as the SUS list does).
"""

import datetime

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stegvis.audit.log import record_list
from stegvis.core.access import CHANGE, VIEW, Rule, access_rule, get_restricted_or_404
from stegvis.core.errors import ActionError
from stegvis.core.views_helpers import apply_action_error
from stegvis.participants.access import projects_with_visible_enrollments
from stegvis.participants.models import Enrollment
from stegvis.worklist import actions, rules
from stegvis.worklist.forms import MINE, DecisionForm, WorklistFilterForm, list_query
from stegvis.worklist.models import Decision, ItemDecision, Kind

MAX_ID_DIGITS = 9
"""A posted id longer than this is no row (and would overflow the database's integer)."""

DECISIONS_LIMIT = 200
"""Decisions shown on the decisions page, the newest first."""


def enrollments_for(user, scope, project=None):
    """The enrolments the worklist is about: the user's own (``mina``) or all they may see."""
    enrollments = Enrollment.objects.restrict(user, VIEW)
    if scope == MINE:
        enrollments = enrollments.filter(coordinator=user)
    if project is not None:
        enrollments = enrollments.filter(project=project)
    return enrollments


def _audit(user, params, worklist, scope, project, weeks, on):
    persons = rules.persons_shown(worklist)
    detail = f"Arbetslista {on.isoformat()}: {scope}, projekt={project.code if project else 'alla'}, veckor={weeks}"
    record_list(
        user,
        "worklist",
        detail=detail,
        params=params,
        shown=len(persons),
        persons=persons,
        person_detail=_("Arbetslista"),
    )


@access_rule(Rule.PERSONAL_DATA)
def index(request):
    """The worklist of today by person, as of the filters chosen (own enrolments and every kind by default)."""
    user = request.user
    on = datetime.date.today()
    projects = projects_with_visible_enrollments(user)
    form = WorklistFilterForm(request.GET or None, projects=projects, default_weeks=rules.default_weeks())
    scope, project, weeks, kinds = form.choices()
    worklist = rules.build(user, enrollments_for(user, scope, project), on, weeks, kinds)
    _audit(user, request.GET, worklist, scope, project, weeks, on)
    return render(
        request,
        "worklist/index.html",
        {
            "form": form,
            "worklist": worklist,
            "kinds": [(kind, Kind(kind).label, worklist.counts[kind]) for kind in kinds],
            "on": on,
            "weeks": weeks,
            "scope": scope,
            "project": project,
            "mine": scope == MINE,
            "query": request.GET.urlencode(),
            "steps_lookahead": rules.STEPS_LOOKAHEAD_DAYS,
            "reason_outcome": rules.REASON_OUTCOME,
        },
    )


def _back(query):
    return reverse("worklist:index") + (f"?{query}" if query else "")


def _decided_message(item, person):
    name = person.display_name
    if item.decision == Decision.PAUSAD:
        day = item.snoozed_until.isoformat()
        return _("Punkten för %(name)s är pausad till %(day)s.") % {"name": name, "day": day}
    if item.decision == Decision.AVFARDAD:
        return _("Punkten för %(name)s är avfärdad.") % {"name": name}
    return _("Punkten för %(name)s är markerad klar.") % {"name": name}


@access_rule(Rule.PERSONAL_DATA)
@require_POST
def decide(request):
    """Mark one item done, snooze it or dismiss it; back to the list with the same filters.

    Wrong input shows the decision again on a page of its own, with the message at the field.
    """
    raw_pk = request.POST.get("enrollment", "")
    enrollment = get_restricted_or_404(
        Enrollment.objects.select_related("person"),
        request.user,
        CHANGE,
        pk=int(raw_pk) if raw_pk.isdigit() and len(raw_pk) <= MAX_ID_DIGITS else 0,
    )
    form = DecisionForm(request.POST)
    query = list_query(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = actions.decide(
                request.user,
                enrollment,
                kind=data["kind"],
                ref_date=data["ref_date"],
                decision=data["decision"],
                object_id=data["object_id"],
                variant=data["variant"],
                snoozed_until=data["snoozed_until"],
                reason=data["reason"],
            )
        except ActionError as error:
            apply_action_error(form, error)
        else:
            messages.success(request, _decided_message(item, enrollment.person))
            return redirect(_back(query))
    kind = form.data.get("kind", "")
    return render(
        request,
        "worklist/decide.html",
        {
            "form": form,
            "enrollment": enrollment,
            "kind_label": Kind(kind).label if kind in Kind.values else "",
            "back": _back(query),
        },
    )


@access_rule(Rule.PERSONAL_DATA)
def decisions(request):
    """The decisions in effect on the user's own participants or made by the user, to undo them."""
    user = request.user
    on = datetime.date.today()
    rows = (
        rules.decisions_in_effect(on)
        .restrict(user, VIEW)
        .filter(Q(enrollment__coordinator=user) | Q(decided_by=user))
    )
    rows = rows.annotate(
        may_change=rules.may_change_annotation(user, "enrollment_id"), what=rules.decided_object_name()
    ).select_related("enrollment__person", "enrollment__project", "decided_by")
    count = rows.count()
    shown = list(rows[:DECISIONS_LIMIT])
    persons = list({row.enrollment.person.pk: row.enrollment.person for row in shown}.values())
    record_list(
        user,
        "worklist",
        detail=f"Arbetslistans beslut {on.isoformat()}",
        params=request.GET,
        shown=len(persons),
        persons=persons,
        person_detail=_("Arbetslistans beslut"),
    )
    for row in shown:
        row.may_undo = row.may_change and actions.may_undo(row)
    return render(
        request,
        "worklist/decisions.html",
        {"rows": shown, "count": count, "truncated": count > len(shown), "steps": Kind.STEPS},
    )


@access_rule(Rule.PERSONAL_DATA)
@require_POST
def undo(request, pk):
    """Undo one decision, so the item is back on the worklist."""
    item = get_restricted_or_404(ItemDecision, request.user, CHANGE, pk=pk)
    try:
        actions.undo(request.user, item)
    except ActionError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Beslutet är ångrat. Punkten finns på arbetslistan igen när den är aktuell.")
        )
    return redirect("worklist:decisions")

"""The coordinator's worklist: who and what needs attention today, gathered from the casework apps.

Rows come from ``Enrollment.objects.restrict(user, "view")``: by default the user's own
enrolments as coordinator, widened on request to everyone the user may see. The sections and
their rules live in :mod:`stegvis.worklist.rules`; this page only chooses the enrolments and shows
them. It lists persons, so opening it is audited: one entry for the list (with its filters) and
one per person shown, in two INSERTs whatever the size (as the SUS list does).
"""

import datetime

from django.shortcuts import render
from django.utils.translation import gettext as _

from stegvis.audit.log import record_list
from stegvis.core.access import VIEW, Rule, access_rule
from stegvis.outcomes.tables import DueFollowUpTable
from stegvis.participants.access import projects_with_visible_enrollments
from stegvis.participants.models import Enrollment
from stegvis.worklist import rules
from stegvis.worklist.forms import MINE, WorklistFilterForm


def enrollments_for(user, scope, project=None):
    """The enrolments the worklist is about: the user's own (``mina``) or all they may see."""
    enrollments = Enrollment.objects.restrict(user, VIEW)
    if scope == MINE:
        enrollments = enrollments.filter(coordinator=user)
    if project is not None:
        enrollments = enrollments.filter(project=project)
    return enrollments


def _audit(user, params, sections, scope, project, weeks, on):
    persons = rules.persons_shown(sections)
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
    """The worklist of today, as of the filters chosen (own enrolments and the default N by default)."""
    user = request.user
    on = datetime.date.today()
    projects = projects_with_visible_enrollments(user)
    form = WorklistFilterForm(request.GET or None, projects=projects, default_weeks=rules.default_weeks())
    scope, project, weeks = form.choices()
    sections = rules.build(user, enrollments_for(user, scope, project), on, weeks)
    _audit(user, request.GET, sections, scope, project, weeks, on)
    return render(
        request,
        "worklist/index.html",
        {
            "form": form,
            "sections": sections,
            "on": on,
            "weeks": weeks,
            "scope": scope,
            "project": project,
            "mine": scope == MINE,
            "not_mine": scope != MINE,
            "follow_up_table": DueFollowUpTable(sections[rules.FOLLOW_UPS].rows, orderable=False),
            "steps_lookahead": rules.STEPS_LOOKAHEAD_DAYS,
            "row_limit": rules.ROW_LIMIT,
            "reason_outcome": rules.REASON_OUTCOME,
        },
    )

"""Pages of follow-up after exit: the due list and the form to record or correct a follow-up.

Rows come from ``restrict``: an enrolment or follow-up the user may not change answers 404 as if
it did not exist. Writes go through :mod:`stegvis.outcomes.actions` via the shared form helper,
so an action's error appears at its field and a stale edit gets the conflict message.
"""

import datetime

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from stegvis.audit.log import AuditAction, record, record_table
from stegvis.core.access import CHANGE, VIEW, Rule, access_rule, get_restricted_or_404
from stegvis.core.views_helpers import run_action_form
from stegvis.outcomes import actions, schedule
from stegvis.outcomes.forms import DueFilterForm, FollowUpForm
from stegvis.outcomes.models import ExitFollowUp
from stegvis.outcomes.tables import DueFollowUpTable
from stegvis.participants.access import enrollment_or_404, projects_with_visible_enrollments, with_may_change
from stegvis.participants.models import Enrollment

PER_PAGE = 25


def due_list_queryset(user, on, project=None, point=None, overdue_only=False):
    """The rows of the due list: enrolments the user may see with a follow-up due on ``on``."""
    enrollments = Enrollment.objects.restrict(user, VIEW)
    if project is not None:
        enrollments = enrollments.filter(project=project)
    rows = schedule.due_follow_ups(enrollments, on)
    if point:
        rows = rows.filter(due_point=point)
    if overdue_only:
        rows = rows.filter(overdue=True)
    return with_may_change(rows, user).select_related("person", "project", "coordinator")


@access_rule(Rule.PERSONAL_DATA)
def due_list(request):
    """Everyone the user may see whose follow-up after exit is due or overdue today."""
    today = datetime.date.today()
    projects = projects_with_visible_enrollments(request.user)
    form = DueFilterForm(request.GET or None, projects=projects)
    data = form.cleaned_data if form.is_valid() else {}
    rows = due_list_queryset(
        request.user,
        today,
        project=data.get("project"),
        point=data.get("point"),
        overdue_only=data.get("status") == "forsenad",
    )
    table = DueFollowUpTable(rows, order_by=("due_on",))
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    record_table(request, table, "participants.enrollment", detail=_("Uppföljningar efter avslut att göra"))
    return render(
        request,
        "outcomes/due_list.html",
        {
            "form": form,
            "table": table,
            "total": table.paginator.count,
            "lookahead": schedule.LOOKAHEAD_DAYS,
            "overdue_after": schedule.OVERDUE_AFTER_DAYS,
        },
    )


def _participant_url(enrollment):
    return reverse("participants:detail", args=[enrollment.person_id]) + "#efter-avslut"


def _form_page(request, form, enrollment, title, submit):
    return render(
        request,
        "outcomes/follow_up_form.html",
        {
            "form": form,
            "person": enrollment.person,
            "enrollment": enrollment,
            "title": title,
            "submit": submit,
            "points": _point_dates(enrollment),
        },
    )


def _point_dates(enrollment):
    if enrollment.end_date is None:
        return []
    return [
        {
            "months": n,
            "date": schedule.point_date(enrollment.end_date, n),
            "opens": schedule.window_opens(enrollment.end_date, n),
        }
        for n in schedule.POINTS
    ]


def _requested_point(request, enrollment, recorded):
    """The point asked for (``?manader=``), else the first one not recorded yet."""
    asked = request.GET.get("manader", "")
    if asked.isdigit() and int(asked) in schedule.POINTS:
        return int(asked)
    return next((n for n in schedule.POINTS if n not in recorded), schedule.POINTS[0])


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def follow_up_create(request, pk):
    """Record a follow-up of one ended enrolment (``?manader=1|3|6`` chooses the point)."""
    enrollment = enrollment_or_404(request.user, pk)
    recorded = dict(ExitFollowUp.objects.filter(enrollment=enrollment).values_list("months", "pk"))
    months = _requested_point(request, enrollment, recorded)
    if request.method == "GET" and months in recorded:
        return redirect("outcomes:edit", pk=recorded[months])
    initial = {"months": months, "followed_up_on": datetime.date.today()}
    form = FollowUpForm(request.POST or None, initial=initial)

    def perform(data):
        actions.record_exit_follow_up(request.user, enrollment, months=data["months"], **form.action_fields())
        return enrollment

    done = run_action_form(request, form, perform, _("Uppföljningen är sparad."), _participant_url)
    if done:
        return done
    return _form_page(
        request,
        form,
        enrollment,
        _("Uppföljning efter avslut i %(project)s") % {"project": enrollment.project.name},
        _("Spara uppföljningen"),
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def follow_up_edit(request, pk):
    """Correct a recorded follow-up; the version guards against overwriting someone else's change."""
    follow_up = get_restricted_or_404(
        ExitFollowUp.objects.select_related(
            "enrollment__person", "enrollment__project", "enrollment__organization"
        ),
        request.user,
        CHANGE,
        pk=pk,
        not_found=_("Uppföljningen finns inte eller så saknar du behörighet."),
    )
    enrollment = follow_up.enrollment
    form = FollowUpForm(request.POST or None, initial=FollowUpForm.initial_for(follow_up), editing=True)
    if request.method == "GET":
        record(request.user, AuditAction.VIEW, follow_up, person=enrollment.person)

    def perform(data):
        actions.update_exit_follow_up(
            request.user, follow_up, version=data.get("version"), **form.action_fields()
        )
        return enrollment

    done = run_action_form(request, form, perform, _("Uppföljningen är ändrad."), _participant_url)
    if done:
        return done
    return _form_page(
        request,
        form,
        enrollment,
        _("Ändra uppföljning %(months)s i %(project)s")
        % {
            "months": follow_up.get_months_display(),
            "project": enrollment.project.name,
        },
        _("Spara ändringen"),
    )

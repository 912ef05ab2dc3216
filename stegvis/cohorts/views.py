"""Pages of start groups: the list, a group's page, its forms and the attendance of a session.

Rows come from ``restrict``: a group, session or member the user may not see (or change, on the
forms) answers 404 as if it did not exist. A coordinator sees the groups of their projects, but
of the members only those whose enrolment they may see; the others are counted per organisation,
never named, and every figure on the page is computed over the members the user may see.
Writes go through :mod:`stegvis.cohorts.actions`.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stegvis.audit.log import AuditAction, record_many
from stegvis.cohorts import actions
from stegvis.cohorts.figures import attendance_counts, share
from stegvis.cohorts.forms import AddMemberForm, CohortForm, MembershipForm, SessionForm
from stegvis.cohorts.models import Attendance, AttendanceStatus, Cohort, CohortMember, CohortSession
from stegvis.core.access import CHANGE, VIEW, Rule, access_rule, get_restricted_or_404, may
from stegvis.core.errors import ActionError
from stegvis.core.views_helpers import run_action_form
from stegvis.organizations.access import project_or_404
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment


def _count_of(queryset):
    """A correlated COUNT subquery, so several counts per group do not multiply each other."""
    counted = queryset.order_by().values("cohort_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


_COHORT_NOT_FOUND = gettext_lazy("Startgruppen finns inte eller så saknar du behörighet.")


def _cohorts():
    """Start groups with their project and organisation loaded."""
    return Cohort.objects.select_related("project", "organization")


_SESSION_NOT_FOUND = gettext_lazy("Träffen finns inte eller så saknar du behörighet.")


def _sessions():
    """Sessions with their group's project and organisation loaded."""
    return CohortSession.objects.select_related("cohort__project", "cohort__organization")


def _audit_reads(user, members, cohort):
    """One read entry per person shown, in one INSERT."""
    persons = [m.enrollment.person for m in members]
    if persons:
        record_many(user, AuditAction.VIEW, persons, detail=_("Startgrupp: %(name)s") % {"name": cohort.name})


# --- The list --------------------------------------------------------------------------------------


@access_rule(Rule.PERSONAL_DATA)
def cohort_list(request):
    """The start groups of the user's projects, with member counts (names only on the group page)."""
    user = request.user
    visible_members = CohortMember.objects.restrict(user, VIEW)
    cohorts = (
        Cohort.objects.restrict(user, VIEW)
        .select_related("project", "organization")
        .annotate(
            members_total=_count_of(CohortMember.objects.filter(cohort=OuterRef("pk"), left_on__isnull=True)),
            members_visible=_count_of(visible_members.filter(cohort=OuterRef("pk"), left_on__isnull=True)),
            sessions_total=_count_of(CohortSession.objects.filter(cohort=OuterRef("pk"))),
        )
        .order_by("project__name", "-start_date", "name")
    )
    projects = Project.objects.restrict(user, VIEW).order_by("name")
    return render(request, "cohorts/list.html", {"cohorts": cohorts, "projects": projects})


# --- A group's page --------------------------------------------------------------------------------


@access_rule(Rule.PERSONAL_DATA)
def cohort_detail(request, pk):
    """Members, sessions and the attendance matrix; printable. Reads are audited per person."""
    user = request.user
    cohort = get_restricted_or_404(_cohorts(), user, VIEW, pk=pk, not_found=_COHORT_NOT_FOUND)
    leaders = list(cohort.leaders.order_by("first_name", "last_name"))
    visible = CohortMember.objects.restrict(user, VIEW).filter(cohort=cohort)
    members = list(
        visible.select_related("enrollment__person", "enrollment__organization")
        .annotate(**attendance_counts("attendance__"))
        .order_by("enrollment__person__last_name", "enrollment__person__first_name", "pk")
    )
    member_ids = [m.pk for m in members]
    hidden = list(
        CohortMember.objects.filter(cohort=cohort)
        .exclude(pk__in=member_ids)
        .values("enrollment__organization__name")
        .annotate(n=Count("pk"))
        .order_by("enrollment__organization__name")
    )
    seen = Q(attendance__member_id__in=member_ids)
    sessions = list(
        CohortSession.objects.filter(cohort=cohort)
        .annotate(
            seen_registered=Count("attendance", filter=seen),
            seen_present=Count("attendance", filter=seen & Q(attendance__status=AttendanceStatus.PRESENT)),
        )
        .annotate(seen_share=share("seen_present", "seen_registered"))
        .order_by("date", "start_time", "pk")
    )
    statuses = {
        (member_id, session_id): status
        for member_id, session_id, status in Attendance.objects.filter(
            session__cohort=cohort,
            member_id__in=member_ids,
        ).values_list("member_id", "session_id", "status")
    }
    labels = dict(AttendanceStatus.choices)
    matrix = [
        {
            "member": m,
            "cells": [
                {
                    "session": s,
                    "status": statuses.get((m.pk, s.pk), ""),
                    "label": labels.get(statuses.get((m.pk, s.pk)), _("ej registrerad")),
                }
                for s in sessions
            ],
        }
        for m in members
    ]
    _audit_reads(user, members, cohort)
    return render(
        request,
        "cohorts/detail.html",
        {
            "cohort": cohort,
            "leaders": leaders,
            "members": members,
            "hidden": hidden,
            "hidden_total": sum(h["n"] for h in hidden),
            "sessions": sessions,
            "matrix": matrix,
            "can_change": may(user, CHANGE, cohort),
            "symbols": SYMBOLS,
        },
    )


SYMBOLS = {
    AttendanceStatus.PRESENT: "✓",
    AttendanceStatus.ABSENT: "✗",
    AttendanceStatus.EXCUSED: "A",
    "": "–",
}


# --- Forms -----------------------------------------------------------------------------------------


def _form_page(request, form, title, submit, cancel_url, cohort=None, project=None):
    return render(
        request,
        "cohorts/form.html",
        {
            "form": form,
            "title": title,
            "submit": submit,
            "cancel_url": cancel_url,
            "cohort": cohort,
            "project": project or (cohort.project if cohort else None),
        },
    )


def _cohort_url(cohort):
    return reverse("cohorts:detail", args=[cohort.pk])


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def cohort_create(request, code):
    project = project_or_404(request.user, code)
    form = CohortForm(request.POST or None, user=request.user, project=project)

    def perform(data):
        return actions.create_cohort(
            request.user, project=project, organization=data["organization"], **form.action_fields()
        )

    done = run_action_form(request, form, perform, _("Startgruppen är skapad."), _cohort_url)
    return done or _form_page(
        request,
        form,
        _("Ny startgrupp i %(project)s") % {"project": project.name},
        _("Skapa startgruppen"),
        reverse("cohorts:list"),
        project=project,
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def cohort_edit(request, pk):
    cohort = get_restricted_or_404(_cohorts(), request.user, CHANGE, pk=pk, not_found=_COHORT_NOT_FOUND)
    form = CohortForm(
        request.POST or None,
        initial=CohortForm.initial_for(cohort),
        user=request.user,
        project=cohort.project,
        cohort=cohort,
    )

    def perform(data):
        return actions.update_cohort(
            request.user, cohort, version=data.get("version"), **form.action_fields()
        )

    done = run_action_form(request, form, perform, _("Startgruppen är ändrad."), _cohort_url)
    return done or _form_page(
        request,
        form,
        _("Ändra %(name)s") % {"name": cohort.name},
        _("Spara ändringen"),
        _cohort_url(cohort),
        cohort=cohort,
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def session_create(request, pk):
    cohort = get_restricted_or_404(_cohorts(), request.user, CHANGE, pk=pk, not_found=_COHORT_NOT_FOUND)
    form = SessionForm(request.POST or None)

    def perform(data):
        return actions.create_session(request.user, cohort, **form.action_fields())

    done = run_action_form(
        request, form, perform, _("Träffen är sparad."), lambda s: reverse("cohorts:attendance", args=[s.pk])
    )
    return done or _form_page(
        request,
        form,
        _("Ny träff i %(name)s") % {"name": cohort.name},
        _("Spara träffen"),
        _cohort_url(cohort),
        cohort=cohort,
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = get_restricted_or_404(_sessions(), request.user, CHANGE, pk=pk, not_found=_SESSION_NOT_FOUND)
    form = SessionForm(request.POST or None, initial=SessionForm.initial_for(session), editing=True)

    def perform(data):
        return actions.update_session(
            request.user, session, version=data.get("version"), **form.action_fields()
        )

    done = run_action_form(request, form, perform, _("Träffen är ändrad."), lambda s: _cohort_url(s.cohort))
    return done or _form_page(
        request,
        form,
        _("Ändra träffen %(date)s") % {"date": session.date},
        _("Spara ändringen"),
        _cohort_url(session.cohort),
        cohort=session.cohort,
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def member_add(request, pk):
    """Add a participant of the project (one the user may see) who is not in the group yet."""
    cohort = get_restricted_or_404(_cohorts(), request.user, CHANGE, pk=pk, not_found=_COHORT_NOT_FOUND)
    candidates = (
        Enrollment.objects.restrict(request.user, VIEW)
        .filter(project=cohort.project)
        .exclude(cohort_memberships__cohort=cohort)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=cohort.start_date))
        .select_related("person", "organization")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    form = AddMemberForm(
        request.POST or None, enrollments=candidates, initial={"joined_on": cohort.start_date}
    )

    def perform(data):
        return actions.add_member(
            request.user, cohort, enrollment=data["enrollment"], joined_on=data["joined_on"]
        )

    done = run_action_form(
        request, form, perform, _("Deltagaren är med i gruppen."), lambda m: _cohort_url(cohort)
    )
    return done or _form_page(
        request,
        form,
        _("Lägg till deltagare i %(name)s") % {"name": cohort.name},
        _("Lägg till"),
        _cohort_url(cohort),
        cohort=cohort,
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    """Change when a member joined, or register that they left the group."""
    member = get_restricted_or_404(
        CohortMember.objects.filter(cohort__in=Cohort.objects.restrict(request.user, CHANGE)).select_related(
            "cohort__project", "enrollment__person"
        ),
        request.user,
        CHANGE,
        pk=pk,
        not_found=_("Medlemmen finns inte eller så saknar du behörighet."),
    )
    cohort = member.cohort
    form = MembershipForm(
        request.POST or None,
        initial={
            "joined_on": member.joined_on,
            "left_on": member.left_on,
            "version": member.version,
        },
    )

    def perform(data):
        return actions.change_membership(
            request.user,
            member,
            version=data["version"],
            joined_on=data["joined_on"],
            left_on=data.get("left_on"),
        )

    done = run_action_form(
        request, form, perform, _("Medlemskapet är ändrat."), lambda m: _cohort_url(cohort)
    )
    return done or _form_page(
        request,
        form,
        _("%(person)s i %(name)s") % {"person": member.enrollment.person.display_name, "name": cohort.name},
        _("Spara"),
        _cohort_url(cohort),
        cohort=cohort,
    )


# --- Attendance ------------------------------------------------------------------------------------


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def attendance(request, pk):
    """Register one session's attendance for every member on one page, saved in one action."""
    user = request.user
    session = get_restricted_or_404(_sessions(), user, CHANGE, pk=pk, not_found=_SESSION_NOT_FOUND)
    cohort = session.cohort
    on_day = CohortMember.objects.filter(cohort=cohort, joined_on__lte=session.date).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=session.date)
    )
    members = list(
        on_day.filter(pk__in=CohortMember.objects.restrict(user, CHANGE).values("pk"))
        .select_related("enrollment__person", "enrollment__organization")
        .order_by("enrollment__person__last_name", "enrollment__person__first_name", "pk")
    )
    hidden_total = on_day.count() - len(members)
    saved = dict(
        Attendance.objects.filter(session=session, member__in=members).values_list("member_id", "status")
    )
    errors, version = [], session.version
    chosen = saved
    if request.method == "POST":
        chosen = {m.pk: request.POST.get(f"status-{m.pk}", "") for m in members}
        statuses = {pk: status for pk, status in chosen.items() if status}
        version = request.POST.get("version", "")
        try:
            with transaction.atomic():
                count = actions.register_attendance(user, session, version=version or None, statuses=statuses)
        except ActionError as error:
            errors = error.messages
        else:
            messages.success(request, _("Närvaron är sparad (%(n)s ändringar).") % {"n": count})
            return redirect("cohorts:detail", pk=cohort.pk)
    else:
        _audit_reads(user, members, cohort)
    rows = [{"member": m, "status": chosen.get(m.pk, "")} for m in members]
    return render(
        request,
        "cohorts/attendance.html",
        {
            "session": session,
            "cohort": cohort,
            "rows": rows,
            "hidden_total": hidden_total,
            "errors": errors,
            "version": version,
            "choices": AttendanceStatus.choices,
        },
    )

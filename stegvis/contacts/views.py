"""Pages of the contacts log, network meetings and support periods, under /kontakter/.

Rows come from ``restrict``: an enrolment or record the user may not see answers 404 as if it did
not exist, and forms are offered only where the user may change. Writes go through
:mod:`stegvis.contacts.actions` via the shared form helper, so an action's error appears at its
field and a stale edit gets the conflict message. Opening a page with one person's contacts is
recorded in the audit log, as the participant page is.
"""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from stegvis.audit.log import AuditAction, record
from stegvis.contacts import actions, figures
from stegvis.contacts.forms import (
    ContactForm,
    DeleteForm,
    EndSupportForm,
    MeetingForm,
    QuickContactForm,
    SupportFollowUpForm,
    SupportPeriodForm,
)
from stegvis.contacts.models import Contact, NetworkMeeting, SupportFollowUp, SupportPeriod
from stegvis.contacts.tables import ContactTable
from stegvis.core.access import CHANGE, VIEW, Rule, access_rule, get_restricted_or_404, may
from stegvis.core.errors import ActionError
from stegvis.core.views_helpers import apply_action_error, run_action_form
from stegvis.participants.access import enrollment_or_404
from stegvis.participants.models import Enrollment

PER_PAGE = 25
RECENT_ON_MY_PAGE = 15


def _participant_url(enrollment, anchor="kontakter"):
    return reverse("participants:detail", args=[enrollment.person_id]) + f"#{anchor}"


_ROW_NOT_FOUND = gettext_lazy("Uppgiften finns inte eller så saknar du behörighet.")


def _with_enrollment(model, path="enrollment"):
    """A contacts model's rows with their enrolment, person, project and coordinator loaded."""
    return model.objects.select_related(
        f"{path}__person", f"{path}__project", f"{path}__organization", f"{path}__coordinator"
    )


def _inline_form(request, allowed, make_form, perform, success_message, next_url):
    """The entry form on a page that lists rows: ``(form, redirect)``.

    Offered only when ``allowed`` (the user may change the enrolment, the period is open); a POST
    when it is not is answered 404, as for a row the user may not see. ``perform(form)`` calls the
    action and returns what ``next_url`` takes.
    """
    if not allowed:
        if request.method == "POST":
            raise Http404(_("Uppgiften finns inte eller så saknar du behörighet."))
        return None, None
    form = make_form(request.POST or None)
    return form, run_action_form(request, form, lambda data: perform(form), success_message, next_url)


def _page(request, template, enrollment, **context):
    return render(request, template, {"person": enrollment.person, "enrollment": enrollment, **context})


# --- My contacts: the quick entry of the working day ----------------------------------------------


def caseload(user):
    """The user's own active enrolments as coordinator: the participants to choose from."""
    return (
        Enrollment.objects.restrict(user, CHANGE)
        .filter(coordinator=user, end_date__isnull=True)
        .select_related("person", "project")
        .order_by("person__last_name", "person__first_name", "pk")
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def my_contacts(request):
    """Log a contact with anyone in the caseload in a few keystrokes; see the latest and who is waiting."""
    today = datetime.date.today()
    enrollments = caseload(request.user)
    form = QuickContactForm(request.POST or None, enrollments=enrollments, initial=ContactForm.defaults())

    def perform(data):
        contact = actions.record_contact(request.user, data["enrollment"], **form.action_fields())
        return contact

    done = run_action_form(
        request,
        form,
        perform,
        lambda c: _("Kontakten med %(name)s är registrerad.") % {"name": c.enrollment.person.display_name},
        lambda c: reverse("contacts:mine"),
    )
    if done:
        return done
    weeks = figures.no_contact_weeks()
    waiting = figures.without_contact_for(enrollments, today, weeks).order_by("-days_without_contact", "pk")
    recent = (
        Contact.objects.restrict(request.user, VIEW)
        .filter(recorded_by=request.user)
        .select_related("enrollment__person", "enrollment__project")
        .order_by("-created_at", "-pk")[:RECENT_ON_MY_PAGE]
    )
    return render(
        request,
        "contacts/mine.html",
        {
            "form": form,
            "has_caseload": enrollments.exists(),
            "waiting": waiting,
            "weeks": weeks,
            "recent": recent,
        },
    )


# --- One enrolment's contacts ---------------------------------------------------------------------


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def contact_log(request, pk):
    """Every contact of one enrolment, newest first, with the quick form on top for those who may change."""
    enrollment = enrollment_or_404(request.user, pk, VIEW)
    can_change = may(request.user, CHANGE, enrollment)
    form, done = _inline_form(
        request,
        can_change,
        lambda data: ContactForm(
            data, staff=actions.eligible_staff(enrollment), initial=ContactForm.defaults(enrollment)
        ),
        lambda form: actions.record_contact(request.user, enrollment, **form.action_fields()),
        _("Kontakten är registrerad."),
        lambda _contact: reverse("contacts:log", args=[enrollment.pk]),
    )
    if done:
        return done
    contacts = (
        Contact.objects.restrict(request.user, VIEW)
        .filter(enrollment=enrollment)
        .prefetch_related("staff")
        .order_by("-contact_date", "-contact_time", "-pk")
    )
    table = ContactTable(contacts, can_change=can_change, orderable=False)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    if request.method == "GET":
        record(request.user, AuditAction.VIEW, enrollment, person=enrollment.person, detail="kontakter")
    summary = (
        figures.with_contacts_per_month(
            figures.with_last_contact(Enrollment.objects.filter(pk=enrollment.pk), datetime.date.today()),
            datetime.date.today(),
        )
        .values("contact_count", "last_contact_on", "days_since_last_contact", "contacts_per_month")
        .get()
    )
    return _page(
        request,
        "contacts/log.html",
        enrollment,
        form=form,
        table=table,
        summary=summary,
        can_change=can_change,
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk):
    """Correct a logged contact; the version guards against overwriting someone else's change."""
    contact = get_restricted_or_404(
        _with_enrollment(Contact), request.user, CHANGE, pk=pk, not_found=_ROW_NOT_FOUND
    )
    enrollment = contact.enrollment
    form = ContactForm(
        request.POST or None,
        staff=actions.eligible_staff(enrollment),
        initial=ContactForm.initial_for(contact),
        editing=True,
    )
    if request.method == "GET":
        record(request.user, AuditAction.VIEW, contact, person=enrollment.person)

    def perform(data):
        actions.update_contact(request.user, contact, version=data.get("version"), **form.action_fields())
        return enrollment

    done = run_action_form(
        request, form, perform, _("Kontakten är ändrad."), lambda e: reverse("contacts:log", args=[e.pk])
    )
    if done:
        return done
    return _page(
        request,
        "contacts/form.html",
        enrollment,
        form=form,
        contact=contact,
        title=_("Ändra kontakt %(date)s") % {"date": contact.contact_date.isoformat()},
        submit=_("Spara ändringen"),
        cancel_url=reverse("contacts:log", args=[enrollment.pk]),
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def contact_delete(request, pk):
    """Remove a contact registered by mistake, after a confirmation."""
    contact = get_restricted_or_404(
        _with_enrollment(Contact), request.user, CHANGE, pk=pk, not_found=_ROW_NOT_FOUND
    )
    enrollment = contact.enrollment
    form = DeleteForm(request.POST or None, initial={"version": contact.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.delete_contact(request.user, contact, version=form.cleaned_data["version"])
        except ActionError as error:
            apply_action_error(form, error)
        else:
            messages.success(request, _("Kontakten är borttagen."))
            return redirect("contacts:log", pk=enrollment.pk)
    return _page(request, "contacts/delete.html", enrollment, form=form, contact=contact)


# --- Network meetings -----------------------------------------------------------------------------


def _meetings(user, enrollment):
    return (
        NetworkMeeting.objects.restrict(user, VIEW)
        .filter(enrollment=enrollment)
        .prefetch_related("actors")
        .order_by("-meeting_date", "-pk")
    )


@access_rule(Rule.PERSONAL_DATA)
def meeting_list(request, pk):
    """Every SIP and network meeting of an enrolment with its decisions: printable for the next meeting."""
    enrollment = enrollment_or_404(request.user, pk, VIEW)
    record(request.user, AuditAction.VIEW, enrollment, person=enrollment.person, detail="nätverksmöten")
    today = datetime.date.today()
    meetings = list(_meetings(request.user, enrollment))
    return _page(
        request,
        "contacts/meetings.html",
        enrollment,
        can_change=may(request.user, CHANGE, enrollment),
        upcoming=[m for m in meetings if m.meeting_date > today][::-1],
        held=[m for m in meetings if m.meeting_date <= today],
    )


def _meeting_form_page(request, form, enrollment, title, submit):
    return _page(
        request,
        "contacts/form.html",
        enrollment,
        form=form,
        title=title,
        submit=submit,
        cancel_url=reverse("contacts:meetings", args=[enrollment.pk]),
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def meeting_create(request, pk):
    enrollment = enrollment_or_404(request.user, pk)
    form = MeetingForm(request.POST or None, initial={"meeting_date": datetime.date.today(), "kind": "sip"})

    def perform(data):
        actions.record_meeting(request.user, enrollment, **form.action_fields())
        return enrollment

    done = run_action_form(
        request,
        form,
        perform,
        _("Mötet är registrerat."),
        lambda e: reverse("contacts:meetings", args=[e.pk]),
    )
    return done or _meeting_form_page(
        request, form, enrollment, _("Nytt SIP- eller nätverksmöte"), _("Spara mötet")
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk):
    meeting = get_restricted_or_404(
        _with_enrollment(NetworkMeeting), request.user, CHANGE, pk=pk, not_found=_ROW_NOT_FOUND
    )
    enrollment = meeting.enrollment
    form = MeetingForm(request.POST or None, initial=MeetingForm.initial_for(meeting), editing=True)
    if request.method == "GET":
        record(request.user, AuditAction.VIEW, meeting, person=enrollment.person)

    def perform(data):
        actions.update_meeting(request.user, meeting, version=data.get("version"), **form.action_fields())
        return enrollment

    done = run_action_form(
        request, form, perform, _("Mötet är ändrat."), lambda e: reverse("contacts:meetings", args=[e.pk])
    )
    return done or _meeting_form_page(
        request,
        form,
        enrollment,
        _("Ändra %(kind)s %(date)s")
        % {"kind": meeting.get_kind_display(), "date": meeting.meeting_date.isoformat()},
        _("Spara ändringen"),
    )


# --- Support periods ------------------------------------------------------------------------------


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def support_create(request, pk):
    """Start supported employment or education, from the enrolment the job or studies came from."""
    enrollment = enrollment_or_404(request.user, pk)
    form = SupportPeriodForm(
        request.POST or None,
        initial={
            "kind": "supported_education" if enrollment.exit_reason == "studier" else "supported_employment",
            "started_on": enrollment.end_date or datetime.date.today(),
        },
    )

    def perform(data):
        return actions.start_support_period(request.user, enrollment, **form.action_fields())

    done = run_action_form(
        request,
        form,
        perform,
        _("Stödperioden är startad."),
        lambda period: reverse("contacts:support", args=[period.pk]),
    )
    return done or _page(
        request,
        "contacts/form.html",
        enrollment,
        form=form,
        title=_("Starta stöd efter start i arbete eller studier"),
        submit=_("Starta stödperioden"),
        cancel_url=_participant_url(enrollment, "stod"),
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def support_detail(request, pk):
    """A support period and its follow-ups, with the form for the next follow-up while it is open."""
    period = get_restricted_or_404(
        _with_enrollment(SupportPeriod), request.user, VIEW, pk=pk, not_found=_ROW_NOT_FOUND
    )
    enrollment = period.enrollment
    can_change = may(request.user, CHANGE, enrollment)
    form, done = _inline_form(
        request,
        can_change and period.is_open,
        lambda data: SupportFollowUpForm(
            data, initial={"followed_up_on": datetime.date.today(), "channel": "mote"}
        ),
        lambda form: actions.record_support_follow_up(request.user, period, **form.action_fields()),
        _("Uppföljningen är registrerad."),
        lambda _follow_up: reverse("contacts:support", args=[period.pk]),
    )
    if done:
        return done
    if request.method == "GET":
        record(request.user, AuditAction.VIEW, period, person=enrollment.person)
    follow_ups = (
        SupportFollowUp.objects.restrict(request.user, VIEW)
        .filter(period=period)
        .order_by("-followed_up_on", "-pk")
    )
    return _page(
        request,
        "contacts/support.html",
        enrollment,
        period=period,
        follow_ups=follow_ups,
        form=form,
        can_change=can_change,
    )


def _support_form_page(request, period, form, perform, success_message, title, submit):
    """A form about one support period: run the action, then back to the period's page."""
    back = reverse("contacts:support", args=[period.pk])
    done = run_action_form(request, form, perform, success_message, lambda _row: back)
    return done or _page(
        request,
        "contacts/form.html",
        period.enrollment,
        form=form,
        title=title,
        submit=submit,
        cancel_url=back,
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def support_edit(request, pk):
    period = get_restricted_or_404(
        _with_enrollment(SupportPeriod), request.user, CHANGE, pk=pk, not_found=_ROW_NOT_FOUND
    )
    form = SupportPeriodForm(
        request.POST or None, initial=SupportPeriodForm.initial_for(period), editing=True
    )
    return _support_form_page(
        request,
        period,
        form,
        lambda data: actions.update_support_period(
            request.user, period, version=data.get("version"), **form.action_fields()
        ),
        _("Stödperioden är ändrad."),
        _("Ändra stödperiod: %(place)s") % {"place": period.place},
        _("Spara ändringen"),
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def support_end(request, pk):
    """End a support period: an explicit step, never a side effect of the enrolment's exit."""
    period = get_restricted_or_404(
        _with_enrollment(SupportPeriod), request.user, CHANGE, pk=pk, not_found=_ROW_NOT_FOUND
    )
    if not period.is_open:
        return redirect("contacts:support", pk=period.pk)
    form = EndSupportForm(
        request.POST or None, initial={"ended_on": datetime.date.today(), "version": period.version}
    )
    return _support_form_page(
        request,
        period,
        form,
        lambda data: actions.end_support_period(
            request.user,
            period,
            version=data["version"],
            ended_on=data["ended_on"],
            end_reason=data["end_reason"],
        ),
        _("Stödperioden är avslutad."),
        _("Avsluta stödperiod: %(place)s") % {"place": period.place},
        _("Avsluta stödet"),
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def support_follow_up_edit(request, pk):
    follow_up = get_restricted_or_404(
        _with_enrollment(SupportFollowUp, "period__enrollment"),
        request.user,
        CHANGE,
        pk=pk,
        not_found=_ROW_NOT_FOUND,
    )
    form = SupportFollowUpForm(
        request.POST or None, initial=SupportFollowUpForm.initial_for(follow_up), editing=True
    )
    return _support_form_page(
        request,
        follow_up.period,
        form,
        lambda data: actions.update_support_follow_up(
            request.user, follow_up, version=data.get("version"), **form.action_fields()
        ),
        _("Uppföljningen är ändrad."),
        _("Ändra uppföljning %(date)s") % {"date": follow_up.followed_up_on.isoformat()},
        _("Spara ändringen"),
    )

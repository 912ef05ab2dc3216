"""Participant pages: the list, one person's page, and the forms that call the actions.

Rows always come from ``restrict`` (through :mod:`stegvis.participants.filters`), so a page
answers 404 for a person the user may not see, exactly as if the person did not exist.
Every write goes through :mod:`stegvis.participants.actions`; an action's error is shown at
the field it names, with a summary at the top of the form, and never as a server error.
"""

import datetime

from django.contrib import messages
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_tables2 import RequestConfig

from stegvis.audit.log import AuditAction, record, record_list, record_table
from stegvis.core.access import CHANGE, VIEW, Rule, access_rule, may
from stegvis.core.errors import ActionError
from stegvis.core.paging import CappedPaginator
from stegvis.core.sections import participant_actions, shown_participant_sections
from stegvis.core.views_helpers import run_action_form as run_form_action
from stegvis.participants import actions
from stegvis.participants.access import enrollment_or_404, person_or_404, with_may_change
from stegvis.participants.filters import (
    STATUS_ACTIVE,
    ParticipantFilter,
    my_active_enrollments,
    search_q,
    visible_enrollments,
    visible_persons,
    with_age,
)
from stegvis.participants.forms import (
    ChangeCoordinatorForm,
    EditEnrollmentForm,
    EditPersonForm,
    EnrolForm,
    ExitForm,
    MergeSearchForm,
    RegisterPersonForm,
)
from stegvis.participants.models import CoordinatorAssignment, Person
from stegvis.participants.tables import ParticipantTable

PER_PAGE = 25


def run_action_form(request, form, perform, success_message):
    """The shared form handling (:func:`stegvis.core.views_helpers.run_action_form`), then the person's page.

    ``perform(cleaned_data)`` returns the person whose page to show next.
    """
    return run_form_action(
        request,
        form,
        perform,
        success_message,
        lambda person: reverse("participants:detail", args=[person.pk]),
    )


# --- The list ------------------------------------------------------------------------------------


def participant_queryset(user):
    """Visible persons with what the list shows, in a fixed number of queries."""
    enrollments = visible_enrollments(user)
    current_first = enrollments.filter(person=OuterRef("pk")).order_by(
        F("end_date").desc(nulls_first=True), "-start_date", "-pk"
    )
    latest = enrollments.filter(person=OuterRef("pk")).order_by("-start_date", "-pk")
    return (
        with_age(visible_persons(user))
        .annotate(
            latest_start=Subquery(latest.values("start_date")[:1]),
            latest_coordinator_name=Subquery(current_first.values("coordinator__first_name")[:1]),
        )
        .prefetch_related(
            Prefetch(
                "enrollments",
                queryset=enrollments.select_related("project", "coordinator").order_by(
                    F("end_date").desc(nulls_first=True), "-start_date", "-pk"
                ),
                to_attr="visible_enrollments",
            )
        )
    )


@access_rule(Rule.PERSONAL_DATA)
@vary_on_headers("HX-Request")
def participant_list(request):
    """Search and filter the participants the user may see; HTMX swaps only the table.

    Opened without any choice, the list shows a coordinator their own active participants, the
    people they work with today; the page says so and links to everyone they may see (any choice
    in the address, even an empty one, shows what it asks for).
    """
    data = request.GET or None
    mine = data is None and my_active_enrollments(request.user).exists()
    if mine:
        data = {"coordinator": str(request.user.pk), "status": STATUS_ACTIVE}
    filterset = ParticipantFilter(data, queryset=participant_queryset(request.user), request=request)
    queryset = filterset.qs if filterset.is_bound else filterset.queryset
    table = ParticipantTable(queryset, order_by=("name",))
    RequestConfig(request, paginate={"per_page": PER_PAGE, "paginator_class": CappedPaginator}).configure(
        table
    )
    record_table(request, table, "participants.person", detail=_("Deltagarlistan"))
    context = {
        "filter": filterset,
        "table": table,
        "total": table.paginator.count,
        "more": table.paginator.capped,
        "mine": mine,
    }
    if request.htmx and request.htmx.target == "list-region":
        return render(request, "participants/_list_region.html", context)
    return render(request, "participants/list.html", context)


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET"])
def participant_search(request):
    """The header's search field: straight to the person when exactly one matches.

    Otherwise (none, or several) the participant list shows the search among everyone the user
    may see. The search is audited either way: here when it leads to one person (whose page then
    logs the view), by the list when the list shows it.
    """
    query = (request.GET.get("q") or "").strip()
    if not query:
        return redirect("participants:list")
    matches = list(visible_persons(request.user).filter(search_q(query)).values_list("pk", flat=True)[:2])
    if len(matches) == 1:
        record_list(
            request.user, "participants.person", detail=_("Snabbsök"), params=request.GET, shown=1, total=1
        )
        return redirect("participants:detail", pk=matches[0])
    return redirect(reverse("participants:list") + "?" + urlencode({"q": query, "status": ""}))


# --- One person ----------------------------------------------------------------------------------


@access_rule(Rule.PERSONAL_DATA)
def participant_detail(request, pk):
    """The person's details and enrolments. Opening it is recorded in the audit log."""
    person = person_or_404(request.user, pk)
    if person.merged_into_id:
        kept = Person.objects.restrict(request.user, VIEW).filter(pk=person.merged_into_id).first()
        if kept is not None:
            messages.info(request, _("Posten är sammanslagen med en annan; här är den som finns kvar."))
            return redirect("participants:detail", pk=kept.pk)
    # Read once, with whether the user may change each one, and handed to every section (no
    # section asks again: see ``changeable_ids``).
    enrollments = (
        with_may_change(visible_enrollments(request.user), request.user)
        .filter(person=person)
        .select_related("project", "organization", "need_group", "coordinator", "project_exit_reason")
        .prefetch_related(
            "other_outcomes",
            Prefetch(
                "coordinator_history", queryset=CoordinatorAssignment.objects.select_related("coordinator")
            ),
        )
        .order_by("-start_date", "-pk")
    )
    refs = person.refs.select_related("organization").order_by("organization__name")
    record(request.user, AuditAction.VIEW, person)
    return render(
        request,
        "participants/detail.html",
        {
            "person": person,
            "enrollments": enrollments,
            "refs": refs,
            "age": person.age_on(datetime.date.today()),
            "can_change": may(request.user, CHANGE, person),
            "sections": (
                shown_participant_sections(request.user, person, enrollments, request.GET)
                if enrollments
                else []
            ),
            "quick_actions": quick_actions(enrollments),
        },
    )


def quick_actions(enrollments):
    """``[(enrollment, [(label, url)])]``: the common tasks for each ongoing enrolment the user may change."""
    tasks = participant_actions()
    return [
        (e, [(t.label, reverse(t.url_name, args=[e.pk]) + t.fragment) for t in tasks])
        for e in enrollments
        if e.end_date is None and e.may_change
    ]


# --- Person forms --------------------------------------------------------------------------------


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def person_create(request):
    form = RegisterPersonForm(request.POST or None, user=request.user)

    def perform(data):
        return actions.register_person(
            request.user,
            organization=data["organization"],
            personnummer=(data["personnummer"] or "").strip(),
            protected_identity=data["protected_identity"],
            ref=(data["ref"] or "").strip(),
            **form.person_fields(),
        )

    done = run_action_form(
        request,
        form,
        perform,
        lambda person: _("Deltagaren %(name)s är registrerad.") % {"name": person.display_name},
    )
    if done:
        return done
    return render(
        request,
        "participants/person_form.html",
        {
            "form": form,
            "title": _("Registrera deltagare"),
            "submit": _("Registrera"),
            "cancel_url": reverse("participants:list"),
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = person_or_404(request.user, pk, CHANGE)
    form = EditPersonForm(request.POST or None, person=person, initial=EditPersonForm.initial_for(person))

    def perform(data):
        fields = form.person_fields()
        if person.birth_date:
            fields.pop("birth_year", None)
        kwargs = {}
        number = (data.get("personnummer") or "").strip()
        if number and not person.protected_identity:
            kwargs["personnummer"] = number
        if data["protected_identity"] != person.protected_identity:
            kwargs["protected_identity"] = data["protected_identity"]
        return actions.update_person(request.user, person, version=data["version"], **kwargs, **fields)

    done = run_action_form(request, form, perform, _("Uppgifterna är sparade."))
    if done:
        return done
    return render(
        request,
        "participants/person_form.html",
        {
            "form": form,
            "person": person,
            "title": _("Ändra uppgifter för %(name)s") % {"name": person.display_name},
            "submit": _("Spara"),
            "cancel_url": reverse("participants:detail", args=[person.pk]),
        },
    )


# --- Enrolment forms -----------------------------------------------------------------------------


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def enrol(request, pk):
    person = person_or_404(request.user, pk)
    initial = {"start_date": datetime.date.today()}
    for name in ("project", "organization"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    form = EnrolForm(request.POST or None, user=request.user, initial=initial, refresh_url=request.path)

    def perform(data):
        actions.enroll_participant(
            request.user,
            person,
            project=data["project"],
            organization=data["organization"],
            start_date=data["start_date"],
            coordinator=data.get("coordinator"),
            referrer=data.get("referrer") or "",
            intake_channel=data.get("intake_channel") or "",
            need_group=form.chosen_need_group(data["project"]),
            **form.start_status(),
        )
        return person

    done = run_action_form(
        request,
        form,
        perform,
        lambda person: (
            _("%(name)s är inskriven i %(project)s.")
            % {"name": person.display_name, "project": form.cleaned_data["project"].name}
        ),
    )
    if done:
        return done
    return render(
        request,
        "participants/enrol_form.html",
        {
            "form": form,
            "person": person,
            "title": _("Skriv in %(name)s") % {"name": person.display_name},
            "submit": _("Skriv in"),
        },
    )


def _enrollment_form_page(request, form, enrollment, title, submit):
    """The page of one of the enrolment's forms; ``title`` has a ``%(project)s`` placeholder."""
    return render(
        request,
        "participants/enrollment_form.html",
        {
            "form": form,
            "person": enrollment.person,
            "enrollment": enrollment,
            "title": title % {"project": enrollment.project.name},
            "submit": submit,
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def enrollment_edit(request, pk):
    enrollment = enrollment_or_404(request.user, pk)
    form = EditEnrollmentForm(
        request.POST or None, enrollment=enrollment, initial=EditEnrollmentForm.initial_for(enrollment)
    )

    def perform(data):
        actions.update_enrollment(
            request.user,
            enrollment,
            version=data["version"],
            need_group=form.chosen_need_group(enrollment.project),
            **form.enrollment_fields(),
        )
        return enrollment.person

    done = run_action_form(request, form, perform, _("Inskrivningen är sparad."))
    if done:
        return done
    return _enrollment_form_page(request, form, enrollment, _("Ändra inskrivning i %(project)s"), _("Spara"))


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def coordinator_change(request, pk):
    enrollment = enrollment_or_404(request.user, pk)
    form = ChangeCoordinatorForm(
        request.POST or None,
        enrollment=enrollment,
        initial={
            "coordinator": enrollment.coordinator_id,
            "from_date": datetime.date.today(),
            "version": enrollment.version,
        },
    )

    def perform(data):
        actions.change_coordinator(
            request.user,
            enrollment,
            coordinator=data.get("coordinator"),
            version=data["version"],
            from_date=data["from_date"],
        )
        return enrollment.person

    done = run_action_form(request, form, perform, _("Koordinatorn är bytt."))
    if done:
        return done
    return _enrollment_form_page(
        request, form, enrollment, _("Byt koordinator i %(project)s"), _("Byt koordinator")
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def enrollment_exit(request, pk):
    """Register the exit of an active enrolment, or correct the exit of an ended one."""
    enrollment = enrollment_or_404(request.user, pk)
    correcting = enrollment.end_date is not None
    if correcting:
        initial = ExitForm.initial_for(enrollment)
    else:
        initial = {"end_date": datetime.date.today(), "version": enrollment.version}
    form = ExitForm(request.POST or None, initial=initial, enrollment=enrollment)
    action = actions.correct_exit if correcting else actions.register_exit

    def perform(data):
        action(request.user, enrollment, version=data["version"], **form.exit_fields())
        return enrollment.person

    done = run_action_form(
        request, form, perform, _("Avslutet är rättat.") if correcting else _("Avslutet är registrerat.")
    )
    if done:
        return done
    if correcting:
        return _enrollment_form_page(request, form, enrollment, _("Rätta avslutet i %(project)s"), _("Spara"))
    return _enrollment_form_page(
        request, form, enrollment, _("Registrera avslut i %(project)s"), _("Registrera avslut")
    )


# --- Merging duplicates --------------------------------------------------------------------------


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def merge(request, pk):
    """Find the duplicate among visible persons, compare side by side, then merge on confirmation."""
    keep = person_or_404(request.user, pk, CHANGE)
    search = MergeSearchForm(request.GET or None)
    candidates = None
    duplicate = None
    errors = []
    duplicate_id = request.POST.get("duplicate") or request.GET.get("duplicate")
    if duplicate_id:
        try:
            duplicate = person_or_404(request.user, int(duplicate_id), CHANGE)
        except ValueError:
            raise Http404 from None
        if request.method == "POST":
            try:
                actions.merge_persons(request.user, keep, duplicate=duplicate)
            except ActionError as error:
                errors = error.messages
            else:
                messages.success(
                    request, _("Posterna är sammanslagna. Inskrivningar och referenser finns nu här.")
                )
                return redirect("participants:detail", pk=keep.pk)
    elif search.is_valid() and search.cleaned_data["q"]:
        candidates = (
            visible_persons(request.user)
            .filter(search_q(search.cleaned_data["q"]))
            .exclude(pk=keep.pk)
            .select_related("registered_by")
            .order_by("last_name", "first_name", "pk")[:20]
        )
    return render(
        request,
        "participants/merge.html",
        {
            "person": keep,
            "search": search,
            "candidates": candidates,
            "duplicate": duplicate,
            "errors": errors,
        },
    )

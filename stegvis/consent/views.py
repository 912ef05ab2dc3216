"""Pages of consent: record a consent, withdraw one, and the list of active enrolments without consent.

Rows come from ``restrict``: an enrolment or consent the user may not change answers 404 as if it
did not exist. Writes go through :mod:`stegvis.consent.actions` via the shared form helper, so an
action's error appears at its field and a stale withdrawal gets the conflict message. The list
names persons, so opening it is audited (one entry for the list, one per person shown).
"""

import datetime

from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from stegvis.audit.log import AuditAction, record, record_list
from stegvis.consent import actions
from stegvis.consent.active import in_force
from stegvis.consent.forms import (
    MISSING_EITHER,
    MISSING_SUS,
    GiveConsentForm,
    MissingFilterForm,
    WithdrawConsentForm,
)
from stegvis.consent.models import Consent, ConsentKind
from stegvis.consent.reminders import active_q
from stegvis.consent.report import consent_figures
from stegvis.consent.tables import MissingConsentTable
from stegvis.core.access import CHANGE, REPORT, VIEW, Rule, access_rule, get_restricted_or_404
from stegvis.core.views_helpers import run_action_form
from stegvis.organizations.models import Project
from stegvis.participants.access import enrollment_or_404, projects_with_visible_enrollments, with_may_change
from stegvis.participants.models import Enrollment, Person
from stegvis.reports.forms import ReportParamsForm
from stegvis.reports.project_report import report_date, scoped_enrollments
from stegvis.reports.tables import tables_of

PER_PAGE = 25


def _participant_url(enrollment):
    return reverse("participants:detail", args=[enrollment.person_id]) + "#samtycken"


def missing_queryset(user, today, project=None, missing=None):
    """Active enrolments ``user`` may see that lack the consent ``missing`` (default: registration)."""
    rows = (
        Enrollment.objects.restrict(user, VIEW)
        .filter(active_q(today))
        .annotate(
            _registration=in_force(ConsentKind.REGISTRATION, today), _sus=in_force(ConsentKind.SUS, today)
        )
    )
    if project is not None:
        rows = rows.filter(project=project)
    if missing == MISSING_SUS:
        rows = rows.filter(_sus=False)
    elif missing == MISSING_EITHER:
        rows = rows.filter(Q(_registration=False) | Q(_sus=False))
    else:
        rows = rows.filter(_registration=False)
    return with_may_change(rows, user).select_related("person", "project", "organization", "coordinator")


@access_rule(Rule.PERSONAL_DATA)
def missing_list(request):
    """Active enrolments the user may see without registration (or SUS) consent today."""
    today = datetime.date.today()
    projects = projects_with_visible_enrollments(request.user)
    form = MissingFilterForm(request.GET or None, projects=projects)
    project, missing = form.choices()
    table = MissingConsentTable(
        missing_queryset(request.user, today, project, missing), order_by=("start_date",)
    )
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    shown = [Person(pk=row.person_id) for row in table.paginated_rows.data]
    record_list(
        request.user,
        "consent.missing",
        detail=f"Samtycke saknas {today.isoformat()}: {missing}, projekt={project.code if project else 'alla'}",
        params=request.GET,
        shown=len(shown),
        total=table.paginator.count,
        persons=shown,
        person_detail=_("Samtycke saknas"),
    )
    return render(
        request, "consent/missing_list.html", {"form": form, "table": table, "total": table.paginator.count}
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def consent_create(request, pk):
    """Record a consent of one enrolment (``?typ=registrering|sus|kontakt`` chooses the kind)."""
    enrollment = enrollment_or_404(request.user, pk)
    form = GiveConsentForm(request.POST or None, kind=request.GET.get("typ"))
    if request.method == "GET":
        record(request.user, AuditAction.VIEW, enrollment, person=enrollment.person, detail="samtycken")

    def perform(data):
        actions.give_consent(request.user, enrollment, **form.action_fields())
        return enrollment

    done = run_action_form(request, form, perform, _("Samtycket är registrerat."), _participant_url)
    if done:
        return done
    return render(
        request,
        "consent/consent_form.html",
        {
            "form": form,
            "person": enrollment.person,
            "enrollment": enrollment,
            "title": _("Registrera samtycke i %(project)s") % {"project": enrollment.project.name},
            "submit": _("Registrera samtycket"),
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, pk):
    """Record that a consent was withdrawn; the version guards against a withdrawal recorded meanwhile."""
    consent = get_restricted_or_404(
        Consent.objects.select_related(
            "enrollment__person",
            "enrollment__project",
            "enrollment__organization",
            "actor_organization",
            "recorded_by",
        ),
        request.user,
        CHANGE,
        pk=pk,
        not_found=_("Samtycket finns inte eller så saknar du behörighet."),
    )
    enrollment = consent.enrollment
    form = WithdrawConsentForm(request.POST or None, consent=consent)
    if request.method == "GET":
        record(request.user, AuditAction.VIEW, consent, person=enrollment.person)

    def perform(data):
        actions.withdraw_consent(
            request.user,
            consent,
            version=data.get("version"),
            withdrawn_on=data["withdrawn_on"],
            note=data.get("note") or "",
        )
        return enrollment

    done = run_action_form(request, form, perform, _("Återkallelsen är registrerad."), _participant_url)
    if done:
        return done
    return render(
        request,
        "consent/withdraw_form.html",
        {
            "form": form,
            "consent": consent,
            "person": enrollment.person,
            "enrollment": enrollment,
            "title": _("Återkalla samtycke i %(project)s") % {"project": enrollment.project.name},
            "submit": _("Registrera återkallelsen"),
        },
    )


@access_rule(Rule.STAFF)
def project_figures(request, code):
    """A project's consent figures on a date (aggregates only, so evaluators may open it too).

    The same section and table as the report and its exports (:mod:`stegvis.consent.report`),
    computed for this page alone in one query rather than by building the whole report.
    """
    project = get_restricted_or_404(Project, request.user, REPORT, code=code)
    form = ReportParamsForm(request.GET if request.GET else None)
    context = {"project": project, "form": form, "tables": None}
    if not form.is_bound or form.is_valid():
        on, date_from, date_to = form.params() if form.is_bound else (None, None, None)
        on = report_date(on)
        scope = scoped_enrollments(on, date_from, date_to, queryset=project.enrollments.all())
        section = consent_figures(project, scope, on)
        context.update({"on": on, "section": section, "tables": tables_of({"consent": section}, "consent")})
    return render(request, "consent/project_figures.html", context)

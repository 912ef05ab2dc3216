"""Staff pages of self-referral (``/intag/``): the queue, one request, conversion, pages and posters.

Rows come from ``restrict`` (:mod:`stegvis.intake.access`): a request or page the user may not
see answers 404 as if it did not exist. Writes go through :mod:`stegvis.intake.actions`, so an
action's error is shown at its field and a stale form gets the conflict message. Opening a
request, and the queue itself, is recorded in the audit log.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from stegvis.audit.log import AuditAction, record, record_list
from stegvis.core.access import CHANGE, VIEW, Rule, access_rule, get_restricted_or_404, may, scope_of
from stegvis.core.languages import staff_name
from stegvis.core.qr import qr_svg
from stegvis.core.views_helpers import run_action_form
from stegvis.intake import actions
from stegvis.intake.access import may_manage_pages
from stegvis.intake.forms import (
    CallbackForm,
    CloseForm,
    ConvertForm,
    PageForm,
    QueueFilterForm,
    RetentionForm,
    VersionForm,
)
from stegvis.intake.models import (
    DEFAULT_RETENTION_DAYS,
    IntakePage,
    IntakeRequest,
    IntakeSettings,
    Status,
    retention_days_of,
)
from stegvis.intake.public import page_language, with_language
from stegvis.intake.queue import queue_queryset, visible_pages
from stegvis.organizations.models import Organization, Project
from stegvis.participants.forms import enrol_organizations_for, enrol_projects_for

PER_PAGE = 25


# --- The queue -----------------------------------------------------------------------------------


@access_rule(Rule.PERSONAL_DATA)
def queue(request):
    """Requests the user may see: new first, then those being contacted; filter by status and page."""
    pages = visible_pages(request.user).order_by("name")
    form = QueueFilterForm(request.GET or None, pages=pages)
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or ""
    rows = queue_queryset(
        request.user,
        status=status if status in Status.values else None,
        page=data.get("page"),
        include_closed=status == "alla",
    )
    paginator = Paginator(rows, PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("sida"))
    record_list(
        request.user,
        "intake.intakerequest",
        detail=_("Intagskön"),
        params=request.GET,
        shown=len(page_obj.object_list),
        total=paginator.count,
    )
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "intake/queue.html",
        {
            "form": form,
            "page_obj": page_obj,
            "total": paginator.count,
            "query": query.urlencode(),
            "may_manage": may_manage_pages(request.user),
        },
    )


_REQUEST_NOT_FOUND = gettext_lazy("Anmälan finns inte eller så saknar du behörighet.")


def _request_queryset():
    """A request with what its pages show."""
    return IntakeRequest.objects.select_related(
        "page__organization", "page__project", "closed_by", "enrollment__person", "enrollment__project"
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def request_detail(request, pk):
    """One request with its call-back attempts; log an attempt, close with an outcome, or reopen."""
    intake_request = get_restricted_or_404(
        _request_queryset(), request.user, VIEW, pk=pk, not_found=_REQUEST_NOT_FOUND
    )
    may_change = may(request.user, CHANGE, intake_request)
    doing = request.POST.get("gora") if request.method == "POST" else None
    callback_form = CallbackForm(request.POST if doing == "kontakt" else None, prefix="kontakt")
    close_form = CloseForm(
        request.POST if doing == "avsluta" else None,
        prefix="avsluta",
        initial={"version": intake_request.version},
    )
    reopen_form = VersionForm(
        request.POST if doing == "oppna" else None,
        prefix="oppna",
        initial={"version": intake_request.version},
    )
    if doing and not may_change:
        raise PermissionDenied
    done = None
    if doing == "kontakt":
        done = _perform(
            request,
            callback_form,
            lambda data: actions.log_callback(
                request.user,
                intake_request,
                result=data["result"],
                note=data["note"],
                attempted_at=data.get("attempted_at"),
            ),
            _("Kontaktförsöket är sparat."),
            pk,
        )
    elif doing == "avsluta":
        done = _perform(
            request,
            close_form,
            lambda data: actions.close_request(
                request.user,
                intake_request,
                version=data["version"],
                outcome=data["outcome"],
                note=data["note"],
            ),
            _("Anmälan är avslutad."),
            pk,
        )
    elif doing == "oppna":
        done = _perform(
            request,
            reopen_form,
            lambda data: actions.reopen_request(
                request.user,
                intake_request,
                version=data["version"],
            ),
            _("Anmälan är öppnad igen."),
            pk,
        )
    if done:
        return done
    if doing:
        intake_request.refresh_from_db()  # a refused action may have left its values on the object
    if request.method == "GET":
        record(request.user, AuditAction.VIEW, intake_request)
    attempts = intake_request.attempts.select_related("attempted_by")
    return render(
        request,
        "intake/request_detail.html",
        {
            "r": intake_request,
            "attempts": attempts,
            "may_change": may_change,
            "callback_form": callback_form,
            "close_form": close_form,
            "reopen_form": reopen_form,
            "retention_days": retention_days_of(intake_request.page.organization),
            "language_name": staff_name(intake_request.language),
        },
    )


def _perform(request, form, perform, message, pk):
    return run_action_form(
        request, form, perform, message, lambda _result: reverse("intake:detail", args=[pk])
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def convert(request, pk):
    """Register the person (or reuse them) and enrol them; the request keeps the link."""
    intake_request = get_restricted_or_404(
        _request_queryset(), request.user, CHANGE, pk=pk, not_found=_REQUEST_NOT_FOUND
    )
    if intake_request.enrollment_id is not None:
        messages.info(request, _("Anmälan har redan blivit en inskrivning."))
        return redirect("participants:detail", pk=intake_request.enrollment.person_id)
    page = intake_request.page
    first, _sep, last = intake_request.name.partition(" ")
    initial = {
        "first_name": first,
        "last_name": last,
        "phone": intake_request.phone,
        "email": intake_request.email,
        "contact_preference": intake_request.contact_method,
        "start_date": datetime.date.today(),
        "language": intake_request.language if intake_request.language != "sv" else "",
        "version": intake_request.version,
        "organization": page.organization_id,
    }
    if page.project_id:
        initial["project"] = page.project_id
    for name in ("project", "organization"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    form = ConvertForm(request.POST or None, user=request.user, initial=initial, refresh_url=request.path)

    def perform(data):
        return actions.convert_request(
            request.user,
            intake_request,
            version=data["version"],
            project=data["project"],
            organization=data["organization"],
            start_date=data["start_date"],
            personnummer=(data.get("personnummer") or "").strip(),
            protected_identity=data["protected_identity"],
            person_fields=form.person_fields(),
            coordinator=data.get("coordinator"),
            need_group=form.chosen_need_group(data["project"]),
            **form.start_status(),
        )

    done = run_action_form(
        request,
        form,
        perform,
        lambda enrollment: (
            _("%(name)s är inskriven i %(project)s via egenremiss.")
            % {"name": enrollment.person.display_name, "project": enrollment.project.name}
        ),
        lambda enrollment: reverse("participants:detail", args=[enrollment.person_id]),
    )
    if done:
        return done
    if request.method == "GET":
        record(request.user, AuditAction.VIEW, intake_request, detail="inskrivning från egenremiss")
    return render(request, "intake/convert.html", {"r": intake_request, "form": form})


# --- Pages, posters and retention ----------------------------------------------------------------


def _page_choices(user):
    scope = scope_of(user)
    projects = enrol_projects_for(user).order_by("name")
    if not scope.is_admin:
        projects = Project.objects.filter(pk__in=scope.leader_projects).order_by("name")
    return enrol_organizations_for(user).order_by("name"), projects


@access_rule(Rule.PERSONAL_DATA)
def page_list(request):
    """The self-referral pages the user works with: address, QR poster, open requests, retention."""
    pages = (
        visible_pages(request.user)
        .annotate(
            open_requests=Count("requests", filter=~Q(requests__status=Status.CLOSED)),
        )
        .order_by("organization__name", "name")
    )
    changeable = set(IntakePage.objects.restrict(request.user, CHANGE).values_list("pk", flat=True))
    org_ids = {p.organization_id for p in pages}
    retention = dict(
        IntakeSettings.objects.filter(organization_id__in=org_ids).values_list(
            "organization_id", "retention_days"
        )
    )
    rows = [
        {
            "page": p,
            "may_change": p.pk in changeable,
            "url": request.build_absolute_uri(reverse("intake:form", args=[p.slug])),
            "retention_days": retention.get(p.organization_id, DEFAULT_RETENTION_DAYS),
        }
        for p in pages
    ]
    return render(
        request,
        "intake/page_list.html",
        {
            "rows": rows,
            "may_manage": may_manage_pages(request.user),
            "is_admin": scope_of(request.user).is_admin,
            "organizations": Organization.objects.filter(pk__in=org_ids).order_by("name")
            if scope_of(request.user).is_admin
            else [],
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def page_create(request):
    if not may_manage_pages(request.user):
        raise PermissionDenied
    organizations, projects = _page_choices(request.user)
    form = PageForm(request.POST or None, organizations=organizations, projects=projects)

    def perform(data):
        return actions.create_page(
            request.user,
            organization=data["organization"],
            project=data.get("project"),
            slug=data["slug"],
            name=data["name"],
            contact=data["contact"],
            is_active=data["is_active"],
        )

    done = run_action_form(
        request, form, perform, _("Sidan är skapad."), lambda _page: reverse("intake:pages")
    )
    if done:
        return done
    return render(request, "intake/page_form.html", {"form": form, "title": _("Ny anmälningssida")})


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def page_edit(request, pk):
    page = get_restricted_or_404(IntakePage, request.user, VIEW, pk=pk)
    if not may(request.user, CHANGE, page):
        raise PermissionDenied
    organizations, projects = _page_choices(request.user)
    form = PageForm(
        request.POST or None,
        organizations=organizations,
        projects=projects,
        editing=True,
        initial={
            "organization": page.organization_id,
            "project": page.project_id,
            "name": page.name,
            "slug": page.slug,
            "contact": page.contact,
            "is_active": page.is_active,
            "version": page.version,
        },
    )

    def perform(data):
        return actions.update_page(
            request.user,
            page,
            version=data.get("version"),
            organization=data["organization"],
            project=data.get("project"),
            slug=data["slug"],
            name=data["name"],
            contact=data["contact"],
            is_active=data["is_active"],
        )

    done = run_action_form(
        request, form, perform, _("Sidan är sparad."), lambda _page: reverse("intake:pages")
    )
    if done:
        return done
    return render(
        request,
        "intake/page_form.html",
        {
            "form": form,
            "title": _("Ändra anmälningssidan %(name)s") % {"name": page.name},
            "page": page,
        },
    )


@access_rule(Rule.PERSONAL_DATA)
def poster(request, pk):
    """A printable A5 poster: a big QR code, a few words, the address in text (``?lang=`` for others)."""
    page = get_object_or_404(visible_pages(request.user), pk=pk)
    language = page_language(request)
    url = request.build_absolute_uri(reverse("intake:form", args=[page.slug]))
    public_url = with_language(url, language)
    with translation.override(language):
        response = render(
            request,
            "intake/poster.html",
            {
                "page": page,
                "url": public_url,
                "language": language,
                "qr": qr_svg(
                    public_url, title=_("QR-kod till anmälan"), scale=10, svgclass="poster-qr", fluid=True
                ),
                "print_languages": settings.PARTICIPANT_LANGUAGES,
            },
        )
    return response


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def retention(request, code):
    """An organisation's retention period for requests that did not become enrolments."""
    organization = get_object_or_404(Organization, code=code)
    current = IntakeSettings.objects.filter(organization=organization).first()
    form = RetentionForm(
        request.POST or None,
        initial={
            "retention_days": current.retention_days if current else retention_days_of(organization),
            "version": current.version if current else None,
        },
    )

    def perform(data):
        return actions.set_retention_days(
            request.user, organization, retention_days=data["retention_days"], version=data.get("version")
        )

    done = run_action_form(
        request, form, perform, _("Lagringstiden är sparad."), lambda _s: reverse("intake:pages")
    )
    if done:
        return done
    return render(request, "intake/retention.html", {"form": form, "organization": organization})

"""Pages of the employer register, under /arbetsgivare/.

Which employers a user sees is decided by :mod:`stegvis.employers.access` through ``restrict``:
an employer of another organisation answers 404 as if it did not exist. Writes go through
:mod:`stegvis.employers.actions` with the shared form helper, so an action's error appears at its
field and a stale edit gets the conflict message. The list shows no personal data (employers'
names only); an employer's page shows its contact persons and is audited as a read, and the
panels other apps add (the placements) audit what they show themselves.
"""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from stegvis.audit.log import AuditAction, record
from stegvis.core.access import CHANGE, VIEW, Rule, access_rule, get_restricted_or_404
from stegvis.core.views_helpers import run_action_form
from stegvis.employers import actions
from stegvis.employers.access import keeping_organizations
from stegvis.employers.filters import EmployerFilter
from stegvis.employers.forms import AgreementForm, ContactLogForm, ContactPersonForm, EmployerForm
from stegvis.employers.models import Agreement, ContactPerson, Employer, EmployerContact
from stegvis.employers.sections import employer_sections
from stegvis.employers.tables import EmployerTable
from stegvis.participants.municipalities import municipality_name

PER_PAGE = 50
_NOT_FOUND = gettext_lazy("Arbetsgivaren finns inte eller så saknar du behörighet.")


def _in_force(on):
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def _listed(user, on):
    """The employers ``user`` sees, with the list's figures as subqueries (one query per page)."""
    agreements = (
        Agreement.objects.filter(_in_force(on), employer_id=OuterRef("pk"))
        .order_by()
        .values("employer_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    log = EmployerContact.objects.filter(employer_id=OuterRef("pk")).order_by()
    return (
        Employer.objects.restrict(user, VIEW)
        .select_related("organization")
        .annotate(
            agreements_in_force=Coalesce(Subquery(agreements, output_field=IntegerField()), 0),
            last_contact=Subquery(log.order_by("-date").values("date")[:1]),
            next_step=Subquery(
                log.filter(next_step_date__gte=on).order_by("next_step_date").values("next_step_date")[:1]
            ),
        )
    )


def _employer_url(employer):
    return reverse("employers:detail", args=[employer.pk])


def _employer_or_404(user, pk, action=VIEW):
    return get_restricted_or_404(
        Employer.objects.select_related("organization"), user, action, pk=pk, not_found=_NOT_FOUND
    )


def _form_page(request, form, title, cancel_url, employer=None):
    return render(
        request,
        "employers/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "employer": employer},
    )


@access_rule(Rule.PERSONAL_DATA)
def employer_list(request):
    """The employers of the user's organisations, filtered and sorted."""
    organizations = keeping_organizations(request.user)
    filterset = EmployerFilter(
        request.GET or None,
        queryset=_listed(request.user, datetime.date.today()),
        organizations=organizations,
    )
    table = EmployerTable(filterset.qs, order_by=("name",))
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    context = {
        "filter": filterset,
        "table": table,
        "total": table.paginator.count,
        "can_create": organizations.exists(),
    }
    if request.htmx and request.htmx.target == "list-region":
        return render(request, "organizations/_list_region.html", context)
    return render(request, "employers/list.html", context)


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def employer_create(request):
    organizations = keeping_organizations(request.user)
    form = EmployerForm(request.POST or None, organizations=organizations)

    def perform(data):
        return actions.create_employer(
            request.user, organization=data["organization"], **form.action_fields()
        )

    done = run_action_form(
        request,
        form,
        perform,
        lambda e: _("Arbetsgivaren %(name)s är tillagd.") % {"name": e.name},
        _employer_url,
    )
    return done or _form_page(request, form, _("Ny arbetsgivare"), reverse("employers:list"))


@access_rule(Rule.PERSONAL_DATA)
def employer_detail(request, pk):
    """One employer: details, contact persons, agreements, the contact log and the panels of other apps."""
    employer = _employer_or_404(request.user, pk)
    record(request.user, AuditAction.VIEW, employer, detail=_("Arbetsgivare med kontaktpersoner"))
    today = datetime.date.today()
    agreements = list(employer.agreements.all())
    for agreement in agreements:
        agreement.in_force = agreement.valid_from <= today and (
            agreement.valid_to is None or agreement.valid_to >= today
        )
    return render(
        request,
        "employers/detail.html",
        {
            "employer": employer,
            "municipality": municipality_name(employer.municipality),
            "contacts": employer.contacts.all(),
            "agreements": agreements,
            "contact_log": employer.contact_log.select_related("staff", "contact_person"),
            "sections": employer_sections(request.user, employer),
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def employer_edit(request, pk):
    employer = _employer_or_404(request.user, pk, CHANGE)
    form = EmployerForm(request.POST or None, editing=True, initial=EmployerForm.initial_for(employer))

    def perform(data):
        return actions.update_employer(
            request.user, employer, version=data.get("version"), **form.action_fields()
        )

    done = run_action_form(request, form, perform, _("Arbetsgivaren är ändrad."), _employer_url)
    return done or _form_page(
        request, form, _("Ändra %(name)s") % {"name": employer.name}, _employer_url(employer), employer
    )


def _employer_form(request, employer, form, perform, success, title):
    """A form about one employer: run the action, then back to the employer's page."""

    def act(data):
        perform(data)
        return employer

    done = run_action_form(request, form, act, success, _employer_url)
    return done or _form_page(request, form, title, _employer_url(employer), employer)


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def contact_create(request, pk):
    employer = _employer_or_404(request.user, pk, CHANGE)
    form = ContactPersonForm(request.POST or None)
    return _employer_form(
        request,
        employer,
        form,
        lambda data: actions.add_contact_person(request.user, employer, **form.action_fields()),
        _("Kontaktpersonen är tillagd."),
        _("Ny kontaktperson hos %(name)s") % {"name": employer.name},
    )


def _row_or_404(model, user, pk):
    return get_restricted_or_404(
        model.objects.select_related("employer__organization"), user, CHANGE, pk=pk, not_found=_NOT_FOUND
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk):
    contact = _row_or_404(ContactPerson, request.user, pk)
    form = ContactPersonForm(
        request.POST or None, editing=True, initial=ContactPersonForm.initial_for(contact)
    )
    if request.method == "GET":
        record(request.user, AuditAction.VIEW, contact, detail=_("Kontaktperson hos arbetsgivare"))
    return _employer_form(
        request,
        contact.employer,
        form,
        lambda data: actions.update_contact_person(
            request.user, contact, version=data.get("version"), **form.action_fields()
        ),
        _("Kontaktpersonen är ändrad."),
        _("Ändra kontaktperson: %(name)s") % {"name": contact.name},
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def agreement_create(request, pk):
    employer = _employer_or_404(request.user, pk, CHANGE)
    form = AgreementForm(request.POST or None)
    return _employer_form(
        request,
        employer,
        form,
        lambda data: actions.add_agreement(request.user, employer, **form.action_fields()),
        _("Avtalet är sparat."),
        _("Nytt avtal med %(name)s") % {"name": employer.name},
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def agreement_edit(request, pk):
    agreement = _row_or_404(Agreement, request.user, pk)
    form = AgreementForm(request.POST or None, editing=True, initial=AgreementForm.initial_for(agreement))
    return _employer_form(
        request,
        agreement.employer,
        form,
        lambda data: actions.update_agreement(
            request.user, agreement, version=data.get("version"), **form.action_fields()
        ),
        _("Avtalet är ändrat."),
        _("Ändra avtal med %(name)s") % {"name": agreement.employer.name},
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def log_create(request, pk):
    employer = _employer_or_404(request.user, pk, CHANGE)
    form = ContactLogForm(request.POST or None, employer=employer, initial={"date": datetime.date.today()})
    return _employer_form(
        request,
        employer,
        form,
        lambda data: actions.log_contact(request.user, employer, **form.action_fields()),
        _("Kontakten är loggad."),
        _("Logga kontakt med %(name)s") % {"name": employer.name},
    )

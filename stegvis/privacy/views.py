"""Administrator pages: the retention rules with what the next run will do, and erasure on request."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stegvis.audit.log import AuditAction, record
from stegvis.core.access import CHANGE, Rule, access_rule, get_restricted_or_404
from stegvis.core.errors import ActionError
from stegvis.core.views_helpers import apply_action_error, run_action_form
from stegvis.organizations.models import Organization
from stegvis.participants.models import Person
from stegvis.privacy import actions
from stegvis.privacy.forms import ErasureForm, FindForm, RuleForm
from stegvis.privacy.lookup import AmbiguousReference, find_person
from stegvis.privacy.retention import preview
from stegvis.privacy.rules import DEFAULT_MONTHS, KINDS


@access_rule(Rule.ADMIN)
@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    """Every organisation's rules and what a run today would do (counted in the database)."""
    organizations = Organization.objects.select_related("retention_rule").order_by("name")
    rows = []
    for organization in organizations:
        rule = getattr(organization, "retention_rule", None)
        months = [getattr(rule, f"{kind}_months") if rule else DEFAULT_MONTHS[kind] for kind in KINDS]
        rows.append({"organization": organization, "months": months, "own": rule is not None})
    return render(
        request,
        "privacy/index.html",
        {
            "rows": rows,
            "defaults": [DEFAULT_MONTHS[kind] for kind in KINDS],
            "next_run": preview(timezone.localdate()),
        },
    )


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def rule(request: HttpRequest, code: str) -> HttpResponse:
    """One organisation's retention rule."""
    organization = get_object_or_404(Organization, code=code)
    current = getattr(organization, "retention_rule", None)  # the reverse one-to-one: None without a row
    initial = {
        f"{kind}_months": getattr(current, f"{kind}_months") if current else DEFAULT_MONTHS[kind]
        for kind in KINDS
    }
    initial["version"] = current.version if current else None
    form = RuleForm(request.POST or None, initial=initial)

    def perform(data):
        values = {name: data[name] for name in data if name.endswith("_months")}
        return actions.set_retention_rule(request.user, organization, version=data.get("version"), **values)

    done = run_action_form(
        request, form, perform, _("Gallringsreglerna är sparade."), lambda _r: reverse("privacy:index")
    )
    if done:
        return done
    return render(request, "privacy/rule.html", {"form": form, "organization": organization})


def _found(request: HttpRequest, find: FindForm) -> Person | None:
    """The person the search names (its read audited), or ``None`` with the reason on the form."""
    code = find.cleaned_data["organization"].strip()
    organization = None
    if code:
        organization = Organization.objects.filter(code=code).first()
        if organization is None:
            find.add_error(
                "organization", _("Det finns ingen organisation med koden %(code)s.") % {"code": code}
            )
            return None
    try:
        person = find_person(find.cleaned_data["identifier"], organization)
    except AmbiguousReference:
        find.add_error(
            "organization", _("Referensen används av flera organisationer. Ange organisationens kod.")
        )
        return None
    except ValidationError as error:
        find.add_error("identifier", error.messages)
        return None
    if person is None:
        find.add_error("identifier", _("Ingen deltagare med det personnumret eller den referensen finns."))
        return None
    record(request.user, AuditAction.VIEW, person, detail=_("Sökning inför anonymisering på begäran"))
    return person


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def erasure(request: HttpRequest) -> HttpResponse:
    """Erasure on request in three steps: find the person, give the reason, confirm."""
    if request.method == "POST":
        return _erasure_step(request)
    find = FindForm(request.GET or None)
    person = _found(request, find) if find.is_valid() else None
    return render(request, "privacy/erasure.html", _context(person, find, ErasureForm() if person else None))


def _context(person: Person | None, find: FindForm | None, form: ErasureForm | None, step: int = 1) -> dict:
    enrollments = []
    if person is not None:
        enrollments = list(
            person.enrollments.select_related("project", "organization").order_by("start_date", "pk")
        )
    return {
        "person": person,
        "find": find,
        "form": form,
        "step": step,
        "enrollments": enrollments,
        "active": any(e.end_date is None for e in enrollments),
    }


def _erasure_step(request: HttpRequest) -> HttpResponse:
    """Step 1 (the reason) shows the confirmation; step 2 (confirmed) anonymises."""
    person = get_restricted_or_404(
        Person.objects.filter(Q(anonymised_at__isnull=True)),
        request.user,
        CHANGE,
        pk=request.POST.get("person"),
    )
    form = ErasureForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        active = person.enrollments.filter(end_date__isnull=True).exists()
        if active and not data["force"]:
            form.add_error(
                "force",
                _(
                    "Deltagaren har en pågående inskrivning. Avsluta den först, eller kryssa i att uppgifterna ska anonymiseras ändå."
                ),
            )
        elif not data["confirmed"]:
            return render(request, "privacy/erasure.html", _context(person, None, form, step=2))
        else:
            try:
                actions.anonymise_on_request(request.user, person, reason=data["reason"], force=data["force"])
            except ActionError as error:
                apply_action_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Deltagaren är anonymiserad. Namn, personnummer och kontaktuppgifter finns inte längre kvar."
                    ),
                )
                return redirect("privacy:erasure")
    return render(request, "privacy/erasure.html", _context(person, None, form))

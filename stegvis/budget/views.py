"""Budget pages of a project, under ``/projekt/<code>/budget/``.

Who may read or change is decided in :mod:`stegvis.budget.access`; every figure comes from
:mod:`stegvis.budget.figures` and every write from :mod:`stegvis.budget.actions`. The budget grid
and a month's costs are saved by one action each, all or nothing, with the version of every cell
the page showed.
"""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stegvis.audit.log import AuditAction, record
from stegvis.budget import actions
from stegvis.budget.access import changeable_project, may_change, readable_project
from stegvis.budget.charts import budget_chart
from stegvis.budget.exports import budget_xlsx
from stegvis.budget.figures import budget_outcome, project_quarters
from stegvis.budget.forms import CostFileForm, RateForm
from stegvis.budget.models import COMPUTED, ActualCost, BudgetLine, CoFinancingRate, CostCategory
from stegvis.budget.periods import add_months, quarter_label
from stegvis.core.access import Rule, access_rule
from stegvis.core.downloads import attachment
from stegvis.core.errors import ActionError
from stegvis.core.uploads import refused_uploads
from stegvis.core.views_helpers import run_action_form

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENTERED = [c for c in CostCategory if c not in COMPUTED]


def _messages(error: ActionError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: [str(m) for e in errs for m in e.messages] for field, errs in error.error_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


@access_rule(Rule.STAFF)
def overview(request, code):
    """Budget against outcome per quarter, per category and per month, with the chart."""
    project = readable_project(request.user, code)
    result = budget_outcome(project, project_quarters(project))
    months = [
        {
            "month": m,
            "amounts": [amounts.get(c) for c in CostCategory],
            "total": sum(amounts.values(), Decimal(0)),
        }
        for m, amounts in zip(result.month_keys, result.months, strict=True)
        if amounts
    ]
    return render(
        request,
        "budget/overview.html",
        {
            "project": project,
            "result": result,
            "chart": budget_chart(result.periods),
            "categories": list(CostCategory),
            "months": months,
            "co_financing": [r for r in result.co_financing if r.hours or r.full_time_equivalents],
            "may_change": may_change(request.user, project),
            "this_month": datetime.date.today().replace(day=1),
        },
    )


@access_rule(Rule.STAFF)
def overview_xlsx(request, code):
    project = readable_project(request.user, code)
    result = budget_outcome(project, project_quarters(project))
    record(request.user, AuditAction.EXPORT, project, detail="webb: budget xlsx")
    return attachment(budget_xlsx(result), XLSX, f"budget-{project.code}.xlsx")


@access_rule(Rule.STAFF)
@require_http_methods(["GET", "POST"])
def plan(request, code):
    """The budget grid: one amount per category and quarter of the project."""
    project = changeable_project(request.user, code)
    quarters = project_quarters(project)
    lines = {(r.category, r.quarter): r for r in BudgetLine.objects.filter(project=project)}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        inputs = {
            (c.value, q): actions.AmountInput(
                version=request.POST.get("v" + actions.budget_field(c, q)),
                amount=request.POST.get(actions.budget_field(c, q)),
            )
            for c in CostCategory
            for q in quarters
        }
        try:
            with transaction.atomic():
                actions.save_budget(request.user, project, inputs)
        except ActionError as exc:
            errors = _messages(exc)
        else:
            messages.success(request, _("Budgeten är sparad."))
            return redirect("budget:overview", code=project.code)
    rows = []
    for category in CostCategory:
        cells = []
        for quarter in quarters:
            field = actions.budget_field(category, quarter)
            line = lines.get((category.value, quarter))
            value = request.POST.get(field) if request.method == "POST" else (line.amount if line else "")
            cells.append(
                {
                    "field": field,
                    "value": value,
                    "version": line.version if line else 0,
                    "errors": errors.get(field, []),
                    "label": f"{category.label} {quarter_label(quarter)}",
                }
            )
        rows.append({"category": category, "cells": cells})
    return render(
        request,
        "budget/plan.html",
        {
            "project": project,
            "quarters": [quarter_label(q) for q in quarters],
            "rows": rows,
            "errors": [m for ms in errors.values() for m in ms],
        },
    )


@access_rule(Rule.STAFF)
@require_http_methods(["GET", "POST"])
def actual_month(request, code, year, month):
    """One month's actual costs per category (the computed categories are shown, not entered)."""
    project = changeable_project(request.user, code)
    try:
        first = datetime.date(year, month, 1)
    except ValueError:
        raise Http404 from None
    saved = {r.category: r for r in ActualCost.objects.filter(project=project, month=first)}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        inputs = {
            c.value: actions.AmountInput(
                version=request.POST.get("v" + actions.cost_field(c)),
                amount=request.POST.get(actions.cost_field(c)),
                note=request.POST.get(actions.note_field(c), ""),
            )
            for c in ENTERED
        }
        try:
            with transaction.atomic():
                actions.save_actual_costs(request.user, project, first, inputs)
        except ActionError as exc:
            errors = _messages(exc)
        else:
            messages.success(request, _("Utfallet för %(month)s är sparat.") % {"month": f"{first:%Y-%m}"})
            return redirect("budget:overview", code=project.code)
    rows = []
    for category in ENTERED:
        row = saved.get(category.value)
        posted = request.method == "POST"
        rows.append(
            {
                "category": category,
                "field": actions.cost_field(category),
                "note_field": actions.note_field(category),
                "value": request.POST.get(actions.cost_field(category))
                if posted
                else (row.amount if row else ""),
                "note": request.POST.get(actions.note_field(category))
                if posted
                else (row.note if row else ""),
                "version": row.version if row else 0,
                "errors": errors.get(actions.cost_field(category), [])
                + errors.get(actions.note_field(category), []),
            }
        )
    return render(
        request,
        "budget/actual_month.html",
        {
            "project": project,
            "month": first,
            "previous": add_months(first, -1),
            "next": add_months(first, 1),
            "rows": rows,
            "errors": [m for ms in errors.values() for m in ms],
        },
    )


@access_rule(Rule.STAFF)
@require_http_methods(["GET", "POST"])
def import_costs(request, code):
    """Upload the finance system's CSV of actual costs: all or nothing, errors by line and column."""
    project = changeable_project(request.user, code)
    form = CostFileForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST":
        refused = refused_uploads(request)
        if refused:
            form.add_error("file", _("Filen %(name)s är för stor.") % {"name": refused[0]})
        elif form.is_valid():
            try:
                with transaction.atomic():
                    result = actions.import_actual_costs(
                        request.user, project, form.cleaned_data["file"].read()
                    )
            except actions.ImportFailed as exc:
                problems = [actions.ImportFailed.describe(p) for p in exc.problems]
            except ValidationError as exc:
                problems = [str(m) for m in exc.messages]
            else:
                messages.success(
                    request,
                    _("Utfallet är importerat: %(rows)s rader för %(months)s.")
                    % {"rows": result.rows, "months": ", ".join(f"{m:%Y-%m}" for m in result.months)},
                )
                return redirect("budget:overview", code=project.code)
    return render(
        request,
        "budget/import.html",
        {
            "project": project,
            "form": form,
            "problems": problems,
            "categories": [(c.value, c.label) for c in ENTERED],
        },
    )


@access_rule(Rule.STAFF)
@require_http_methods(["GET", "POST"])
def rates(request, code):
    """The co-financing rates with their valid-from dates; add one, or change one (``?andra=<id>``)."""
    project = changeable_project(request.user, code)
    existing = list(CoFinancingRate.objects.filter(project=project))
    initial = {}
    chosen = next((r for r in existing if str(r.pk) == request.GET.get("andra")), None)
    if chosen is not None:
        initial = {
            "kind": chosen.kind,
            "valid_from": chosen.valid_from,
            "amount": str(chosen.amount).replace(".", ","),
            "basis": chosen.basis,
            "version": chosen.version,
        }
    form = RateForm(request.POST or None, initial=initial)

    def perform(data):
        return actions.set_rate(
            request.user,
            project,
            data["kind"],
            data["valid_from"],
            data["amount"],
            data.get("basis", ""),
            data.get("version") or None,
        )

    back = reverse("budget:rates", args=[project.code])
    done = run_action_form(request, form, perform, _("Satsen är sparad."), lambda _r: back)
    return done or render(
        request, "budget/rates.html", {"project": project, "form": form, "rates": existing, "editing": chosen}
    )

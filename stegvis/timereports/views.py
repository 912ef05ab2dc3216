"""Pages of time reports, under /tidrapporter/.

Participants' months are personal data: every list of them comes from
``Enrollment.objects.restrict(user, VIEW)``, the grid offers inputs only for the months the user
may change (and that are not locked), and every page that names participants writes its audit
entries in one INSERT (:func:`stegvis.audit.log.record_list`). Writes go through
:mod:`stegvis.timereports.actions`; the grid's save is one action for the whole page.
"""

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stegvis.audit.log import AuditAction, record, record_list
from stegvis.cohorts.models import Cohort, CohortMember
from stegvis.core.access import CHANGE, VIEW, Rule, access_rule, get_restricted_or_404, scope_of
from stegvis.core.downloads import attachment
from stegvis.core.errors import ActionError
from stegvis.core.views_helpers import run_action_form
from stegvis.organizations.access import administered_project_or_404, project_or_404
from stegvis.organizations.models import Project
from stegvis.participants.access import enrollment_or_404
from stegvis.participants.models import Enrollment
from stegvis.timereports import actions
from stegvis.timereports.exports import participant_month_xlsx, project_month_xlsx, summary_xlsx
from stegvis.timereports.figures import attested_hours, staff_time
from stegvis.timereports.grid import (
    ParticipantMonth,
    attendance_hours,
    build_months,
    hours_text,
    in_month_q,
    last_of_month,
    month_days,
    month_enrollments,
    month_label,
    parse_month,
    shift_month,
)
from stegvis.timereports.models import MonthReport, StaffTime
from stegvis.timereports.rules import is_manager, may_unlock
from stegvis.timereports.staff import staff_members

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OBJECT_TYPE = "timereports.monthreport"


def _this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def _shift(month: datetime.date, months: int) -> datetime.date:
    return shift_month(month, months)


def _parse_month(value: str | None, default: datetime.date) -> datetime.date:
    return parse_month(value, default) or default


def _month_context(month: datetime.date) -> dict[str, Any]:
    return {
        "month": month,
        "month_label": month_label(month),
        "previous_month": _shift(month, -1),
        "next_month": _shift(month, 1),
    }


def _audit_list(request: Any, detail: str, months: list[ParticipantMonth]) -> None:
    record_list(
        request.user,
        OBJECT_TYPE,
        detail=detail,
        params=request.GET,
        shown=len(months),
        persons=[pm.enrollment for pm in months],
    )


# --- The start page --------------------------------------------------------------------------------


@access_rule(Rule.PERSONAL_DATA)
def index(request):
    """Choose a project and month: the caseload grid, start groups of the month, staff time."""
    user = request.user
    month = _parse_month(request.GET.get("manad"), _this_month())
    projects = list(Project.objects.restrict(user, VIEW).order_by("name"))
    cohorts = list(
        Cohort.objects.restrict(user, VIEW)
        .filter(in_month_q(month, "start_date", "end_date"))
        .select_related("project")
        .order_by("project__name", "name")
    )
    scope = scope_of(user)
    return render(
        request,
        "timereports/index.html",
        {
            "projects": projects,
            "cohorts": cohorts,
            "managed": {p.pk for p in projects if scope.is_admin or p.pk in scope.leader_projects},
            **_month_context(month),
        },
    )


# --- The grid --------------------------------------------------------------------------------------


def _posted_inputs(request: Any, months: list[ParticipantMonth]) -> dict[int, actions.MonthInput]:
    """The grid's cells as posted, for the months the user may change (others are not sent)."""
    inputs: dict[int, actions.MonthInput] = {}
    for pm in months:
        if not pm.editable:
            continue
        version = request.POST.get(f"v-{pm.enrollment.pk}")
        if version is None:
            continue  # the participant was not on the page the user saw
        cells: dict[tuple[str, int], str | Decimal | None] = {}
        for activity in pm.activities:
            for day in pm.days:
                name = actions.cell_field(pm.enrollment.pk, activity.key, day.day)
                if name in request.POST:
                    cells[(activity.key, day.day)] = request.POST[name]
        inputs[pm.enrollment.pk] = actions.MonthInput(version=version, cells=cells)
    return inputs


def _grid_rows(
    months: list[ParticipantMonth],
    posted: dict[str, str],
    prefill: dict[tuple[int, str, datetime.date], Decimal],
    errors: dict[str, list[str]],
) -> list[dict[str, Any]]:
    """The grid as the template draws it: a block per participant, a row per activity."""
    blocks = []
    for pm in months:
        rows = []
        for row in pm.rows():
            cells = []
            for cell in row["cells"]:
                day = cell["day"]
                name = actions.cell_field(pm.enrollment.pk, row["activity"].key, day.day)
                value = cell["hours"]
                if value is None and (pm.enrollment.pk, row["activity"].key, day) in prefill:
                    value = prefill[(pm.enrollment.pk, row["activity"].key, day)]
                cells.append(
                    {
                        "name": name,
                        "value": posted.get(name, hours_text(value)),
                        "enrolled": cell["enrolled"],
                        "weekend": day.weekday() >= 5,
                        "invalid": name in errors,
                    }
                )
            rows.append({"activity": row["activity"], "cells": cells, "total": row["total"]})
        blocks.append({"pm": pm, "rows": rows, "day_totals": pm.day_totals()})
    return blocks


def _day_headers(month: datetime.date) -> list[dict[str, Any]]:
    return [
        {"day": d, "weekday": date_format(d, "D"), "weekend": d.weekday() >= 5} for d in month_days(month)
    ]


def _grid_page(request, month, enrollments, *, title, detail, back_url, url_for):
    user = request.user
    months = build_months(user, month_enrollments(enrollments, month), month)
    errors: dict[str, list[str]] = {}
    posted: dict[str, str] = {}
    prefill: dict[tuple[int, str, datetime.date], Decimal] = {}
    without_times = 0
    if request.method == "POST":
        inputs = _posted_inputs(request, months)
        try:
            with transaction.atomic():
                count = actions.save_month_hours(user, month, inputs)
        except ActionError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            posted = {k: v for k, v in request.POST.items() if k.startswith("h-")}
        else:
            messages.success(request, _("Tidrapporten är sparad (%(n)s deltagare ändrade).") % {"n": count})
            return redirect(request.get_full_path())
    else:
        _audit_list(request, detail, months)
        if request.GET.get("fran_narvaro"):
            prefill, without_times = attendance_hours(
                [pm.enrollment.pk for pm in months if pm.editable], month
            )
    return render(
        request,
        "timereports/grid.html",
        {
            "title": title,
            "blocks": _grid_rows(months, posted, prefill, errors),
            "days": _day_headers(month),
            "errors": [m for ms in errors.values() for m in ms],
            "prefilled": request.GET.get("fran_narvaro") and request.method == "GET",
            "prefill_count": len(prefill),
            "without_times": without_times,
            "back_url": back_url,
            "any_editable": any(pm.editable for pm in months),
            "previous_url": url_for(_shift(month, -1)),
            "next_url": url_for(_shift(month, 1)),
            **_month_context(month),
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def cohort_grid(request, pk, month):
    """The month of a start group's members (those the user may see), with all their activities."""
    user = request.user
    cohort = get_restricted_or_404(
        Cohort.objects.select_related("project"),
        user,
        VIEW,
        pk=pk,
        not_found=_("Startgruppen finns inte eller så saknar du behörighet."),
    )
    members = CohortMember.objects.filter(cohort=cohort).filter(in_month_q(month, "joined_on", "left_on"))
    enrollments = Enrollment.objects.restrict(user, VIEW).filter(pk__in=members.values("enrollment_id"))
    return _grid_page(
        request,
        month,
        enrollments,
        title=_("Tidrapport %(name)s") % {"name": cohort.name},
        detail=_("Tidrapport startgrupp %(name)s %(month)s")
        % {"name": cohort.name, "month": month_label(month)},
        back_url=reverse("cohorts:detail", args=[cohort.pk]),
        url_for=lambda m: reverse("timereports:cohort_grid", args=[cohort.pk, m]),
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def caseload_grid(request, code, month):
    """The month of the participants the user coordinates in the project (a leader may choose a
    coordinator with ``?koordinator=<id>``)."""
    user = request.user
    project = project_or_404(user, code)
    coordinator_id = user.pk
    chosen = request.GET.get("koordinator", "")
    if chosen.isdigit() and is_manager(user, project.pk):
        coordinator_id = int(chosen)
    enrollments = Enrollment.objects.restrict(user, VIEW).filter(
        project=project, coordinator_id=coordinator_id
    )
    query = f"?koordinator={coordinator_id}" if coordinator_id != user.pk else ""
    return _grid_page(
        request,
        month,
        enrollments,
        title=_("Tidrapport %(project)s, mina deltagare") % {"project": project.name},
        detail=_("Tidrapport %(project)s %(month)s, koordinatorns deltagare")
        % {"project": project.name, "month": month_label(month)},
        back_url=reverse("timereports:project_month", args=[project.code, month]),
        url_for=lambda m: reverse("timereports:caseload_grid", args=[project.code, m]) + query,
    )


# --- A project's month -----------------------------------------------------------------------------


def _versions(request: Any) -> dict[int, str]:
    return {int(pk): request.POST.get(f"v-{pk}", "") for pk in request.POST.getlist("e") if pk.isdigit()}


def _status_action(request, month, versions) -> str | None:
    """Sign off or report the chosen months; ``None`` when done, else the error messages."""
    do = request.POST.get("do")
    action = {"sign": actions.sign_months, "report": actions.report_months}.get(do or "")
    if action is None:
        return _("Välj attestera eller rapportera.")
    try:
        with transaction.atomic():
            count = action(request.user, month, versions)
    except ActionError as error:
        return " ".join(error.messages)
    done = (
        _("%(n)s tidrapporter attesterade.")
        if do == "sign"
        else _("%(n)s tidrapporter rapporterade och låsta.")
    )
    messages.success(request, done % {"n": count})
    return None


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def project_month(request, code, month):
    """The project's participants of the month (those the user may see): hours, status, sign-off
    and reporting for many at once."""
    user = request.user
    project = project_or_404(user, code)
    error = None
    if request.method == "POST":
        error = _status_action(request, month, _versions(request))
        if error is None:
            return redirect(request.get_full_path())
    months = build_months(
        user, month_enrollments(Enrollment.objects.restrict(user, VIEW).filter(project=project), month), month
    )
    if request.method == "GET":
        _audit_list(
            request,
            _("Tidrapporter %(project)s %(month)s") % {"project": project.name, "month": month_label(month)},
            months,
        )
    scope = scope_of(user)
    return render(
        request,
        "timereports/project_month.html",
        {
            "project": project,
            "months": months,
            "error": error,
            "any_editable": any(pm.may_change for pm in months),
            "total": sum((pm.total for pm in months), Decimal("0")),
            "coordinates": Enrollment.objects.filter(project=project, coordinator=user).exists(),
            "is_manager": scope.is_admin or project.pk in scope.leader_projects,
            **_month_context(month),
        },
    )


@access_rule(Rule.PERSONAL_DATA)
def project_month_export(request, code, month):
    """The project's month as XLSX: the participants the user may see."""
    user = request.user
    project = project_or_404(user, code)
    months = build_months(
        user, month_enrollments(Enrollment.objects.restrict(user, VIEW).filter(project=project), month), month
    )
    content = project_month_xlsx(project, month, months)
    record_list(
        user,
        OBJECT_TYPE,
        detail=_("Export tidrapport %(project)s %(month)s xlsx")
        % {"project": project.code, "month": month_label(month)},
        params=request.GET,
        shown=len(months),
        persons=[pm.enrollment for pm in months],
    )
    return attachment(content, XLSX, f"tidrapport-{project.code}-{month:%Y-%m}.xlsx")


# --- One participant's month -----------------------------------------------------------------------


def _participant_month(user, pk, month) -> ParticipantMonth:
    enrollment = enrollment_or_404(user, pk, VIEW)
    found = build_months(user, Enrollment.objects.filter(pk=enrollment.pk), month)
    return found[0]


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def participant_month(request, pk, month):
    """One participant's month, printable (the time report to sign and send), with sign-off,
    reporting and the way to unlock."""
    user = request.user
    pm = _participant_month(user, pk, month)
    error = None
    if request.method == "POST":
        if not pm.may_change:
            raise PermissionDenied
        error = _status_action(request, month, {pm.enrollment.pk: request.POST.get("version", "")})
        if error is None:
            return redirect(request.get_full_path())
    else:
        record(
            user,
            AuditAction.VIEW,
            pm.enrollment.person,
            detail=_("Tidrapport %(month)s") % {"month": month_label(month)},
        )
    return render(
        request,
        "timereports/participant_month.html",
        {
            "pm": pm,
            "rows": pm.rows(),
            "days": _day_headers(month),
            "day_totals": pm.day_totals(),
            "error": error,
            "may_unlock": pm.locked and may_unlock(user, pm.enrollment.project_id),
            **_month_context(month),
        },
    )


@access_rule(Rule.PERSONAL_DATA)
def participant_month_export(request, pk, month):
    user = request.user
    pm = _participant_month(user, pk, month)
    record(
        user,
        AuditAction.EXPORT,
        pm.enrollment.person,
        detail=_("Export tidrapport %(month)s xlsx") % {"month": month_label(month)},
    )
    return attachment(
        participant_month_xlsx(pm, month), XLSX, f"tidrapport-{pm.enrollment.pk}-{month:%Y-%m}.xlsx"
    )


class UnlockForm(forms.Form):
    reason = forms.CharField(label=_("Orsak"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def participant_unlock(request, pk, month):
    """Unlock a reported month (project leaders and administrators), with a reason."""
    user = request.user
    enrollment = enrollment_or_404(user, pk, CHANGE)
    if not may_unlock(user, enrollment.project_id):
        raise PermissionDenied
    report = MonthReport.objects.filter(enrollment=enrollment, month=month).first()
    if report is None:
        raise Http404(_("Det finns ingen tidrapport för den månaden."))
    report.enrollment = enrollment
    form = UnlockForm(request.POST or None, initial={"version": report.version})

    def perform(data):
        return actions.unlock_month(user, report, version=data.get("version"), reason=data.get("reason"))

    back = reverse("timereports:participant_month", args=[enrollment.pk, month])
    done = run_action_form(request, form, perform, _("Månaden är upplåst."), lambda _r: back)
    return done or render(
        request,
        "timereports/unlock.html",
        {
            "form": form,
            "title": _("Lås upp %(name)s, %(month)s")
            % {"name": enrollment.person.display_name, "month": month_label(month)},
            "locked": report.locked,
            "back_url": back,
        },
    )


# --- Staff time ------------------------------------------------------------------------------------


def _staff_rows(user, project, month, posted, errors):
    manager = is_manager(user, project.pk)
    members = [m for m in staff_members(project) if manager or m.user.pk == user.pk]
    saved = {
        (r.staff_id, r.organization_id): r
        for r in StaffTime.objects.filter(project=project, month=month).select_related("signed_by")
    }
    rows = []
    for m in members:
        key = (m.user.pk, m.organization.pk)
        row = saved.get(key)
        fields = {
            name: {
                "name": actions.staff_field(name, *key),
                "value": posted.get(actions.staff_field(name, *key), hours_text(getattr(row, name, None))),
                "invalid": actions.staff_field(name, *key) in errors,
            }
            for name in actions.STAFF_FIELDS
        }
        rows.append(
            {
                "member": m,
                "row": row,
                "fields": fields,
                "version": row.version if row else 0,
                "editable": row is None or not row.signed,
                "may_sign": row is not None and not row.signed and manager and m.user.pk != user.pk,
            }
        )
    return rows, manager


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def staff_month(request, code, month):
    """Staff time of a project's month: each staff member their own, a manager everyone's and the sign-off."""
    user = request.user
    project = project_or_404(user, code)
    errors: dict[str, list[str]] = {}
    posted: dict[str, str] = {}
    if request.method == "POST":
        try:
            with transaction.atomic():
                if request.POST.get("do") == "sign":
                    versions = {
                        int(pk): request.POST.get(f"sv-{pk}", "")
                        for pk in request.POST.getlist("s")
                        if pk.isdigit()
                    }
                    count = actions.sign_staff_time(user, project, month, versions)
                    messages.success(request, _("%(n)s rader attesterade och låsta.") % {"n": count})
                else:
                    inputs = {}
                    for member in staff_members(project):
                        key = (member.user.pk, member.organization.pk)
                        names = [actions.staff_field(n, *key) for n in actions.STAFF_FIELDS]
                        if not any(n in request.POST for n in names):
                            continue
                        inputs[key] = actions.StaffInput(
                            version=request.POST.get(f"v-{key[0]}-{key[1]}"),
                            percent=request.POST.get(names[0]),
                            hours=request.POST.get(names[1]),
                        )
                    count = actions.save_staff_time(user, project, month, inputs)
                    messages.success(
                        request, _("Personaltiden är sparad (%(n)s rader ändrade).") % {"n": count}
                    )
        except ActionError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            posted = {k: v for k, v in request.POST.items() if k.startswith(actions.STAFF_FIELDS)}
        else:
            return redirect(request.get_full_path())
    rows, manager = _staff_rows(user, project, month, posted, errors)
    return render(
        request,
        "timereports/staff_month.html",
        {
            "project": project,
            "rows": rows,
            "manager": manager,
            "errors": [m for ms in errors.values() for m in ms],
            **_month_context(month),
        },
    )


@access_rule(Rule.PERSONAL_DATA)
@require_http_methods(["GET", "POST"])
def staff_unlock(request, pk):
    user = request.user
    row = get_restricted_or_404(
        StaffTime.objects.select_related("project", "staff"),
        user,
        CHANGE,
        pk=pk,
        not_found=_("Raden finns inte eller så saknar du behörighet."),
    )
    if not is_manager(user, row.project_id):
        raise PermissionDenied
    form = UnlockForm(request.POST or None, initial={"version": row.version})

    def perform(data):
        return actions.unlock_staff_time(user, row, version=data.get("version"), reason=data.get("reason"))

    back = reverse("timereports:staff_month", args=[row.project.code, row.month])
    done = run_action_form(request, form, perform, _("Tiden är upplåst."), lambda _r: back)
    return done or render(
        request,
        "timereports/unlock.html",
        {
            "form": form,
            "title": _("Lås upp personaltid: %(name)s, %(month)s")
            % {
                "name": row.staff.get_full_name() or row.staff.get_username(),
                "month": month_label(row.month),
            },
            "locked": row.signed,
            "back_url": back,
        },
    )


def _summary(request, code):
    project = administered_project_or_404(request.user, code)
    default_to = _shift(_this_month(), -1)
    date_to = last_of_month(_parse_month(request.GET.get("till"), default_to))
    date_from = _parse_month(request.GET.get("fran"), _shift(date_to.replace(day=1), -11))
    if date_from > date_to:
        date_from = date_to.replace(day=1)
    names = dict(project.organizations().values_list("code", "name"))
    return (
        project,
        date_from,
        date_to,
        attested_hours(project, date_from, date_to),
        staff_time(project, date_from, date_to),
        names,
    )


@access_rule(Rule.PERSONAL_DATA)
def summary(request, code):
    """Monthly sums per organisation for the cost report: attested participant hours and
    signed-off staff time (project leaders and administrators)."""
    project, date_from, date_to, hours, staff, names = _summary(request, code)
    for row in [*hours, *staff]:
        row["organization_name"] = names.get(row["organization"], row["organization"])
    return render(
        request,
        "timereports/summary.html",
        {
            "project": project,
            "date_from": date_from,
            "date_to": date_to,
            "hours": hours,
            "staff": staff,
            "hours_total": sum((r["hours"] for r in hours), Decimal("0")),
            "query": request.GET.urlencode(),
        },
    )


@access_rule(Rule.PERSONAL_DATA)
def summary_export(request, code):
    project, date_from, date_to, hours, staff, names = _summary(request, code)
    period = f"{date_from:%Y-%m}–{date_to:%Y-%m}"
    record(request.user, AuditAction.EXPORT, project, detail=f"webb: tidsammanställning xlsx {period}")
    return attachment(
        summary_xlsx(project, period, hours, staff, names),
        XLSX,
        f"tid-{project.code}-{date_from:%Y-%m}-{date_to:%Y-%m}.xlsx",
    )

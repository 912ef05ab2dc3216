"""Figures over the API: the comparison, the monthly follow-up, the SUS list and data quality.

Each endpoint answers with what the page (or the command) of the same name shows, computed by
the same function with the same options and checked by the same rules, so the numbers cannot
differ: nothing is counted here.

- ``comparison``: exactly ``stegvis compare --format json``; small numbers hidden in every project
  for a user the comparison page always hides them for (an evaluator of one of the projects, or
  one who does not see the records of one of them: ``comparison_always_suppressed``).
- ``follow-up``: the report the follow-up page builds (its own form and its sections), hidden
  small numbers as on the page.
- ``sus``: the rows of the SUS list (``stegvis sus``, the page's download): personal data, so the
  page's rule (evaluators get pseudonymised rows) and the download's audit (an export entry for
  the list, and one per enrolment written together).
- ``data-quality``: the counts of the quality page, over the enrolments the user may see
  (counts only, no person is named: nothing to audit).

The comparison and the follow-up are recorded as exports, like the report endpoint
(``audit_export``), one entry per project.
"""

from typing import Any

from django.forms import Form
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from stegvis.api.base import ApiViewMixin
from stegvis.api.catalog import reportable_projects
from stegvis.api.reports import asked_filters, check_report_options, query_data
from stegvis.audit.log import AuditAction
from stegvis.core.access import VIEW, Rule
from stegvis.core.routers import reading_from_replica
from stegvis.organizations.access import project_or_404
from stegvis.organizations.models import MIN_CELL_HIGHEST, MIN_CELL_LOWEST, Project
from stegvis.quality.access import organization_or_404, visible_enrollments
from stegvis.quality.kinds import KINDS, LABELS
from stegvis.quality.report import quality_counts
from stegvis.reports.compare.forms import MAX_PROJECTS
from stegvis.reports.counting import scoped_enrollments
from stegvis.reports.exports.render import audit_export
from stegvis.reports.external import sus
from stegvis.reports.filters import FILTER_KEYS, FilterError, clean_filters
from stegvis.reports.followup.parts import followup_part_names
from stegvis.reports.forms import PAGE_FILTERS, FollowupForm, ReportParamsForm
from stegvis.reports.project_report import build_report
from stegvis.reports.shown_report import (
    Suppression,
    always_suppressed,
    comparison_always_suppressed,
    shown,
)
from stegvis.reports.suppression import project_min_cell, suppress


def _form_errors(form: Form) -> serializers.ValidationError:
    """A page form's errors as the API's, keyed by the parameter (``None`` for the whole request)."""
    return serializers.ValidationError({name: list(messages) for name, messages in form.errors.items()})


def _report_project(request: Request, code: str) -> Project:
    """A project whose report pages the user may open (evaluators too), or 404."""
    return get_object_or_404(reportable_projects(request.user).select_related("owner"), code=code)


# --- comparison ----------------------------------------------------------------------------------


class ComparisonParams(serializers.Serializer):
    """``stegvis compare``'s options as query parameters, with its rules and the page's messages."""

    project = serializers.ListField(child=serializers.CharField())
    on = serializers.DateField(required=False)
    filter = serializers.ListField(child=serializers.CharField(), required=False)
    suppress_small = serializers.BooleanField(required=False, default=False)
    min_cell = serializers.IntegerField(required=False, min_value=MIN_CELL_LOWEST, max_value=MIN_CELL_HIGHEST)

    def __init__(self, *args: Any, visible: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.visible = visible

    def validate_project(self, codes: list[str]) -> list[Project]:
        if not codes:
            raise serializers.ValidationError(_("Välj minst ett projekt."))
        if len(codes) > MAX_PROJECTS:
            raise serializers.ValidationError(
                _("Välj högst %(n)s projekt att jämföra på en gång.") % {"n": MAX_PROJECTS}
            )
        twice = sorted({code for code in codes if codes.count(code) > 1})
        if twice:
            raise serializers.ValidationError(
                _("Projektet '%(code)s' är angivet två gånger.") % {"code": twice[0]}
            )
        by_code = {project.code: project for project in self.visible.filter(code__in=codes)}
        for code in codes:
            if code not in by_code:
                # A project one may not see reads like one that does not exist.
                raise serializers.ValidationError(
                    _("Det finns inget projekt med koden '%(code)s' som du får se.") % {"code": code}
                )
        return [by_code[code] for code in codes]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        check_report_options(attrs)
        # Every filter checked in every project before any figure is counted (as the command does).
        asked = asked_filters(attrs)
        filters = []
        for project in attrs["project"]:
            try:
                filters.append(clean_filters(project, asked))
            except FilterError as exc:
                raise serializers.ValidationError({"filter": [f"{project.code}: {exc}"]}) from None
        attrs["filters"] = filters
        return attrs


ComparisonParams._declared_fields["from"] = serializers.DateField(required=False)
ComparisonParams._declared_fields["to"] = serializers.DateField(required=False)

LISTS = ("project", "filter")


WINDOW_PARAMETERS = [
    OpenApiParameter(
        "on", OpenApiTypes.DATE, description="Rapporten som den såg ut den dagen (standard: i dag)."
    ),
    OpenApiParameter(
        "from", OpenApiTypes.DATE, description="Bara inskrivningar som pågick någon gång från och med dagen."
    ),
    OpenApiParameter(
        "to", OpenApiTypes.DATE, description="Bara inskrivningar som pågick någon gång till och med dagen."
    ),
]


class ComparisonView(ApiViewMixin, APIView):
    """``GET /api/v1/comparison/?project=A&project=B``: ``{"on", "projects": [REPORT, …]}``."""

    access_rule = Rule.STAFF

    @extend_schema(
        summary="Jämförelse av projekt",
        description=(
            'Samma JSON som `stegvis compare --format json` med samma val: `{"on": DATUM, "projects": '
            "[RAPPORT, …]}`, varje rapport exakt som projektets rapport, i den ordning koderna anges. "
            "Små tal döljs i alla projekt när du är utvärderare i något av dem eller inte ser något av "
            "projektens uppgifter (som på jämförelsesidan). Varje projekts rapport loggas som en export."
        ),
        parameters=[
            OpenApiParameter(
                "project",
                OpenApiTypes.STR,
                many=True,
                explode=True,
                required=True,
                description=f"Projektets kod, upprepas (1–{MAX_PROJECTS} projekt).",
            ),
            *WINDOW_PARAMETERS,
            OpenApiParameter(
                "filter",
                OpenApiTypes.STR,
                many=True,
                explode=True,
                description="NYCKEL=VÄRDE, kan upprepas. Nycklar: " + ", ".join(FILTER_KEYS) + ".",
            ),
            OpenApiParameter("suppress_small", OpenApiTypes.BOOL, description="Dölj små tal."),
            OpenApiParameter(
                "min_cell",
                OpenApiTypes.INT,
                description=f"N för suppress_small ({MIN_CELL_LOWEST}–{MIN_CELL_HIGHEST}; standard: "
                "varje projektägares inställning).",
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        visible = reportable_projects(request.user).select_related("owner")
        params = ComparisonParams(data=query_data(request, LISTS), visible=visible)
        params.is_valid(raise_exception=True)
        options = params.validated_data
        projects: list[Project] = options["project"]
        forced = comparison_always_suppressed(request.user, projects)
        reports = []
        with reading_from_replica():
            for project, filters in zip(projects, options["filters"], strict=True):
                report = build_report(
                    project,
                    on=options.get("on"),
                    date_from=options.get("from"),
                    date_to=options.get("to"),
                    filters=filters,
                )
                if forced or options["suppress_small"]:
                    n = options.get("min_cell") or project_min_cell(project)
                    report = suppress(report, max(n, project_min_cell(project)) if forced else n)
                reports.append(report)
        for project, report in zip(projects, reports, strict=True):
            audit_export(request.user, project, "json", report, via="API: jämförelse")
        return Response({"on": reports[0]["on"], "projects": reports})


# --- monthly follow-up ---------------------------------------------------------------------------


class SuppressParams(serializers.Serializer):
    suppress_small = serializers.BooleanField(required=False, default=False)


class FollowUpView(ApiViewMixin, APIView):
    """``GET /api/v1/projects/CODE/follow-up/``: the report the follow-up page shows."""

    access_rule = Rule.STAFF

    @extend_schema(
        summary="Månadsuppföljning",
        description=(
            "Siffrorna på projektets sida för månadsuppföljning, med sidans val: en månad (standard: "
            "förra hela månaden) eller en period, ett rapportdatum, en organisation och sidans filter. "
            "Svaret är rapporten (samma nycklar som projektets rapport) med de delar sidan visar. "
            "Utvärderare får alltid små tal dolda. Läsningen loggas som en export."
        ),
        parameters=[
            OpenApiParameter("month", OpenApiTypes.STR, description="ÅÅÅÅ-MM, t.ex. 2026-01."),
            *WINDOW_PARAMETERS,
            OpenApiParameter(
                "organization", OpenApiTypes.STR, description="En av projektets organisationer (kod)."
            ),
            *(
                OpenApiParameter(key, OpenApiTypes.STR, description="Filter, som på sidan (docs/reports.md).")
                for key in PAGE_FILTERS
            ),
            OpenApiParameter("suppress_small", OpenApiTypes.BOOL, description="Dölj små tal."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, code: str) -> Response:
        project = _report_project(request, code)
        choice = SuppressParams(data=request.query_params)
        choice.is_valid(raise_exception=True)
        form = FollowupForm.for_request(request.query_params, project)
        if not form.is_valid():
            raise _form_errors(form)
        kwargs = form.report_kwargs()
        # The page's report_shown, with the API's boolean for "Dölj små tal": the whole report
        # when small numbers are hidden (so secondary suppression sees every section), else the
        # page's own parts.
        forced = always_suppressed(request.user, project)
        suppression = Suppression(project, forced or choice.validated_data["suppress_small"], forced)
        with reading_from_replica():
            if suppression.applied:
                report = shown(build_report(project, **kwargs), suppression)
            else:
                report = build_report(project, **kwargs, sections=followup_part_names())
        audit_export(request.user, project, "json", report, via="API: uppföljning")
        return Response(report)


# --- SUS list ------------------------------------------------------------------------------------


class SusParams(serializers.Serializer):
    pseudonymise = serializers.BooleanField(required=False, default=False)


def _sus_row_field(key: str) -> serializers.Field:
    if key in ("start_date", "end_date"):
        return serializers.DateField(allow_null=key == "end_date")
    if key in ("birth_year", "age", "work_extent_start", "work_extent_exit"):
        return serializers.IntegerField(allow_null=True)
    return serializers.CharField(allow_null=True)


# One class for the schema: the columns shown depend on the list (identified or pseudonymised).
SusRow = type(
    "SusRow",
    (serializers.Serializer,),
    {
        column.key: (
            _sus_row_field(column.key)
            if not (column.identified_only or column.pseudonymised_only)
            else serializers.CharField(allow_null=True, required=False)
        )
        for column in sus.COLUMNS
    },
)


class SusColumn(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class SusList(serializers.Serializer):
    project = serializers.CharField()
    on = serializers.DateField()
    date_from = serializers.DateField(allow_null=True)
    date_to = serializers.DateField(allow_null=True)
    organization = serializers.CharField(allow_null=True)
    pseudonymised = serializers.BooleanField()
    columns = SusColumn(many=True)
    rows = SusRow(many=True)


SusList._declared_fields["from"] = SusList._declared_fields.pop("date_from")
SusList._declared_fields["to"] = SusList._declared_fields.pop("date_to")


class SusListView(ApiViewMixin, APIView):
    """``GET /api/v1/projects/CODE/sus/``: every row of the SUS list, as the download has them."""

    access_rule = Rule.STAFF

    @extend_schema(
        summary="SUS-lista",
        description=(
            "Raderna i projektets SUS-lista (som `stegvis sus` och sidans nedladdning), alla på en gång. "
            "Personuppgifter: du får raderna för de inskrivningar du får se; utvärderare får alltid listan "
            "pseudonymiserad. Skyddad identitet, anonyma och de utan SUS-samtycke är anonyma rader. "
            "Loggas som en export, med en post per inskrivning."
        ),
        parameters=[
            OpenApiParameter(
                "on", OpenApiTypes.DATE, description="Listan som den såg ut den dagen (standard: i dag)."
            ),
            *WINDOW_PARAMETERS[1:],
            OpenApiParameter(
                "organization", OpenApiTypes.STR, description="En av projektets organisationer (kod)."
            ),
            OpenApiParameter(
                "pseudonymise",
                OpenApiTypes.BOOL,
                description="Inga namn eller personnummer: en pseudonym per person och projekt.",
            ),
        ],
        responses={200: SusList},
    )
    def get(self, request: Request, code: str) -> Response:
        project = _report_project(request, code)
        choice = SusParams(data=request.query_params)
        choice.is_valid(raise_exception=True)
        # The page's and the command's own form: the same rules, the same messages.
        form = ReportParamsForm(
            {name: request.query_params.get(name) or "" for name in ("on", "from", "to", "organization")},
            project=project,
        )
        if not form.is_valid():
            raise _form_errors(form)
        on, date_from, date_to = form.params()
        choices = {
            "on": on or timezone.localdate(),
            "date_from": date_from,
            "date_to": date_to,
            "organization": form.organization(),
        }
        with reading_from_replica():  # the rows are read; the audit is written to the primary
            values, pseudonymised = sus.list_queryset(
                request.user, project, pseudonymised=choice.validated_data["pseudonymise"], **choices
            )
            values = list(values)
            columns = sus.columns(pseudonymised)
            rows = []
            for value in values:
                row = sus.row(value, pseudonymised)
                rows.append({column.key: row[column.key] for column in columns})
            sus.audit_rows(
                request.user,
                project,
                values,
                AuditAction.EXPORT,
                "API: " + sus.describe("json", pseudonymised, len(values), **choices),
            )
        return Response(
            {
                "project": project.code,
                "on": choices["on"],
                "from": date_from,
                "to": date_to,
                "organization": choices["organization"].code if choices["organization"] else None,
                "pseudonymised": pseudonymised,
                "columns": [{"key": column.key, "label": str(column.label)} for column in columns],
                "rows": rows,
            }
        )


# --- data quality --------------------------------------------------------------------------------


DataQualityCounts = type(
    "DataQualityCounts",
    (serializers.Serializer,),
    {kind: serializers.IntegerField(help_text=str(LABELS[kind])) for kind in KINDS},
)


class DataQualityKind(serializers.Serializer):
    key = serializers.ChoiceField(choices=KINDS)
    label = serializers.CharField()
    count = serializers.IntegerField()


class DataQuality(serializers.Serializer):
    on = serializers.DateField()
    project = serializers.CharField(required=False)
    organization = serializers.CharField(required=False)
    data_quality = DataQualityCounts()
    total = serializers.IntegerField()
    kinds = DataQualityKind(many=True)


def _data_quality(enrollments: Any, subject: dict[str, str]) -> Response:
    """The quality page's counts over ``enrollments`` (those the user may see) on today's date."""
    on = timezone.localdate()
    counts = quality_counts(scoped_enrollments(on, queryset=enrollments), on)
    return Response(
        {
            "on": on,
            **subject,
            "data_quality": counts,
            "total": sum(counts.values()),
            "kinds": [{"key": kind, "label": str(LABELS[kind]), "count": counts[kind]} for kind in KINDS],
        }
    )


DATA_QUALITY_DESCRIPTION = (
    "Antalen på sidan Datakvalitet (rapportens avsnitt `data_quality`) i dag, över de inskrivningar "
    "du får se. För administratörer och projektledare samma tal som rapporten."
)


class ProjectDataQualityView(ApiViewMixin, APIView):
    """``GET /api/v1/projects/CODE/data-quality/``: what the project's quality page counts."""

    access_rule = Rule.PERSONAL_DATA

    @extend_schema(
        summary="Projektets datakvalitet", description=DATA_QUALITY_DESCRIPTION, responses={200: DataQuality}
    )
    def get(self, request: Request, code: str) -> Response:
        project = project_or_404(request.user, code, VIEW)
        with reading_from_replica():
            return _data_quality(
                visible_enrollments(request.user).filter(project=project), {"project": project.code}
            )


class OrganizationDataQualityView(ApiViewMixin, APIView):
    """``GET /api/v1/organizations/CODE/data-quality/``: what the organisation's quality page counts."""

    access_rule = Rule.PERSONAL_DATA

    @extend_schema(
        summary="Organisationens datakvalitet",
        description=DATA_QUALITY_DESCRIPTION + " Organisationens inskrivningar i alla projekt.",
        responses={200: DataQuality},
    )
    def get(self, request: Request, code: str) -> Response:
        organization = organization_or_404(request.user, code)
        with reading_from_replica():
            return _data_quality(
                visible_enrollments(request.user).filter(organization=organization),
                {"organization": organization.code},
            )

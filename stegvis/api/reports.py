"""The project report over the API: exactly the JSON ``stegvis report --format json`` prints.

The same ``build_report`` with the same options (``on``, ``from``, ``to``, ``organization``,
``filter``, ``suppress_small``, ``min_cell``), checked by the same rules with the same Swedish
messages, and recorded as an export like the JSON download. An evaluator always gets the report
with small numbers hidden, as in the browser (at least the owner organisation's N).
"""

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from stegvis.api.base import ApiViewMixin
from stegvis.api.catalog import reportable_projects
from stegvis.core.routers import reading_from_replica
from stegvis.organizations.models import MIN_CELL_HIGHEST, MIN_CELL_LOWEST, Project
from stegvis.reports.exports.render import audit_export, project_organization
from stegvis.reports.filters import FILTER_KEYS, FilterError, clean_filters, parse_filter_options
from stegvis.reports.forms import window_errors
from stegvis.reports.project_report import build_report
from stegvis.reports.shown_report import always_suppressed
from stegvis.reports.suppression import project_min_cell, suppress

#: The pages' wording for a date that does not parse.
DATE_ERRORS = {"invalid": gettext_lazy("Ange ett giltigt datum, t.ex. 2024-06-30 (ÅÅÅÅ-MM-DD).")}


def check_report_options(attrs: dict[str, Any]) -> None:
    """The rules every report-like endpoint shares with the pages and the commands: a report date
    and window that make sense (``on``, ``from``, ``to``), and ``min_cell`` only with
    ``suppress_small``; a 400 naming the parameter."""
    errors = window_errors(attrs.get("on"), attrs.get("from"), attrs.get("to"))
    if errors:
        raise serializers.ValidationError(
            {
                {"date_from": "from", "date_to": "to"}.get(key, key): [message]
                for key, message in errors.items()
            }
        )
    if attrs.get("min_cell") is not None and not attrs.get("suppress_small"):
        raise serializers.ValidationError({"min_cell": [_("Gäller bara tillsammans med suppress_small.")]})


def asked_filters(attrs: dict[str, Any]) -> dict[str, str]:
    """The ``filter`` parameters (``KEY=VALUE``) as ``{KEY: VALUE}``, or a 400 naming ``filter``;
    each project checks them with ``clean_filters``."""
    try:
        return parse_filter_options(attrs.get("filter"))
    except FilterError as exc:
        raise serializers.ValidationError({"filter": [str(exc)]}) from None


def query_data(request: Request, lists: tuple[str, ...] = ("filter",)) -> dict[str, Any]:
    """The query string as a serializer's data: the parameters in ``lists`` as lists (they repeat)."""
    data: dict[str, Any] = {
        key: request.query_params.get(key) for key in request.query_params if key not in lists
    }
    data.update({key: request.query_params.getlist(key) for key in lists})
    return data


class ReportParams(serializers.Serializer):
    """The report's options as query parameters, with the command's names and rules."""

    on = serializers.DateField(
        required=False,
        error_messages=DATE_ERRORS,
        help_text="Rapporten som den såg ut den dagen (standard: i dag).",
    )
    organization = serializers.CharField(
        required=False, help_text="Bara inskrivningar som organisationen (ägare eller samverkanspart) gjort."
    )
    filter = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="NYCKEL=VÄRDE, kan upprepas, kombineras med OCH. Nycklar: " + ", ".join(FILTER_KEYS) + ".",
    )
    suppress_small = serializers.BooleanField(
        required=False, default=False, help_text="Dölj små tal som '<N'."
    )
    min_cell = serializers.IntegerField(
        required=False,
        min_value=MIN_CELL_LOWEST,
        max_value=MIN_CELL_HIGHEST,
        help_text="N för suppress_small (standard: projektägarens inställning).",
    )

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        check_report_options(attrs)
        if attrs.get("organization"):
            try:
                attrs["organization"] = project_organization(self.project, attrs["organization"])
            except ValueError as exc:
                raise serializers.ValidationError({"organization": [str(exc)]}) from None
        try:
            attrs["filter"] = clean_filters(self.project, asked_filters(attrs))
        except FilterError as exc:
            raise serializers.ValidationError({"filter": [str(exc)]}) from None
        return attrs


# ``from`` and ``to`` are Python keywords: declared after the class, like the pages' form.
ReportParams._declared_fields["from"] = serializers.DateField(
    required=False,
    error_messages=DATE_ERRORS,
    help_text="Bara inskrivningar som pågick någon gång från och med dagen.",
)
ReportParams._declared_fields["to"] = serializers.DateField(
    required=False,
    error_messages=DATE_ERRORS,
    help_text="Bara inskrivningar som pågick någon gång till och med dagen.",
)


class ProjectReportView(ApiViewMixin, APIView):
    """``GET /api/v1/projects/CODE/report/``: the report JSON (shared/spec/report-json.md)."""

    @extend_schema(
        summary="Projektets rapport",
        description=(
            "Samma JSON som `stegvis report --format json` med samma val. Loggas som en export. "
            "Utvärderare får alltid rapporten med små tal dolda."
        ),
        parameters=[
            OpenApiParameter("on", OpenApiTypes.DATE, description="Rapporten som den såg ut den dagen."),
            OpenApiParameter("from", OpenApiTypes.DATE, description="Periodens första dag."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Periodens sista dag."),
            OpenApiParameter("organization", OpenApiTypes.STR, description="En organisations kod."),
            OpenApiParameter(
                "filter", OpenApiTypes.STR, many=True, explode=True, description="NYCKEL=VÄRDE, kan upprepas."
            ),
            OpenApiParameter("suppress_small", OpenApiTypes.BOOL, description="Dölj små tal."),
            OpenApiParameter(
                "min_cell",
                OpenApiTypes.INT,
                description=f"N för suppress_small ({MIN_CELL_LOWEST}–{MIN_CELL_HIGHEST}).",
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, code: str) -> Response:
        project = get_object_or_404(reportable_projects(request.user).select_related("owner"), code=code)
        params = ReportParams(data=query_data(request), project=project)
        params.is_valid(raise_exception=True)
        options = params.validated_data
        with reading_from_replica():
            report = build_report(
                project,
                on=options.get("on"),
                date_from=options.get("from"),
                date_to=options.get("to"),
                organization=options.get("organization"),
                filters=options["filter"],
            )
        forced = always_suppressed(request.user, project)
        if forced or options["suppress_small"]:
            n = options.get("min_cell") or project_min_cell(project)
            report = suppress(report, max(n, project_min_cell(project)) if forced else n)
        audit_export(request.user, project, "json", report, via="API")
        return Response(report)

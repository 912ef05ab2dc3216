"""Organisations, projects, need groups and referrers: what the records refer to, read only.

No personal data, so nothing is audited; which projects a user sees is the report rule
(``Project.objects.restrict(user, REPORT)``: evaluators too), and organisations and need groups
are those of the projects seen (an administrator sees every organisation).
"""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from stegvis.api.base import ApiViewMixin, ReadOnlyViewSet
from stegvis.core.access import REPORT, scope_of
from stegvis.organizations.models import NeedGroup, Organization, Project
from stegvis.participants.models import Referrer


def reportable_projects(user: Any) -> QuerySet[Project]:
    return Project.objects.restrict(user, REPORT)


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ("code", "name", "kind")


class ProjectSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    partners = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Project
        fields = ("code", "name", "owner", "partners", "start_date", "end_date", "funder")


class NeedGroupSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = NeedGroup
        fields = ("id", "project", "name")


@extend_schema_view(
    list=extend_schema(summary="Organisationer", description="Organisationerna i de projekt du ser."),
    retrieve=extend_schema(summary="En organisation"),
)
class OrganizationViewSet(ReadOnlyViewSet):
    serializer_class = OrganizationSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Organization]:
        if scope_of(self.request.user).is_admin:
            return Organization.objects.all()
        projects = reportable_projects(self.request.user)
        return Organization.objects.filter(
            Q(pk__in=projects.values("owner_id")) | Q(pk__in=projects.values("partners"))
        )


@extend_schema_view(
    list=extend_schema(summary="Projekt", description="Projekten du får se rapporter för."),
    retrieve=extend_schema(summary="Ett projekt"),
)
class ProjectViewSet(ReadOnlyViewSet):
    serializer_class = ProjectSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Project]:
        return reportable_projects(self.request.user).select_related("owner").prefetch_related("partners")


class NeedGroupFilter(django_filters.FilterSet):
    project = django_filters.CharFilter(field_name="project__code", help_text="Projektets kod.")

    class Meta:
        model = NeedGroup
        fields: tuple[str, ...] = ()


@extend_schema_view(
    list=extend_schema(summary="Behovsgrupper", description="Behovsgrupperna i de projekt du ser."),
    retrieve=extend_schema(summary="En behovsgrupp"),
)
class NeedGroupViewSet(ReadOnlyViewSet):
    serializer_class = NeedGroupSerializer
    filterset_class = NeedGroupFilter

    def get_queryset(self) -> QuerySet[NeedGroup]:
        return NeedGroup.objects.filter(project__in=reportable_projects(self.request.user)).select_related(
            "project"
        )


class ReferrerList(ApiViewMixin, APIView):
    """The referrers an enrolment can name (fixed codes, with their Swedish names)."""

    @extend_schema(
        summary="Anvisare",
        responses=inline_serializer(
            "Referrer", {"code": serializers.CharField(), "label": serializers.CharField()}, many=True
        ),
    )
    def get(self, request: Request) -> Response:
        return Response([{"code": code, "label": str(label)} for code, label in Referrer.choices])

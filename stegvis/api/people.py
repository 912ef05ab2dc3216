"""Persons and their enrolments: personal data, so every read is audited and rows are restricted.

The rows are those the participant list shows the user (``visible_persons``,
``visible_enrollments``): the same rule, the same search. A single row carries its ``version``
as an ETag, which a change must send back (``If-Match``) so that nobody's change is overwritten.
"""

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from stegvis.api.base import AuditedReadOnlyViewSet
from stegvis.api.fields import CountryCodeField
from stegvis.participants.actions import PERSON_FIELDS
from stegvis.participants.filters import search_q, visible_enrollments, visible_persons
from stegvis.participants.models import Enrollment, Person


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        # The fields the actions write (the same list the pages' forms use), and what identifies a row.
        fields = (
            "id",
            "personnummer",
            "protected_identity",
            *PERSON_FIELDS,
            "version",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("id", "version", "created_at", "updated_at")


class EnrollmentSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)
    coordinator = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    project_exit_reason = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    country_of_birth = CountryCodeField(required=False)
    citizenship = CountryCodeField(required=False)

    class Meta:
        model = Enrollment
        exclude = ("created_at",)
        read_only_fields = ("id", "person", "age_at_start", "version", "updated_at")


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", help_text="Namn, personnummer (i valfri form) eller organisationens referens."
    )
    project = django_filters.CharFilter(
        field_name="enrollments__project__code", distinct=True, help_text="Inskriven i projektet med koden."
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Ändrade vid eller efter tidpunkten (ISO 8601)."
    )

    class Meta:
        model = Person
        fields: tuple[str, ...] = ()

    def search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return queryset.filter(search_q(value))


class EnrollmentFilter(django_filters.FilterSet):
    project = django_filters.CharFilter(field_name="project__code", help_text="Projektets kod.")
    organization = django_filters.CharFilter(
        field_name="organization__code", help_text="Organisationens kod."
    )
    person = django_filters.NumberFilter(field_name="person_id", help_text="Personens id.")
    coordinator = django_filters.CharFilter(
        field_name="coordinator__username", help_text="Koordinatorns användarnamn."
    )
    active = django_filters.BooleanFilter(
        field_name="end_date",
        lookup_expr="isnull",
        help_text="true: pågående (inget slutdatum); false: avslutade.",
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text="Ändrade vid eller efter tidpunkten (ISO 8601)."
    )

    class Meta:
        model = Enrollment
        fields: tuple[str, ...] = ()


@extend_schema_view(
    list=extend_schema(
        summary="Personer", description="Personerna du får se, som i deltagarlistan. Läsningen loggas."
    ),
    retrieve=extend_schema(summary="En person", description="ETag bär personens version. Läsningen loggas."),
)
class PersonViewSet(AuditedReadOnlyViewSet):
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    audit_object_type = "participants.person"
    audit_detail = "personer"

    def get_queryset(self) -> QuerySet[Person]:
        return visible_persons(self.request.user)

    def audited_person(self, obj: Any) -> Any:
        return obj


@extend_schema_view(
    list=extend_schema(summary="Inskrivningar", description="Inskrivningarna du får se. Läsningen loggas."),
    retrieve=extend_schema(
        summary="En inskrivning", description="ETag bär inskrivningens version. Läsningen loggas."
    ),
)
class EnrollmentViewSet(AuditedReadOnlyViewSet):
    serializer_class = EnrollmentSerializer
    filterset_class = EnrollmentFilter
    audit_object_type = "participants.enrollment"
    audit_detail = "inskrivningar"

    def get_queryset(self) -> QuerySet[Enrollment]:
        return visible_enrollments(self.request.user).select_related(
            "project", "organization", "coordinator", "project_exit_reason"
        )

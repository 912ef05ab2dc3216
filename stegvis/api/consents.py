"""An enrolment's consents: read with their history, give one, withdraw one.

A consent belongs to one enrolment (:mod:`stegvis.consent.models`), so it lives under it:
``/enrollments/{id}/consents/``. A withdrawal never deletes: the row keeps when it was given and
gets when it was withdrawn, and a consent given again is a new row, so the list is the history
(``in_force`` says which rows hold today). Writes are the consent app's actions, which the pages
call too; a withdrawal names the consent's version (``If-Match``), so two people withdrawing at
once cannot both succeed. Reads are audited like the participant page's consent section.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from stegvis.api.base import ApiViewMixin
from stegvis.api.people import VERSION_HELP
from stegvis.api.preconditions import check_version, with_etag
from stegvis.api.schema import CHANGE_PROBLEMS, IF_MATCH, problem_responses
from stegvis.api.writes import changed
from stegvis.audit.log import AuditAction, record, record_list
from stegvis.consent import actions
from stegvis.consent.models import Consent, ConsentKind, ConsentMethod
from stegvis.core.access import VIEW, Rule
from stegvis.organizations.models import Organization
from stegvis.participants.filters import visible_enrollments
from stegvis.participants.models import Enrollment


class ConsentSerializer(serializers.ModelSerializer):
    actor_organization = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    withdrawn_recorded_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    in_force = serializers.SerializerMethodField(help_text="Gäller (inte återkallat).")

    class Meta:
        model = Consent
        fields = (
            "id",
            "enrollment",
            "kind",
            "actor_organization",
            "actor_name",
            "given_on",
            "method",
            "note",
            "recorded_by",
            "recorded_at",
            "withdrawn_on",
            "withdrawal_note",
            "withdrawn_recorded_by",
            "withdrawn_recorded_at",
            "in_force",
            "version",
            "updated_at",
        )
        read_only_fields = fields

    def get_in_force(self, consent: Consent) -> bool:
        return consent.withdrawn_on is None


class GiveConsentSerializer(serializers.Serializer):
    """A consent as :func:`~stegvis.consent.actions.give_consent` takes it."""

    kind = serializers.ChoiceField(choices=ConsentKind.choices)
    given_on = serializers.DateField(help_text="Dagen samtycket lämnades (inte i framtiden).")
    method = serializers.ChoiceField(choices=ConsentMethod.choices)
    actor_organization = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Organization.objects.all(),
        required=False,
        allow_null=True,
        help_text="Bara för kontakt: aktörens organisation (kod).",
    )
    actor_name = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Bara för kontakt: aktörens namn, t.ex. Vårdcentralen Norr.",
    )
    note = serializers.CharField(required=False, allow_blank=True)


class WithdrawConsentSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField(help_text="Dagen samtycket återkallades.")
    note = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False, write_only=True, help_text=VERSION_HELP)


@extend_schema_view(
    list=extend_schema(
        summary="En inskrivnings samtycken",
        description=(
            "Alla samtycken, också återkallade (historiken); in_force säger vilka som gäller. "
            "Ingen sidindelning: en inskrivning har få. Läsningen loggas."
        ),
        responses={200: ConsentSerializer(many=True), **problem_responses(404)},
    ),
    retrieve=extend_schema(
        summary="Ett samtycke",
        description="ETag bär samtyckets version. Läsningen loggas.",
        responses={200: ConsentSerializer, **problem_responses(404)},
    ),
    create=extend_schema(
        summary="Registrera samtycke",
        description=(
            "Som sidan Registrera samtycke. Ett samtycke av samma slag (och aktör) som redan gäller "
            "måste återkallas först. Svaret bär ETag och Location."
        ),
        request=GiveConsentSerializer,
        responses={201: ConsentSerializer, **problem_responses(400, 403, 404)},
    ),
)
class ConsentViewSet(ApiViewMixin, viewsets.GenericViewSet):
    access_rule = Rule.PERSONAL_DATA
    serializer_class = ConsentSerializer
    pagination_class = None
    filter_backends: list[Any] = []

    def enrollment(self) -> Enrollment:
        """The enrolment of the address, if the user may see it (else 404, as if it were not there)."""
        if not hasattr(self, "_enrollment"):
            found = (
                visible_enrollments(self.request.user)
                .select_related("person")
                .filter(pk=self.kwargs["enrollment_pk"])
                .first()
            )
            if found is None:
                raise Http404
            self._enrollment = found
        return self._enrollment

    def get_queryset(self) -> QuerySet[Consent]:
        return (
            Consent.objects.restrict(self.request.user, VIEW)
            .filter(enrollment=self.enrollment())
            .select_related("actor_organization", "recorded_by", "withdrawn_recorded_by")
            .order_by("kind", "given_on", "pk")
        )

    def list(self, request: Request, enrollment_pk: int) -> Response:
        rows = list(self.get_queryset())
        # Every row is about the enrolment's one person: one entry for the list, one for them.
        record_list(
            request.user,
            "consent.consent",
            detail=_("API: samtycken"),
            params=request.query_params,
            shown=len(rows),
            persons=[self.enrollment()],
        )
        return Response(ConsentSerializer(rows, many=True).data)

    def retrieve(self, request: Request, enrollment_pk: int, pk: int) -> Response:
        consent = self.get_object()
        record(
            request.user,
            AuditAction.VIEW,
            consent,
            person=self.enrollment().person,
            detail=_("API: samtycke"),
        )
        return with_etag(Response(ConsentSerializer(consent).data), consent)

    def create(self, request: Request, enrollment_pk: int) -> Response:
        enrollment = self.enrollment()
        serializer = GiveConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consent = actions.give_consent(request.user, enrollment, **serializer.validated_data)
        url = reverse(
            "api:enrollment-consent-detail", kwargs={"enrollment_pk": enrollment.pk, "pk": consent.pk}
        )
        return changed(ConsentSerializer(self._fresh(consent)).data, consent, location=url, request=request)

    @extend_schema(
        summary="Återkalla samtycke",
        description=(
            "Raden behålls med datumet för återkallelsen. Återkallas samtycket till de frivilliga "
            "ESF+-uppgifterna tas svaren bort ur inskrivningen. Kräver If-Match (eller version)."
        ),
        parameters=[IF_MATCH],
        request=WithdrawConsentSerializer,
        responses={200: ConsentSerializer, **problem_responses(*CHANGE_PROBLEMS)},
    )
    def withdraw(self, request: Request, enrollment_pk: int, pk: int) -> Response:
        consent = self.get_object()
        version = check_version(request, consent)
        serializer = WithdrawConsentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        consent.enrollment = self.enrollment()  # the action reads the enrolment and its person
        actions.withdraw_consent(
            request.user,
            consent,
            version=version,
            withdrawn_on=data["withdrawn_on"],
            note=data.get("note", ""),
        )
        return changed(ConsentSerializer(self._fresh(consent)).data, consent)

    def _fresh(self, consent: Consent) -> Consent:
        fresh: Consent = self.get_queryset().get(pk=consent.pk)
        return fresh

"""The contact log: contacts with participants, read and written as on the log page.

The rows are the contacts app's (``Contact.objects.restrict``), with the staff who took part by
username. A contact is logged by :func:`stegvis.contacts.actions.record_contact` (the staff
default to the enrolment's coordinator), corrected by
:func:`~stegvis.contacts.actions.update_contact` and removed, when logged by mistake, by
:func:`~stegvis.contacts.actions.delete_contact`; a change and a removal both name the version
they are based on. Network meetings and support periods are not part of this endpoint.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from stegvis.api.preconditions import check_version
from stegvis.api.records import (
    EnrollmentRecordViewSet,
    enrollment_filterset,
    enrollment_id_field,
    person_field,
    version_field,
)
from stegvis.api.schema import CHANGE_PROBLEMS, IF_MATCH, problem_responses, record_schema
from stegvis.contacts import actions
from stegvis.contacts.models import Channel, Contact
from stegvis.core.errors import ActionError
from stegvis.participants.models import Enrollment

STAFF_HELP = "Personal som deltog, med användarnamn (personal i projektet eller organisationen)."


def _staff_field(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(max_length=150), help_text=STAFF_HELP, **kwargs)


class ContactSerializer(serializers.ModelSerializer):
    person = person_field()
    staff = serializers.SlugRelatedField(slug_field="username", many=True, read_only=True)
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Contact
        fields = (
            "id",
            "enrollment",
            "person",
            "contact_date",
            "contact_time",
            "channel",
            "staff",
            "other_participants",
            "duration_minutes",
            "note",
            "recorded_by",
            "version",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class ContactCreateSerializer(serializers.Serializer):
    enrollment = enrollment_id_field()
    contact_date = serializers.DateField()
    contact_time = serializers.TimeField(required=False, allow_null=True)
    channel = serializers.ChoiceField(choices=Channel.choices)
    staff = _staff_field(required=False)
    other_participants = serializers.CharField(required=False, allow_blank=True, default="")
    duration_minutes = serializers.IntegerField(required=False, allow_null=True, help_text="Minuter, 1–600.")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ContactUpdateSerializer(serializers.Serializer):
    contact_date = serializers.DateField(required=False)
    contact_time = serializers.TimeField(required=False, allow_null=True)
    channel = serializers.ChoiceField(choices=Channel.choices, required=False)
    staff = _staff_field(required=False)
    other_participants = serializers.CharField(required=False, allow_blank=True)
    duration_minutes = serializers.IntegerField(required=False, allow_null=True, help_text="Minuter, 1–600.")
    note = serializers.CharField(required=False, allow_blank=True)
    version = version_field()


def _staff(usernames: list[str]) -> list[Any]:
    """The users named; one not found is the action's own message about the field."""
    wanted = set(usernames)
    users = list(get_user_model().objects.filter(username__in=wanted))
    if len(users) != len(wanted):
        raise ActionError({"staff": [_("Välj personal som arbetar i projektet eller organisationen.")]})
    return users


@record_schema(
    ContactSerializer,
    ContactCreateSerializer,
    ContactUpdateSerializer,
    plural="Kontakter",
    one="En kontakt",
    whose="kontaktens",
    listed="Kontaktloggen i de inskrivningar du får se.",
    create=(
        "Logga en kontakt",
        "Som kontaktloggen: datum inom inskrivningen och inte i framtiden; utan staff är det "
        "inskrivningens koordinator som deltog.",
    ),
    update=(
        "Rätta en kontakt",
        "staff, om det skickas, ersätter personalen som deltog. Kräver If-Match (eller version).",
    ),
    destroy=extend_schema(
        summary="Ta bort en kontakt",
        description="För en kontakt som loggats av misstag; loggen behåller vad den var. Kräver If-Match.",
        parameters=[IF_MATCH],
        responses={204: None, **problem_responses(*CHANGE_PROBLEMS)},
    ),
)
class ContactViewSet(EnrollmentRecordViewSet):
    model = Contact
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    serializer_class = ContactSerializer
    filterset_class = enrollment_filterset(Contact)
    create_serializer_class = ContactCreateSerializer
    update_serializer_class = ContactUpdateSerializer
    audit_object_type = "contacts.contact"
    audit_detail = "kontakter"

    def rows(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("recorded_by").prefetch_related("staff")

    def perform_create_action(self, enrollment: Enrollment, data: dict[str, Any]) -> Model:
        if "staff" in data:
            data["staff"] = _staff(data["staff"])
        return actions.record_contact(self.request.user, enrollment, **data)

    def perform_update_action(self, obj: Any, version: int, data: dict[str, Any]) -> Model:
        if "staff" in data:
            data["staff"] = _staff(data["staff"])
        return actions.update_contact(self.request.user, obj, version=version, **data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        contact = self.get_object()
        actions.delete_contact(request.user, contact, version=check_version(request, contact))
        return Response(status=status.HTTP_204_NO_CONTENT)

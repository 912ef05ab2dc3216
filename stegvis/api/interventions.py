"""A participant's interventions (periods in the project's catalogue entries): read and write.

The rows are the interventions app's (``ParticipantIntervention.objects.restrict``), with the
catalogue entry's name, category and kind. A new period is registered by
:func:`stegvis.interventions.actions.add_participant_intervention` (an active entry of the
enrolment's catalogue, dates within the enrolment), a correction or an end (``end_date``) by
:func:`~stegvis.interventions.actions.update_participant_intervention` against the row's version.
Placements (workplace, supervisor, outcome) are not part of this endpoint.
"""

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import serializers

from stegvis.api.records import (
    EnrollmentRecordViewSet,
    enrollment_filterset,
    enrollment_id_field,
    person_field,
    version_field,
)
from stegvis.api.schema import record_schema
from stegvis.interventions import actions
from stegvis.interventions.models import Category, Intervention, Kind, ParticipantIntervention
from stegvis.participants.models import Enrollment

INTERVENTION_HELP = "Insatsen i projektets katalog (id); den ska gälla inskrivningens organisation."


class ParticipantInterventionSerializer(serializers.ModelSerializer):
    person = person_field()
    intervention_name = serializers.CharField(source="intervention.name", read_only=True)
    category = serializers.ChoiceField(
        source="intervention.category", choices=Category.choices, read_only=True
    )
    kind = serializers.ChoiceField(source="intervention.kind", choices=Kind.choices, read_only=True)
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ParticipantIntervention
        fields = (
            "id",
            "enrollment",
            "person",
            "intervention",
            "intervention_name",
            "category",
            "kind",
            "start_date",
            "end_date",
            "note",
            "recorded_by",
            "version",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class ParticipantInterventionCreateSerializer(serializers.Serializer):
    enrollment = enrollment_id_field()
    intervention = serializers.PrimaryKeyRelatedField(
        queryset=Intervention.objects.all(), help_text=INTERVENTION_HELP
    )
    start_date = serializers.DateField()
    end_date = serializers.DateField(
        required=False, allow_null=True, help_text="Tomt så länge insatsen pågår."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ParticipantInterventionUpdateSerializer(serializers.Serializer):
    intervention = serializers.PrimaryKeyRelatedField(
        queryset=Intervention.objects.all(), required=False, help_text=INTERVENTION_HELP
    )
    start_date = serializers.DateField(required=False)
    end_date = serializers.DateField(
        required=False, allow_null=True, help_text="Sätt slutdatum för att avsluta insatsen; null: pågår."
    )
    note = serializers.CharField(required=False, allow_blank=True)
    version = version_field()


@record_schema(
    ParticipantInterventionSerializer,
    ParticipantInterventionCreateSerializer,
    ParticipantInterventionUpdateSerializer,
    plural="Deltagares insatser",
    one="En deltagares insats",
    whose="radens",
    listed="Insatserna i de inskrivningar du får se.",
    create=(
        "Registrera en insats",
        "Som sidan Lägg till insats: en aktiv insats ur inskrivningens katalog, startdatum "
        "inom inskrivningen och högst ett år framåt.",
    ),
    update=(
        "Ändra eller avsluta en insats",
        "Rätta datum, anteckning eller insats, eller avsluta med end_date. Kräver If-Match (eller version).",
    ),
)
class ParticipantInterventionViewSet(EnrollmentRecordViewSet):
    model = ParticipantIntervention
    serializer_class = ParticipantInterventionSerializer
    filterset_class = enrollment_filterset(ParticipantIntervention)
    create_serializer_class = ParticipantInterventionCreateSerializer
    update_serializer_class = ParticipantInterventionUpdateSerializer
    audit_object_type = "interventions.participantintervention"
    audit_detail = "insatser"

    def rows(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("intervention", "recorded_by")

    def perform_create_action(self, enrollment: Enrollment, data: dict[str, Any]) -> Model:
        return actions.add_participant_intervention(self.request.user, enrollment, **data)

    def perform_update_action(self, obj: Any, version: int, data: dict[str, Any]) -> Model:
        return actions.update_participant_intervention(self.request.user, obj, version=version, **data)

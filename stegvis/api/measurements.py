"""Measurements (self-assessments and staff assessments) with their answers: read and write.

The rows are the progression app's (``Measurement.objects.restrict``), each with its answers as
``{item code: value}`` (``null``: "vet inte / vill inte svara"), the score reports use (the mean of
the answered items) and the instrument by id and code. A new measurement is registered by
:func:`stegvis.progression.actions.record_measurement`, a correction (answers, date) by
:func:`~stegvis.progression.actions.update_measurement`, both with the pages' Swedish messages;
a message about one item names it as ``answers.<code>``.

The answers have no version of their own: they are written only together with their measurement,
whose version guards them (the action saves the measurement against the version first).
"""

from typing import Any

from django.db.models import Model, Prefetch, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from stegvis.api.records import (
    EnrollmentRecordViewSet,
    enrollment_filterset,
    enrollment_id_field,
    person_field,
    version_field,
)
from stegvis.api.schema import record_schema
from stegvis.core.access import VIEW
from stegvis.core.errors import ActionError
from stegvis.participants.models import Enrollment
from stegvis.progression import actions
from stegvis.progression.models import Answer, Instrument, Measurement, Respondent, Source

#: The fields of a measurement an action's message can name; any other key is an item's code.
MEASUREMENT_FIELDS = {"enrollment", "instrument", "respondent", "date", "source", "language", "answers"}

#: How a measurement registered over the API was made (a link's answers come from the link only).
API_SOURCES = [(value, label) for value, label in Source.choices if value != Source.SELF_LINK]

ANSWERS_HELP = 'Svaren per fråga: {"frågans kod": värde}, null för "vet inte / vill inte svara".'


def _answers_field(**kwargs: Any) -> serializers.DictField:
    return serializers.DictField(
        child=serializers.IntegerField(allow_null=True), help_text=ANSWERS_HELP, **kwargs
    )


class MeasurementSerializer(serializers.ModelSerializer):
    person = person_field()
    instrument_code = serializers.CharField(source="instrument.code", read_only=True)
    instrument_version = serializers.IntegerField(source="instrument.version", read_only=True)
    registered_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    answers = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField()

    class Meta:
        model = Measurement
        fields = (
            "id",
            "enrollment",
            "person",
            "instrument",
            "instrument_code",
            "instrument_version",
            "respondent",
            "date",
            "source",
            "language",
            "answers",
            "score",
            "registered_by",
            "version",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    @extend_schema_field(_answers_field())
    def get_answers(self, obj: Measurement) -> dict[str, int | None]:
        return {answer.item.code: answer.value for answer in obj.answers.all()}

    @extend_schema_field(
        serializers.FloatField(allow_null=True, help_text="Medelvärdet av de besvarade frågorna.")
    )
    def get_score(self, obj: Measurement) -> float | None:
        return obj.answered_sum / obj.answered_count if obj.answered_count else None


class MeasurementCreateSerializer(serializers.Serializer):
    enrollment = enrollment_id_field()
    instrument = serializers.PrimaryKeyRelatedField(
        queryset=Instrument.objects.filter(is_active=True), help_text="Instrumentets id (ett i bruk)."
    )
    respondent = serializers.ChoiceField(choices=Respondent.choices)
    date = serializers.DateField()
    source = serializers.ChoiceField(choices=API_SOURCES, default=Source.MEETING)
    language = serializers.CharField(max_length=8, required=False, allow_blank=True, default="")
    answers = _answers_field()


class MeasurementUpdateSerializer(serializers.Serializer):
    date = serializers.DateField(required=False)
    answers = _answers_field(
        required=False
    )  # the items sent replace theirs; the others are kept as they were
    version = version_field()


def _item_errors(error: ActionError) -> ActionError:
    """An action's message about one item (keyed by its code) as ``answers.<code>``."""
    if not hasattr(error, "error_dict"):
        return error
    return ActionError(
        {
            (name if name in MEASUREMENT_FIELDS else f"answers.{name}"): messages
            for name, messages in error.message_dict.items()
        }
    )


@record_schema(
    MeasurementSerializer,
    MeasurementCreateSerializer,
    MeasurementUpdateSerializer,
    plural="Mätningar",
    one="En mätning",
    whose="mätningens",
    listed="Mätningarna (självskattningar och bedömningar) med svar, i de inskrivningar du får se.",
    create=(
        "Registrera en mätning",
        "Som sidan Registrera mätning: datumet inom inskrivningen och inte i framtiden, minst "
        "en fråga besvarad, varje svar inom frågans skala, en mätning per kort, svarande och dag.",
    ),
    update=(
        "Rätta en mätning",
        "Ändra svar (de frågor som skickas) eller datum. Kräver If-Match (eller version).",
    ),
)
class MeasurementViewSet(EnrollmentRecordViewSet):
    model = Measurement
    serializer_class = MeasurementSerializer
    filterset_class = enrollment_filterset(Measurement)
    create_serializer_class = MeasurementCreateSerializer
    update_serializer_class = MeasurementUpdateSerializer
    audit_object_type = "progression.measurement"
    audit_detail = "mätningar"

    def rows(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        answers = (
            Answer.objects.restrict(self.request.user, VIEW).select_related("item").order_by("item__position")
        )
        return queryset.select_related("instrument", "registered_by").prefetch_related(
            Prefetch("answers", queryset=answers)
        )

    def perform_create_action(self, enrollment: Enrollment, data: dict[str, Any]) -> Model:
        instrument = data.pop("instrument")
        try:
            return actions.record_measurement(self.request.user, enrollment, instrument, **data)
        except ActionError as error:
            raise _item_errors(error) from None

    def perform_update_action(self, obj: Any, version: int, data: dict[str, Any]) -> Model:
        # The action checks the whole card (at least one item answered), so the answers not sent
        # go with it unchanged.
        answers = {answer.item.code: answer.value for answer in obj.answers.all()}
        answers.update(data.get("answers", {}))
        try:
            return actions.update_measurement(
                self.request.user, obj, version=version, answers=answers, date=data.get("date")
            )
        except ActionError as error:
            raise _item_errors(error) from None

"""A participant's plan: its goals and the steps towards each, read and written as on the plan page.

Goals and steps are two resources because they are two kinds of row, each with its own version:
a step changed by one person and its goal by another must not refuse each other. The rows are
the casework app's (``PlanGoal.objects.restrict``, ``PlanStep.objects.restrict``); goals are
written by :func:`stegvis.casework.actions.create_goal` and
:func:`~stegvis.casework.actions.update_goal`, steps by
:func:`~stegvis.casework.actions.create_step` and :func:`~stegvis.casework.actions.update_step`.
A step names its goal; the goal's enrolment must be one the user may change.
"""

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from stegvis.api.fields import IdFilter
from stegvis.api.records import (
    EnrollmentRecordViewSet,
    enrollment_filterset,
    enrollment_id_field,
    person_field,
    version_field,
)
from stegvis.api.schema import record_schema
from stegvis.casework import actions
from stegvis.casework.models import Direction, GoalStatus, Horizon, PlanGoal, PlanStep, StepOwner, StepStatus
from stegvis.core.access import CHANGE, get_restricted_or_404
from stegvis.participants.models import Enrollment

# --- Goals ---------------------------------------------------------------------------------------


class PlanGoalSerializer(serializers.ModelSerializer):
    person = person_field()
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = PlanGoal
        fields = (
            "id",
            "enrollment",
            "person",
            "horizon",
            "direction",
            "text",
            "status",
            "order",
            "created_by",
            "version",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class PlanGoalCreateSerializer(serializers.Serializer):
    enrollment = enrollment_id_field()
    horizon = serializers.ChoiceField(choices=Horizon.choices)
    direction = serializers.ChoiceField(choices=Direction.choices)
    text = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=GoalStatus.choices, default=GoalStatus.PAGAR)
    order = serializers.IntegerField(default=0, help_text="Ordning inom sikten, 0–999.")


class PlanGoalUpdateSerializer(serializers.Serializer):
    horizon = serializers.ChoiceField(choices=Horizon.choices, required=False)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    text = serializers.CharField(required=False, allow_blank=True)
    status = serializers.ChoiceField(choices=GoalStatus.choices, required=False)
    order = serializers.IntegerField(required=False, help_text="Ordning inom sikten, 0–999.")
    version = version_field()


@record_schema(
    PlanGoalSerializer,
    PlanGoalCreateSerializer,
    PlanGoalUpdateSerializer,
    plural="Mål i planer",
    one="Ett mål",
    whose="målets",
    listed="Målen i planerna för de inskrivningar du får se.",
    create=(
        "Lägg till ett mål",
        "Ett mål i inskrivningens plan: sikt, inriktning och text (högst 1000 tecken).",
    ),
    update=(
        "Ändra ett mål",
        "Text, sikt, inriktning, status eller ordning. Kräver If-Match (eller version).",
    ),
)
class PlanGoalViewSet(EnrollmentRecordViewSet):
    model = PlanGoal
    serializer_class = PlanGoalSerializer
    filterset_class = enrollment_filterset(PlanGoal)
    create_serializer_class = PlanGoalCreateSerializer
    update_serializer_class = PlanGoalUpdateSerializer
    audit_object_type = "casework.plangoal"
    audit_detail = "mål i planer"

    def rows(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("created_by")

    def perform_create_action(self, enrollment: Enrollment, data: dict[str, Any]) -> Model:
        return actions.create_goal(self.request.user, enrollment, **data)

    def perform_update_action(self, obj: Any, version: int, data: dict[str, Any]) -> Model:
        return actions.update_goal(self.request.user, obj, version=version, **data)


# --- Steps ---------------------------------------------------------------------------------------


class PlanStepSerializer(serializers.ModelSerializer):
    enrollment = serializers.IntegerField(source="goal.enrollment_id", read_only=True)
    person = person_field()
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = PlanStep
        fields = (
            "id",
            "goal",
            "enrollment",
            "person",
            "what",
            "owner",
            "owner_name",
            "due_date",
            "status",
            "done_by_participant_at",
            "created_by",
            "version",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class PlanStepCreateSerializer(serializers.Serializer):
    goal = serializers.IntegerField(help_text="Målets id (i en inskrivning du får ändra).")
    what = serializers.CharField(allow_blank=True)
    owner = serializers.ChoiceField(choices=StepOwner.choices)
    owner_name = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Vilken aktör, när owner är annan."
    )
    due_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=StepStatus.choices, default=StepStatus.PLANERAD)


class PlanStepUpdateSerializer(serializers.Serializer):
    what = serializers.CharField(required=False, allow_blank=True)
    owner = serializers.ChoiceField(choices=StepOwner.choices, required=False)
    owner_name = serializers.CharField(required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=StepStatus.choices, required=False)
    version = version_field()


@record_schema(
    PlanStepSerializer,
    PlanStepCreateSerializer,
    PlanStepUpdateSerializer,
    plural="Steg i planer",
    one="Ett steg",
    whose="stegets",
    listed="Stegen mot målen i planerna du får se.",
    create=(
        "Lägg till ett steg",
        "Ett steg mot ett mål: vad, vem (en annan aktör med namn) och gärna klart senast.",
    ),
    update=("Ändra ett steg", "Vad, vem, datum eller status. Kräver If-Match (eller version)."),
)
class PlanStepViewSet(EnrollmentRecordViewSet):
    model = PlanStep
    enrollment_path = "goal__enrollment"
    serializer_class = PlanStepSerializer
    filterset_class = enrollment_filterset(
        PlanStep,
        "goal__enrollment",
        goal=IdFilter(field_name="goal_id", help_text="Målets id."),
    )
    create_serializer_class = PlanStepCreateSerializer
    update_serializer_class = PlanStepUpdateSerializer
    audit_object_type = "casework.planstep"
    audit_detail = "steg i planer"

    def rows(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("goal", "created_by")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # A step hangs on a goal, not directly on an enrolment: the goal must be one the user may change.
        data = self.validated(self.create_serializer_class)
        goal = get_restricted_or_404(
            PlanGoal.objects.select_related("enrollment__person"), request.user, CHANGE, pk=data.pop("goal")
        )
        step = actions.create_step(request.user, goal, **data)
        return self.written(step, status.HTTP_201_CREATED)

    def perform_update_action(self, obj: Any, version: int, data: dict[str, Any]) -> Model:
        return actions.update_step(self.request.user, obj, version=version, **data)

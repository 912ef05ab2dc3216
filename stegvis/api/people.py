"""Persons and their enrolments: personal data, so every read is audited and rows are restricted.

The rows are those the participant list shows the user (``visible_persons``,
``visible_enrollments``): the same rule, the same search. A single row carries its ``version``
as an ETag, which a change must send back (``If-Match``) so that nobody's change is overwritten.

Writes go through the participants app's actions, the ones the pages call: they check who may
write, validate, save and audit, so a change made here is the same change as on the page. The
serializers only read the input's types (a date, a choice, a code that names a row); every
domain rule and its Swedish message is the action's.
"""

from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from stegvis.api.base import AuditedReadOnlyViewSet
from stegvis.api.fields import CodeFilter, CountryCodeField, IdFilter
from stegvis.api.preconditions import check_version
from stegvis.api.schema import CHANGE_PROBLEMS, IF_MATCH, problem_responses, record_schema
from stegvis.api.writes import changed
from stegvis.consent.models import ConsentMethod
from stegvis.core.access import works_on
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.organizations.models import NeedGroup, Organization, Project
from stegvis.participants import actions
from stegvis.participants.actions import (
    CORRECTABLE_EXIT_FIELDS,
    ENROLLMENT_FIELDS,
    EXIT_STATUS_FIELDS,
    PERSON_FIELDS,
)
from stegvis.participants.filters import search_q, visible_enrollments, visible_persons
from stegvis.participants.forms import is_coordinator_for
from stegvis.participants.models import (
    COUNTED_EXIT_REASONS,
    Enrollment,
    ExitOutcome,
    ExitReason,
    IncomeSource,
    NextActor,
    Occupation,
    Person,
    ProjectExitReason,
)
from stegvis.participants.municipalities import municipality_code, unknown_municipality_message

VERSION_HELP = "Versionen ändringen bygger på, om If-Match inte skickas."


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


class PersonWriteSerializer(serializers.ModelSerializer):
    """A person's details as the actions take them: the same fields as the read, minus what is derived."""

    personnummer = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text="10 eller 12 siffror, med eller utan bindestreck. Tomt: anonym, med födelseår.",
    )
    home_municipality = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Kommunens namn eller SCB:s fyrsiffriga kommunkod; sparas som kommunkoden.",
    )

    class Meta:
        model = Person
        fields: tuple[str, ...] = ("personnummer", "protected_identity", *PERSON_FIELDS)
        extra_kwargs = {"birth_year": {"required": False, "allow_null": True}}

    def validate_home_municipality(self, value: str) -> str:
        code = municipality_code(value)
        if code is None:
            raise serializers.ValidationError(unknown_municipality_message(value.strip()))
        return code


class PersonCreateSerializer(PersonWriteSerializer):
    organization = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Organization.objects.all(),
        help_text="Organisationen som registrerar personen (dess kod); en du arbetar för.",
    )
    ref = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="Organisationens egen referens för personen.",
    )

    class Meta(PersonWriteSerializer.Meta):
        fields: tuple[str, ...] = ("organization", "ref", *PersonWriteSerializer.Meta.fields)


class PersonUpdateSerializer(PersonWriteSerializer):
    version = serializers.IntegerField(required=False, write_only=True, help_text=VERSION_HELP)

    class Meta(PersonWriteSerializer.Meta):
        fields: tuple[str, ...] = (*PersonWriteSerializer.Meta.fields, "version")


class EnrollmentSerializer(serializers.ModelSerializer):
    project = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)
    coordinator = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    project_exit_reason = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    country_of_birth = CountryCodeField(required=False)
    citizenship = CountryCodeField(required=False)
    other_outcomes = serializers.SerializerMethodField(
        help_text="Avslutets andra utfall utöver avslutsorsaken (samma koder som exit_reason)."
    )

    class Meta:
        model = Enrollment
        exclude = ("created_at",)
        read_only_fields = ("id", "person", "age_at_start", "version", "updated_at")

    def get_other_outcomes(self, enrollment: Enrollment) -> list[str]:
        codes: list[str] | None = getattr(enrollment, OUTCOME_CODES, None)
        if codes is None:  # a single row: its outcomes by one query
            codes = [outcome.outcome for outcome in enrollment.other_outcomes.all()]
        return codes


#: Where :func:`attach_outcome_codes` puts an enrolment's other outcomes.
OUTCOME_CODES = "api_outcome_codes"


def attach_outcome_codes(enrollments: list[Enrollment]) -> None:
    """The other outcomes of a page of enrolments as codes, by one query for the page.

    Not ``prefetch_related``: it links every outcome back to its enrolment, a reference cycle
    per row that only Python's full garbage collection frees, which showed as a 15 ms pause in
    about one list request in a dozen (``bench/api.py``).
    """
    codes: dict[int, list[str]] = {enrollment.pk: [] for enrollment in enrollments}
    rows = (
        ExitOutcome.objects.filter(enrollment_id__in=codes)
        .order_by("enrollment_id", "outcome")
        .values_list("enrollment_id", "outcome")
    )
    for enrollment_id, outcome in rows:
        codes[enrollment_id].append(outcome)
    for enrollment in enrollments:
        setattr(enrollment, OUTCOME_CODES, codes[enrollment.pk])


def _voluntary_consent_method() -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=ConsentMethod.choices,
        required=False,
        allow_null=True,
        write_only=True,
        help_text=(
            "Hur deltagaren samtyckte till de frivilliga ESF+-uppgifterna; krävs för att spara dem "
            "när inget sådant samtycke redan gäller (samtycket registreras då)."
        ),
    )


class EnrollmentFieldsSerializer(serializers.ModelSerializer):
    """The enrolment's own fields, as the actions take them (the start and the ESF+ answers)."""

    need_group = serializers.PrimaryKeyRelatedField(
        queryset=NeedGroup.objects.all(), required=False, allow_null=True, help_text="Behovsgruppens id."
    )
    country_of_birth = CountryCodeField(required=False)
    citizenship = CountryCodeField(required=False)
    voluntary_consent_method = _voluntary_consent_method()

    class Meta:
        model = Enrollment
        fields: tuple[str, ...] = (*ENROLLMENT_FIELDS, "voluntary_consent_method")


class EnrollmentCreateSerializer(EnrollmentFieldsSerializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), help_text="Personens id (en person du ser)."
    )
    project = serializers.SlugRelatedField(
        slug_field="code", queryset=Project.objects.all(), help_text="Projektets kod."
    )
    organization = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Organization.objects.all(),
        help_text="Den inskrivande organisationens kod; en du arbetar för i projektet.",
    )
    coordinator = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="Koordinatorns användarnamn; en som arbetar med projektet i organisationen.",
    )

    class Meta(EnrollmentFieldsSerializer.Meta):
        fields: tuple[str, ...] = (
            "person",
            "project",
            "organization",
            "coordinator",
            *EnrollmentFieldsSerializer.Meta.fields,
        )
        extra_kwargs = {"start_date": {"required": True}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # A person one may not see reads like one that does not exist.
            self.fields["person"].queryset = visible_persons(request.user)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        user = self.context["request"].user
        project, organization = data["project"], data["organization"]
        if not works_on(user, project, organization):
            # What the action refuses, said at the field that decides it.
            raise serializers.ValidationError(
                {
                    "organization": _(
                        "Du kan inte skriva in deltagare i det här projektet för den organisationen."
                    )
                }
            )
        username = data.get("coordinator")
        data["coordinator"] = None
        if username:
            coordinator = get_user_model().objects.filter(username=username, is_active=True).first()
            # As on the enrol page (its list of coordinators): someone with a coordinator role in the
            # project for the organisation. An unknown name and a colleague elsewhere get the same
            # answer: names are not looked up for anyone.
            if coordinator is None or not is_coordinator_for(coordinator, project, organization):
                raise serializers.ValidationError(
                    {
                        "coordinator": _(
                            "Den valda personen är inte koordinator i projektet för den här organisationen."
                        )
                    }
                )
            data["coordinator"] = coordinator
        return data


class EnrollmentUpdateSerializer(EnrollmentFieldsSerializer):
    version = serializers.IntegerField(required=False, write_only=True, help_text=VERSION_HELP)

    class Meta(EnrollmentFieldsSerializer.Meta):
        fields: tuple[str, ...] = (
            *ENROLLMENT_FIELDS,
            *CORRECTABLE_EXIT_FIELDS,
            "voluntary_consent_method",
            "version",
        )


def _choices(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices, required=False, allow_blank=True, **kwargs)


class ExitSerializer(serializers.Serializer):
    """An exit as :func:`~stegvis.participants.actions.register_exit` takes it.

    The reason is either a standard one (``exit_reason``) or the project's own
    (``project_exit_reason``, by its code), which decides the standard reason it counts as.
    """

    end_date = serializers.DateField(required=False, allow_null=True)
    exit_reason = _choices(ExitReason.choices)
    project_exit_reason = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text="Koden för projektets egen avslutsorsak."
    )
    other_outcomes = serializers.ListField(
        child=serializers.ChoiceField(
            choices=[(c, label) for c, label in ExitReason.choices if c in COUNTED_EXIT_REASONS]
        ),
        required=False,
        help_text="Andra utfall utöver avslutsorsaken.",
    )
    next_actor = _choices(NextActor.choices)
    income_source_exit = _choices(IncomeSource.choices)
    occupation_exit = _choices(Occupation.choices)
    work_extent_exit = serializers.IntegerField(required=False, allow_null=True, help_text="0–100 %.")
    gained_qualification = serializers.BooleanField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, write_only=True, help_text=VERSION_HELP)


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
    project = CodeFilter(field_name="project", related=Project, help_text="Projektets kod.")
    organization = CodeFilter(
        field_name="organization", related=Organization, help_text="Organisationens kod."
    )
    person = IdFilter(field_name="person_id", help_text="Personens id.")
    coordinator = CodeFilter(
        field_name="coordinator",
        related=get_user_model(),
        slug_field="username",
        help_text="Koordinatorns användarnamn.",
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


def _validated(serializer: serializers.Serializer) -> dict[str, Any]:
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@record_schema(
    PersonSerializer,
    PersonCreateSerializer,
    PersonUpdateSerializer,
    plural="Personer",
    one="En person",
    whose="personens",
    listed="Personerna du får se, som i deltagarlistan.",
    create=(
        "Registrera en person",
        "Som sidan Registrera deltagare: organisationen (en du arbetar för) registrerar personen, "
        "med personnummer eller anonymt med födelseår. Svaret bär ETag och Location.",
    ),
    update=(
        "Ändra en person",
        "Bara de fält som skickas ändras. Kräver If-Match (eller version): 428 utan, 412 om "
        "någon hunnit ändra. Ett tomt personnummer lämnar numret orört, som på sidan.",
    ),
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

    def create(self, request: Request) -> Response:
        data = _validated(PersonCreateSerializer(data=request.data, context=self.get_serializer_context()))
        organization = data.pop("organization")
        try:
            person = actions.register_person(
                request.user,
                organization=organization,
                personnummer=(data.pop("personnummer", "") or "").strip(),
                protected_identity=data.pop("protected_identity", False),
                ref=(data.pop("ref", "") or "").strip(),
                **data,
            )
        except NotAllowed:
            raise ActionError(
                {
                    "organization": [
                        _("Du kan inte registrera deltagare för organisationen %(code)s.")
                        % {"code": organization.code}
                    ]
                }
            ) from None
        url = reverse("api:person-detail", kwargs={"pk": person.pk})
        return changed(PersonSerializer(person).data, person, location=url, request=request)

    def partial_update(self, request: Request, pk: str) -> Response:
        person = self.get_object()
        version = check_version(request, person)
        serializer = PersonUpdateSerializer(
            data=request.data, partial=True, context=self.get_serializer_context()
        )
        data = _validated(serializer)
        data.pop("version", None)
        number = (data.pop("personnummer", "") or "").strip()
        if number:
            data["personnummer"] = number
        person = actions.update_person(request.user, person, version=version, **data)
        return changed(PersonSerializer(person).data, person)


@record_schema(
    EnrollmentSerializer,
    EnrollmentCreateSerializer,
    EnrollmentUpdateSerializer,
    plural="Inskrivningar",
    one="En inskrivning",
    whose="inskrivningens",
    listed="Inskrivningarna du får se.",
    create=(
        "Skriv in en person",
        "Som sidan Skriv in: personen (en du ser) skrivs in i projektet för organisationen (en du "
        "arbetar för där). Frivilliga ESF+-uppgifter sparas bara med voluntary_consent_method. "
        "Svaret bär ETag och Location.",
    ),
    update=(
        "Ändra en inskrivning",
        "Startuppgifterna och ESF+-svaren; gained_qualification bara efter avslut. Avslutet ändras "
        "under exit/. Kräver If-Match (eller version).",
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

    def paginate_queryset(self, queryset: QuerySet[Enrollment]) -> list[Enrollment] | None:
        page: list[Enrollment] | None = super().paginate_queryset(queryset)
        if page is not None:
            attach_outcome_codes(page)
        return page

    def _as_now(self, enrollment: Enrollment, **kwargs: Any) -> Response:
        """The reply to a change: the row read again (its outcomes as saved), with its new ETag."""
        fresh = self.get_queryset().get(pk=enrollment.pk)
        return changed(EnrollmentSerializer(fresh).data, fresh, **kwargs)

    def create(self, request: Request) -> Response:
        data = _validated(
            EnrollmentCreateSerializer(data=request.data, context=self.get_serializer_context())
        )
        person = data.pop("person")
        enrollment = actions.enroll_participant(
            request.user,
            person,
            project=data.pop("project"),
            organization=data.pop("organization"),
            start_date=data.pop("start_date"),
            coordinator=data.pop("coordinator"),
            **data,
        )
        url = reverse("api:enrollment-detail", kwargs={"pk": enrollment.pk})
        return self._as_now(enrollment, location=url, request=request)

    def partial_update(self, request: Request, pk: str) -> Response:
        enrollment = self.get_object()
        version = check_version(request, enrollment)
        data = _validated(
            EnrollmentUpdateSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        )
        data.pop("version", None)
        actions.update_enrollment(request.user, enrollment, version=version, **data)
        return self._as_now(enrollment)

    @extend_schema(
        methods=["POST"],
        summary="Registrera avslut",
        description=(
            "Avslutar en pågående inskrivning: slutdatum, orsak (standard eller projektets egen), andra "
            "utfall, nästa aktör och situationen vid avslut. Kräver If-Match (eller version)."
        ),
        parameters=[IF_MATCH],
        request=ExitSerializer,
        responses={200: EnrollmentSerializer, **problem_responses(*CHANGE_PROBLEMS)},
    )
    @extend_schema(
        methods=["PATCH"],
        summary="Rätta avslut",
        description=(
            "Rättar avslutet av en avslutad inskrivning; bara de fält som skickas ändras, resten behålls. "
            "exit_reason utan project_exit_reason byter till en standardorsak. Kräver If-Match (eller version)."
        ),
        parameters=[IF_MATCH],
        request=ExitSerializer,
        responses={200: EnrollmentSerializer, **problem_responses(*CHANGE_PROBLEMS)},
    )
    @action(detail=True, methods=["post", "patch"], url_path="exit", url_name="exit")
    def exit_(self, request: Request, pk: str) -> Response:
        """POST registers the exit of an active enrolment, PATCH corrects that of an ended one."""
        enrollment = self.get_object()
        version = check_version(request, enrollment)
        data = _validated(ExitSerializer(data=request.data, partial=request.method == "PATCH"))
        data.pop("version", None)
        if request.method == "PATCH":
            given = _current_exit(enrollment)
            if "exit_reason" in data and "project_exit_reason" not in data:
                given["project_exit_reason"] = None  # a standard reason instead of the project's own
            elif data.get("project_exit_reason") and "exit_reason" not in data:
                given["exit_reason"] = None  # the project's own reason decides the standard one
            given.update(data)
            write = actions.correct_exit
        else:
            given = {"end_date": None, "exit_reason": None, **data}
            write = actions.register_exit
        given["project_exit_reason"] = _project_exit_reason(enrollment, given)
        write(request.user, enrollment, version=version, **given)
        return self._as_now(enrollment)


def _current_exit(enrollment: Enrollment) -> dict[str, Any]:
    """An ended enrolment's exit as the exit endpoints take it, for a correction to start from."""
    return {
        "end_date": enrollment.end_date,
        "exit_reason": enrollment.exit_reason,
        "project_exit_reason": enrollment.project_exit_reason,
        "other_outcomes": [o.outcome for o in enrollment.other_outcomes.all()],
        "next_actor": enrollment.next_actor,
        **{name: getattr(enrollment, name) for name in EXIT_STATUS_FIELDS},
    }


def _project_exit_reason(enrollment: Enrollment, given: dict[str, Any]) -> ProjectExitReason | None:
    """The project's own reason named by its code (or kept as it was), checked against ``exit_reason``."""
    value = given.get("project_exit_reason")
    if isinstance(value, ProjectExitReason) or not value:
        return value or None
    reason = enrollment.project.exit_reasons.filter(code=value).first()
    if reason is None:
        raise ActionError(
            {
                "project_exit_reason": [
                    _("Projektet har ingen egen avslutsorsak med koden %(code)s.") % {"code": value}
                ]
            }
        )
    standard = given.get("exit_reason")
    if standard and standard != reason.standard_reason:
        raise ActionError(
            {
                "exit_reason": [
                    _("Projektets avslutsorsak %(label)s räknas som %(standard)s; ange den eller ingen.")
                    % {"label": reason.label, "standard": reason.standard_reason}
                ]
            }
        )
    return reason

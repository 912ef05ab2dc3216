"""What the casework endpoints share: rows of an enrolment, read audited and written through actions.

Measurements, interventions, contacts and plan goals and steps all belong to one enrolment, and
the enrolment's rule (registered by each app) decides who sees and changes them. So each endpoint
here is the same shape:

- rows come from ``Model.objects.restrict(user, VIEW)`` (``CHANGE`` for a write), annotated with
  the ``person_id`` of their enrolment, so a list's audit entries are tied to each person in the
  one INSERT of :func:`stegvis.audit.log.record_list`, and a single row's entry to its person
  without loading the person;
- a new row names its ``enrollment`` by id, looked up among those the user may change (404 for
  others, as for a row that does not exist), and is written by the owning app's action;
- a change sends the version it is based on (:func:`stegvis.api.preconditions.check_version`),
  which the action saves against, and the answer carries the new ``ETag``;
- every list filters by ``enrollment``, ``person``, ``project`` and ``updated_since``.

The actions' :class:`~stegvis.core.errors.ActionError` messages reach the client as problem
details with the field names of the serializers, which are the actions' own.
"""

from typing import Any, ClassVar

import django_filters
from django.db.models import F, Model, QuerySet
from django.urls import reverse
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from stegvis.api.base import ApiViewMixin, AuditedReadMixin
from stegvis.api.fields import IdFilter
from stegvis.api.preconditions import check_version, with_etag
from stegvis.core.access import CHANGE, VIEW, Rule, get_restricted_or_404
from stegvis.participants.models import Enrollment, Person

# --- Filters -------------------------------------------------------------------------------------


def enrollment_filters(path: str = "enrollment") -> dict[str, django_filters.Filter]:
    """``enrollment``, ``person``, ``project`` and ``updated_since`` for rows reaching their
    enrolment through ``path``; a filter only narrows what ``restrict`` already gave."""
    return {
        "enrollment": IdFilter(field_name=f"{path}_id", help_text="Inskrivningens id."),
        "person": IdFilter(field_name=f"{path}__person_id", help_text="Personens id."),
        "project": django_filters.CharFilter(
            field_name=f"{path}__project__code", help_text="Projektets kod."
        ),
        "updated_since": django_filters.IsoDateTimeFilter(
            field_name="updated_at",
            lookup_expr="gte",
            help_text="Ändrade vid eller efter tidpunkten (ISO 8601).",
        ),
    }


def enrollment_filterset(
    model: type[Model], path: str = "enrollment", **extra: django_filters.Filter
) -> type[django_filters.FilterSet]:
    """A filter set of ``model`` with the four filters of :func:`enrollment_filters` (and ``extra``)."""
    meta = type("Meta", (), {"model": model, "fields": ()})
    attrs: dict[str, Any] = {**enrollment_filters(path), **extra, "Meta": meta}
    return type(f"{model.__name__}Filter", (django_filters.FilterSet,), attrs)


# --- Serializer fields ---------------------------------------------------------------------------


def person_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        source="person_id", read_only=True, help_text="Personen inskrivningen gäller (id)."
    )


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        write_only=True,
        min_value=0,
        help_text="Versionen ändringen bygger på, om If-Match inte skickas.",
    )


# --- The view set --------------------------------------------------------------------------------


class EnrollmentRecordViewSet(
    ApiViewMixin,
    AuditedReadMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Rows of an enrolment: lists and single rows audited, new rows and changes through actions.

    Subclasses name ``model``, the path to the enrolment, the serializers, and implement
    :meth:`perform_create_action` and :meth:`perform_update_action` with the app's actions.
    """

    access_rule = Rule.PERSONAL_DATA
    http_method_names = ["get", "post", "patch", "head", "options"]
    model: ClassVar[type[Model]]
    enrollment_path: ClassVar[str] = "enrollment"
    create_serializer_class: ClassVar[type[serializers.Serializer]]
    update_serializer_class: ClassVar[type[serializers.Serializer]]

    def rows(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """What the serializer reads, joined or prefetched so a page costs the same at any size."""
        return queryset

    def get_queryset(self) -> QuerySet[Any]:
        action = VIEW if self.request.method in SAFE_METHODS else CHANGE
        restricted = self.model.objects.restrict(self.request.user, action)  # type: ignore[attr-defined]
        return self.rows(restricted).annotate(person_id=F(f"{self.enrollment_path}__person_id"))

    def audited_person(self, obj: Model) -> Model | None:
        # The row's person by id (annotated above): the entry needs only the key, not the person.
        return Person(pk=obj.person_id)  # type: ignore[attr-defined]

    # --- writing ---

    def validated(self, serializer_class: type[serializers.Serializer], **kwargs: Any) -> dict[str, Any]:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)  # read by check_version, passed to the action from there
        return data

    def enrollment_to_change(self, pk: int) -> Enrollment:
        """The enrolment a new row is for, if the user may change it; else 404 (as if it did not exist)."""
        return get_restricted_or_404(
            Enrollment.objects.select_related("person", "project", "organization", "coordinator"),
            self.request.user,
            CHANGE,
            pk=pk,
        )

    def written(self, obj: Model, status_code: int = status.HTTP_200_OK) -> Response:
        """The row as a read gives it (read again, with what the list shows), with its new ETag."""
        row = self.get_queryset().get(pk=obj.pk)
        response = Response(self.get_serializer(row).data, status=status_code)
        if status_code == status.HTTP_201_CREATED:
            response["Location"] = reverse(f"api:{self.basename}-detail", kwargs={"pk": row.pk})
        return with_etag(response, row)

    def perform_create_action(self, enrollment: Enrollment, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def perform_update_action(self, obj: Any, version: int, data: dict[str, Any]) -> Model:
        raise NotImplementedError

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.validated(self.create_serializer_class)
        enrollment = self.enrollment_to_change(data.pop("enrollment"))
        return self.written(self.perform_create_action(enrollment, data), status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        version = check_version(request, obj)
        data = self.validated(self.update_serializer_class, partial=True)
        return self.written(self.perform_update_action(obj, version, data))


def enrollment_id_field() -> serializers.IntegerField:
    return serializers.IntegerField(help_text="Inskrivningens id (en du får ändra).")

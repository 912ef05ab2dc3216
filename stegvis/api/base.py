"""What every endpoint shares: token authentication, the page rules, Swedish, audited reads.

Views declare ``access_rule`` like the pages (:class:`stegvis.core.access.Rule`); the access
middleware lets them through to authenticate by token (``authenticates_itself``), and
:class:`stegvis.api.permissions.FollowsRule` then applies the rule to the token's user. Rows are
limited by ``restrict`` in each view's ``get_queryset``, never here.
"""

from typing import Any, ClassVar

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import mixins, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from stegvis.api.listing import PlainListSerializer
from stegvis.api.preconditions import with_etag
from stegvis.audit.log import AuditAction, record, record_list
from stegvis.core.access import Rule


class ApiViewMixin:
    """Token authentication, the page rule, and Swedish messages whatever the client's language."""

    authenticates_itself = True
    access_rule: ClassVar[Rule] = Rule.STAFF

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Messages are Swedish like the pages (the staff interface has no other language).
        translation.activate("sv")
        super().initial(request, *args, **kwargs)  # type: ignore[misc]

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        """A page of rows is serialised by :class:`PlainListSerializer` (same JSON, less work)."""
        if kwargs.get("many") and args and "data" not in kwargs:
            context = self.get_serializer_context()  # type: ignore[attr-defined]
            child = self.get_serializer_class()(context=context)  # type: ignore[attr-defined]
            return PlainListSerializer(args[0], child=child, context=context)
        return super().get_serializer(*args, **kwargs)  # type: ignore[misc]


class AuditedReadMixin:
    """Lists and single rows of personal data, audited like the pages that show them.

    A list writes one search entry (with the filters asked for) and one entry per person on the
    page, in one INSERT; a single row writes one entry tied to its person.
    """

    audit_object_type: ClassVar[str]
    audit_detail: ClassVar[str]

    def audited_person(self, obj: models.Model) -> models.Model | None:
        """The person an object is about (for an enrolment, its person); override for others."""
        return getattr(obj, "person", None)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        queryset = self.filter_queryset(self.get_queryset())  # type: ignore[attr-defined]
        page = self.paginate_queryset(queryset)  # type: ignore[attr-defined]
        rows = list(page if page is not None else queryset)
        record_list(
            request.user,
            self.audit_object_type,
            detail=_("API: %(what)s") % {"what": self.audit_detail},
            params=request.query_params,
            shown=len(rows),
            persons=rows,
        )
        serializer = self.get_serializer(rows, many=True)  # type: ignore[attr-defined]
        if page is not None:
            return self.get_paginated_response(serializer.data)  # type: ignore[attr-defined]
        return Response(serializer.data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()  # type: ignore[attr-defined]
        record(
            request.user,
            AuditAction.VIEW,
            obj,
            person=self.audited_person(obj),
            detail=_("API: %(what)s") % {"what": self.audit_detail},
        )
        response = Response(self.get_serializer(obj).data)  # type: ignore[attr-defined]
        return with_etag(response, obj) if hasattr(obj, "version") else response


class ReadOnlyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """A list and a single row, for catalogue data (no personal data, nothing to audit)."""


class AuditedReadOnlyViewSet(
    ApiViewMixin,
    AuditedReadMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """A list and a single row of personal data, each read audited."""

    access_rule = Rule.PERSONAL_DATA

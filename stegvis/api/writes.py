"""What the write endpoints share: the problem responses they declare, and the reply to a change.

Every write calls an action of the owning app; the action validates, writes and audits. What is
left here is HTTP: the statuses a change can end in (so the schema lists each of them with its
``application/problem+json`` body) and a reply that carries the row's new version as its ETag.
"""

from typing import Any

from django.db import models
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from stegvis.api.preconditions import with_etag
from stegvis.api.problems import CONTENT_TYPE

Problem = inline_serializer(
    "Problem",
    {
        "type": serializers.CharField(
            help_text="Vilket slags problem, t.ex. urn:stegvis:problem:validation."
        ),
        "title": serializers.CharField(),
        "status": serializers.IntegerField(),
        "detail": serializers.CharField(),
        "instance": serializers.CharField(required=False),
        "errors": inline_serializer(
            "ProblemFieldError",
            {
                "field": serializers.CharField(
                    allow_null=True, help_text="Fältet felet gäller; null för hela anropet."
                ),
                "detail": serializers.CharField(),
            },
            many=True,
            required=False,
        ),
    },
)

_PROBLEMS = {
    400: "Uppgifterna kunde inte tas emot: errors nämner fälten, på svenska.",
    403: "Rollen eller nyckeln ger inte rätt att ändra (t.ex. en nyckel som bara får läsa).",
    404: "Raden finns inte, eller så saknar du behörighet till den.",
    409: "Någon annan sparade samtidigt; ingenting sparades.",
    412: "Versionen i If-Match (eller version) är inte längre radens; ingenting sparades.",
    428: "If-Match (eller version) saknas.",
}


def problem_responses(*statuses: int) -> dict[Any, Any]:
    """The schema's responses for ``statuses``, each an ``application/problem+json`` body."""
    return {
        (code, CONTENT_TYPE): OpenApiResponse(response=Problem, description=_PROBLEMS[code])
        for code in statuses
    }


#: A change of a versioned row: the above, and the version missing, stale, or overtaken meanwhile.
CHANGE_PROBLEMS = (400, 403, 404, 409, 412, 428)


def changed(
    data: Any, obj: models.Model, *, location: str | None = None, request: Request | None = None
) -> Response:
    """The row as it is now, with its version as the ETag (and where it lives, when it was created)."""
    response = Response(data, status=status.HTTP_201_CREATED if location else status.HTTP_200_OK)
    if location and request is not None:
        response["Location"] = request.build_absolute_uri(location)
    return with_etag(response, obj)

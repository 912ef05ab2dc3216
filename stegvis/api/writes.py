"""What the write endpoints share: the reply to a change.

Every write calls an action of the owning app; the action validates, writes and audits. What is
left here is HTTP: a reply that carries the row's new version as its ETag (the statuses a change
can end in are declared with :func:`stegvis.api.schema.problem_responses`).
"""

from typing import Any

from django.db import models
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from stegvis.api.preconditions import with_etag


def changed(
    data: Any, obj: models.Model, *, location: str | None = None, request: Request | None = None
) -> Response:
    """The row as it is now, with its version as the ETag (and where it lives, when it was created)."""
    response = Response(data, status=status.HTTP_201_CREATED if location else status.HTTP_200_OK)
    if location and request is not None:
        response["Location"] = request.build_absolute_uri(location)
    return with_etag(response, obj)

"""Optimistic locking over HTTP: a change names the version it was based on, or is refused.

A client reads a row (its ``ETag`` is ``"<version>"``) and sends the change with ``If-Match``
carrying that ETag, or with the field ``version`` in the body. A change without either is 428
(it could overwrite someone's change unseen); one based on an older version is 412 and nothing is
written. The action then saves with the same version (``save_versioned``), so a change that
slips in between the check and the save is still caught (409).
"""

import re

from django.db import models
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from stegvis.api.problems import PreconditionFailed, PreconditionRequired

_ETAG = re.compile(r'^\s*(?:W/)?"?(\d+)"?\s*$')


def etag(obj: models.Model) -> str:
    return f'"{obj.version}"'  # type: ignore[attr-defined]


def requested_version(request: Request) -> int:
    """The version a change is based on: ``If-Match`` first, else the body's ``version``."""
    header = request.headers.get("If-Match")
    if header:
        match = _ETAG.match(header)
        if match is None:
            raise serializers.ValidationError(
                {"If-Match": [_('Ange ETag-värdet från läsningen, t.ex. "3".')]}
            )
        return int(match.group(1))
    body = request.data.get("version") if isinstance(request.data, dict) else None
    if body in (None, ""):
        raise PreconditionRequired(
            _("Ange versionen ändringen bygger på: If-Match med ETag-värdet, eller fältet version.")
        )
    try:
        return int(body)
    except (TypeError, ValueError):
        raise serializers.ValidationError({"version": [_("Versionen ska vara ett heltal.")]}) from None


def check_version(request: Request, obj: models.Model) -> int:
    """The requested version, if it is still ``obj``'s; else 412 and nothing is written."""
    version = requested_version(request)
    if version != obj.version:  # type: ignore[attr-defined]
        raise PreconditionFailed(
            _(
                "Någon annan har ändrat uppgifterna sedan du läste dem (version %(yours)s, nu %(now)s). "
                "Ingenting sparades. Läs raden igen och gör ändringen på nytt."
            )
            % {"yours": version, "now": obj.version}  # type: ignore[attr-defined]
        )
    return version


def with_etag(response: Response, obj: models.Model) -> Response:
    response["ETag"] = etag(obj)
    return response


__all__ = ["check_version", "etag", "requested_version", "with_etag"]

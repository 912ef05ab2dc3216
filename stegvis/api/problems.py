"""Every error of the API as RFC 9457 problem details (``application/problem+json``), in Swedish.

The body has ``type`` (a URN naming the kind of problem, listed in docs/api.md), ``title``,
``status``, ``detail`` and ``instance`` (the path asked for), and for input errors ``errors``: one
object per message with the ``field`` it is about (``null`` for the whole request) and its
``detail``. The actions' own errors (:class:`stegvis.core.errors.ActionError`) come out here with
the same Swedish messages and field names the pages show.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from stegvis.core.errors import ConflictError, NotAllowed

CONTENT_TYPE = "application/problem+json"

#: The kinds of problem (``type``): what a client may branch on.
VALIDATION = "urn:stegvis:problem:validation"
CONFLICT = "urn:stegvis:problem:conflict"
PRECONDITION_FAILED = "urn:stegvis:problem:precondition-failed"
PRECONDITION_REQUIRED = "urn:stegvis:problem:precondition-required"
NOT_AUTHENTICATED = "urn:stegvis:problem:not-authenticated"
FORBIDDEN = "urn:stegvis:problem:forbidden"
NOT_FOUND = "urn:stegvis:problem:not-found"
METHOD_NOT_ALLOWED = "urn:stegvis:problem:method-not-allowed"
NOT_ACCEPTABLE = "urn:stegvis:problem:not-acceptable"
UNSUPPORTED_MEDIA_TYPE = "urn:stegvis:problem:unsupported-media-type"
RATE_LIMITED = "urn:stegvis:problem:rate-limited"
OTHER = "urn:stegvis:problem:other"


class PreconditionFailed(exceptions.APIException):
    """``If-Match`` names a version that is no longer the record's (someone saved since)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    """A change came without ``If-Match`` (or ``version``): it could overwrite someone's change."""

    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"


def _titles() -> dict[int, tuple[str, str]]:
    """``status: (type, title)``, translated when asked for (the active language is Swedish)."""
    return {
        400: (VALIDATION, _("Uppgifterna kunde inte tas emot")),
        401: (NOT_AUTHENTICATED, _("Nyckel saknas eller gäller inte")),
        403: (FORBIDDEN, _("Behörighet saknas")),
        404: (NOT_FOUND, _("Finns inte")),
        405: (METHOD_NOT_ALLOWED, _("Metoden stöds inte här")),
        406: (NOT_ACCEPTABLE, _("Svarsformatet stöds inte")),
        409: (CONFLICT, _("Någon annan har ändrat uppgifterna")),
        412: (PRECONDITION_FAILED, _("Versionen stämmer inte")),
        415: (UNSUPPORTED_MEDIA_TYPE, _("Formatet stöds inte")),
        428: (PRECONDITION_REQUIRED, _("Version saknas")),
        429: (RATE_LIMITED, _("För många anrop")),
    }


def field_errors(detail: Any, path: str = "") -> list[dict[str, Any]]:
    """DRF's nested error detail (or an ``ActionError``'s ``{field: [messages]}``) as a flat list."""
    if isinstance(detail, dict):
        found = []
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "__all__") else f"{path}{key}"
            found += field_errors(value, f"{name}." if name else path)
        return found
    if isinstance(detail, list):
        found = []
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                found += field_errors(value, f"{path}{index}.")
            else:
                found += field_errors(value, path)
        return found
    return [{"field": path.rstrip(".") or None, "detail": str(detail)}]


def problem(
    status_code: int, detail: str, *, errors: list[dict[str, Any]] | None = None, instance: str = ""
) -> dict:
    kind, title = _titles().get(status_code, (OTHER, _("Något gick fel")))
    body: dict[str, Any] = {"type": kind, "title": title, "status": status_code, "detail": detail}
    if instance:
        body["instance"] = instance
    if errors is not None:
        body["errors"] = errors
    return body


def _as_api_exception(exc: Exception) -> exceptions.APIException | None:
    if isinstance(exc, ConflictError):
        conflict = exceptions.APIException(exc.messages[0])
        conflict.status_code = status.HTTP_409_CONFLICT
        return conflict
    if isinstance(exc, NotAllowed):
        return exceptions.PermissionDenied(exc.messages[0])
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):
        # Never the model's name or the lookup: a row one may not see reads like one that is not there.
        return exceptions.NotFound(_("Det finns inget här, eller så saknar du behörighet."))
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, exceptions.APIException):
        return exc
    return None


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler: a problem-details response, or ``None`` for a real server error."""
    api_exc = _as_api_exception(exc)
    if api_exc is None:
        return None
    request = context.get("request")
    instance = request.path if request is not None else ""
    headers: dict[str, str] = {}
    if getattr(api_exc, "auth_header", None):
        headers["WWW-Authenticate"] = api_exc.auth_header
    if getattr(api_exc, "wait", None):
        headers["Retry-After"] = str(int(api_exc.wait))
    if isinstance(api_exc, exceptions.ValidationError):
        errors = field_errors(api_exc.detail)
        count = len(errors)
        detail = (
            errors[0]["detail"] if count == 1 else _("%(count)s uppgifter behöver rättas.") % {"count": count}
        )
        body = problem(api_exc.status_code, detail, errors=errors, instance=instance)
    else:
        detail = api_exc.detail if isinstance(api_exc.detail, str) else str(api_exc.detail)
        body = problem(api_exc.status_code, str(detail), instance=instance)
    set_rollback()
    return Response(body, status=api_exc.status_code, headers=headers, content_type=CONTENT_TYPE)


API_PREFIX = "/api/v1/"


def _json_problem(request: Any, status_code: int, detail: str) -> Any:
    body = problem(status_code, detail, instance=request.path)
    return JsonResponse(
        body, status=status_code, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )


def page_not_found(request: Any, exception: Exception) -> Any:
    """The project's 404: problem details for an address under the API (one no route matches),
    the usual page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return _json_problem(request, 404, _("Det finns inget här, eller så saknar du behörighet."))
    return defaults.page_not_found(request, exception)


def server_error(request: Any) -> Any:
    """The project's 500: problem details under the API (no page a program cannot read), the page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return _json_problem(request, 500, _("Ett oväntat fel inträffade. Felet är loggat."))
    return defaults.server_error(request)

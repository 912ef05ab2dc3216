"""The OpenAPI 3.1 description of the API (drf-spectacular) and a Swedish page that reads it.

Both are public: they describe shapes, not records, and an integrator reads them before they
have a token. The page is drawn on the server from the same schema, so it cannot drift from it,
and needs no script.
"""

from functools import lru_cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers

from stegvis.api import problems
from stegvis.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from stegvis.core.access import Rule, access_rule

METHODS = ("get", "post", "put", "patch", "delete")


class SchemaView(SpectacularAPIView):
    """``/api/v1/schema/``: YAML by default, JSON with ``?format=json`` or ``Accept: application/json``."""

    access_rule = Rule.PUBLIC
    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    throttle_classes: list[Any] = []


#: What each problem status means, in the schema of every operation that can answer with it
#: (declared by the operation with :func:`problem_responses`, or added by :func:`add_problem_responses`).
PROBLEM_DESCRIPTIONS = {
    400: "Uppgifterna kunde inte tas emot: errors namnger varje fält med ett svenskt meddelande.",
    401: "Nyckel saknas eller gäller inte.",
    403: "Rollen eller nyckeln ger inte behörighet (en läsnyckel får inte ändra).",
    404: "Finns inte, eller så saknar du behörighet.",
    409: "Någon annan sparade samtidigt; ingenting sparades.",
    412: "Versionen i If-Match (eller fältet version) är inte längre radens; ingenting sparades.",
    428: "Versionen saknas: skicka If-Match med ETag-värdet eller fältet version.",
    429: "För många anrop: vänta så många sekunder som Retry-After säger.",
}

#: The problems any operation can answer with, besides its own responses (problems.py).
ERROR_PROBLEMS = (400, 401, 403, 404, 429)
#: ... and those of any operation that changes something.
WRITE_PROBLEMS = (409, 412, 428)
#: A change of a versioned row: its input refused, or the version missing, stale or overtaken meanwhile.
CHANGE_PROBLEMS = (400, 401, 403, 404, 409, 412, 428, 429)

#: The one description of the problem-details body (the component ``Problem``).
PROBLEM_SCHEMA = {
    "type": "object",
    "description": "Problem details (RFC 9457).",
    "properties": {
        "type": {"type": "string", "description": "Vilket slags problem (urn:stegvis:problem:…)."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {
                        "type": ["string", "null"],
                        "description": "Fältet eller parametern; null för hela anropet.",
                    },
                    "detail": {"type": "string"},
                },
                "required": ["field", "detail"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

#: The version a change or removal is based on (or the body's ``version``); see preconditions.py.
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='ETag-värdet från läsningen, t.ex. "3". Utan det: fältet version i kroppen, annars 428.',
)


def problem_responses(*codes: int) -> dict[Any, Any]:
    """An operation's error statuses for ``extend_schema``, each an ``application/problem+json`` body."""
    return {
        (code, problems.CONTENT_TYPE): OpenApiResponse(PROBLEM_REF, description=PROBLEM_DESCRIPTIONS[code])
        for code in codes
    }


#: What the lists, single reads and new rows of the personal-data endpoints declare (a change: CHANGE_PROBLEMS).
READ_PROBLEMS = (400, 401, 403, 429)
RETRIEVE_PROBLEMS = (401, 403, 404, 429)
CREATE_PROBLEMS = (400, 401, 403, 404, 429)


def record_schema(
    serializer: type[serializers.Serializer],
    create_serializer: type[serializers.Serializer],
    update_serializer: type[serializers.Serializer],
    *,
    plural: str,
    one: str,
    whose: str,
    listed: str,
    create: tuple[str, str],
    update: tuple[str, str],
    **more: Any,
) -> Any:
    """The schema of a view set of versioned personal-data rows: an audited list and single read,
    a new row, and a change against the version the client read (``If-Match``).

    ``plural`` and ``one`` are the summaries of the list and the single read, ``listed`` what the
    list holds, ``whose`` the row whose version the ETag carries ("kontaktens"); ``create`` and
    ``update`` are ``(summary, description)``; ``more`` are further operations' ``extend_schema``.
    """
    create_summary, create_description = create
    update_summary, update_description = update
    return extend_schema_view(
        list=extend_schema(
            summary=plural,
            description=f"{listed} Läsningen loggas.",
            responses={200: serializer(many=True), **problem_responses(*READ_PROBLEMS)},
        ),
        retrieve=extend_schema(
            summary=one,
            description=f"ETag bär {whose} version. Läsningen loggas.",
            responses={200: serializer, **problem_responses(*RETRIEVE_PROBLEMS)},
        ),
        create=extend_schema(
            summary=create_summary,
            description=create_description,
            request=create_serializer,
            responses={201: serializer, **problem_responses(*CREATE_PROBLEMS)},
        ),
        partial_update=extend_schema(
            summary=update_summary,
            description=update_description,
            parameters=[IF_MATCH],
            request=update_serializer,
            responses={200: serializer, **problem_responses(*CHANGE_PROBLEMS)},
        ),
        **more,
    )


def add_problem_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular post-processing: every operation names the problems it can answer with.

    Public operations (the schema itself) answer with no problems of access.
    """
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    content = {problems.CONTENT_TYPE: {"schema": PROBLEM_REF}}
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS or path.endswith("/schema/"):
                continue
            codes = ERROR_PROBLEMS if method == "get" else ERROR_PROBLEMS + WRITE_PROBLEMS
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(
                    str(code), {"description": PROBLEM_DESCRIPTIONS[code], "content": content}
                )
    return result


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The schema as a dict (generated once per process: it changes only with the code)."""
    generated: dict[str, Any] = SchemaGenerator().get_schema(request=None, public=True)
    return generated


def operations() -> list[dict[str, Any]]:
    """Every operation of the schema, in path order, with what the page shows of it."""
    found = []
    for path, item in schema()["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "anchor": operation.get("operationId", f"{method}-{path}"),
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": "requestBody" in operation,
                    "responses": sorted(operation.get("responses", {})),
                }
            )
    return found


@access_rule(Rule.PUBLIC)
def docs(request: HttpRequest) -> HttpResponse:
    """``/api/v1/``: how to call the API, and every operation with its parameters."""
    return render(
        request,
        "api/docs.html",
        {
            "operations": operations(),
            "default_limit": DEFAULT_LIMIT,
            "max_limit": MAX_LIMIT,
            "problem_types": [
                problems.VALIDATION,
                problems.NOT_AUTHENTICATED,
                problems.FORBIDDEN,
                problems.NOT_FOUND,
                problems.CONFLICT,
                problems.PRECONDITION_FAILED,
                problems.PRECONDITION_REQUIRED,
                problems.RATE_LIMITED,
            ],
        },
    )

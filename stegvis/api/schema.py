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
from drf_spectacular.views import SpectacularAPIView

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


#: The errors any operation can answer with, besides its own responses (problems.py).
ERROR_RESPONSES = {
    "400": "Uppgifterna kunde inte tas emot (fälten står i errors).",
    "401": "Nyckel saknas eller gäller inte.",
    "403": "Rollen eller nyckeln ger inte tillgång.",
    "404": "Finns inte, eller så saknar du behörighet.",
    "429": "För många anrop: vänta så många sekunder som Retry-After säger.",
}
WRITE_ERROR_RESPONSES = {
    "409": "Någon annan sparade samtidigt; ingenting sparades.",
    "412": "Versionen i If-Match (eller version) är inte längre radens.",
    "428": "Versionen saknas: skicka If-Match eller version.",
}

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


def add_problem_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular post-processing: every operation names the problems it can answer with.

    Public operations (the schema itself) answer with no problems of access.
    """
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method not in METHODS or path.endswith("/schema/"):
                continue
            errors = dict(ERROR_RESPONSES)
            if method != "get":
                errors.update(WRITE_ERROR_RESPONSES)
            responses = operation.setdefault("responses", {})
            for status, description in errors.items():
                responses.setdefault(status, {"description": description, "content": problem})
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

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

"""Every operation of the OpenAPI schema, exercised by Schemathesis as an authorised user.

Schemathesis reads the schema the API serves and generates requests from it (valid ones and
edge cases: odd strings, big numbers, missing and extra parameters), sends them to the
application in-process, and checks each answer: never a server error, and never an answer the
schema does not describe (status, content type, headers, body). The user is an administrator,
who may call every operation, against the test world's records. Each operation is its own test,
so a failure names it; the examples per operation are few and derandomised, so the run is
repeatable and quick, and the fuzzing of forms in ``core/tests/test_fuzz_inputs.py`` does the
rest of the breadth.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.response import Response
from schemathesis.specs.openapi.checks import positive_data_acceptance

from stegvis.api import catalog
from stegvis.api.schema import METHODS, schema
from stegvis.api.tests.conftest import token_for

#: Schemathesis' own default checks, all but one: "a request the schema allows must succeed". The
#: schema states types and formats; the rules of the actions (a start date within the project's
#: period, a person one may see, an exit after the start) are not in it and cannot be, so such a
#: request is rightly a 400 with problem details, which the schema does declare.
NOT_CHECKED = [positive_data_acceptance]

SCHEMA_URL = "/api/v1/schema/?format=json"
EXAMPLES = 25

OPERATIONS = sorted(
    (method.upper(), path) for path, item in schema()["paths"].items() for method in item if method in METHODS
)


@pytest.fixture
def loaded(world):
    """The schema as the application serves it, with requests sent to the application in-process.

    A WSGI handler closes the database connection at the end of each request, which inside a
    test's transaction would drop the test's data (and, on PostgreSQL, break every later query):
    as Django's own test client does, the connection is left open while the test runs.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi(SCHEMA_URL, get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_the_schema_is_openapi_3_1_and_lists_the_operations():
    generated = schema()
    assert generated["openapi"].startswith("3.1")
    assert len(OPERATIONS) >= 10
    assert ("GET", "/api/v1/projects/{code}/report/") in OPERATIONS


def exercise(world, loaded, method, path):
    """Run Schemathesis' generated requests for one operation; raises on the first broken answer."""
    token = token_for(world.users["admin"])
    headers = {"Authorization": f"Bearer {token}"}
    operation = loaded[path][method]

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = case.call(headers=headers)
        case.validate_response(response, excluded_checks=NOT_CHECKED, headers=headers)

    run()


def failures(world, loaded, method, path):
    """The kinds of failure Schemathesis reports for one operation (it groups them)."""
    try:
        exercise(world, loaded, method, path)
    except BaseException as exc:  # noqa: BLE001 (a group of failures is what is looked at)
        return {type(e).__name__ for e in getattr(exc, "exceptions", (exc,))}
    return set()


@pytest.mark.parametrize("method,path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_answers_as_its_schema_says(world, loaded, method, path):
    exercise(world, loaded, method, path)


def test_an_answer_that_breaks_the_schema_is_caught(world, loaded, monkeypatch):
    """The harness itself: a referrer list whose labels are numbers is not what the schema says."""
    monkeypatch.setattr(
        catalog.ReferrerList, "get", lambda self, request: Response([{"code": "af", "label": 1}])
    )
    assert "JsonSchemaError" in failures(world, loaded, "GET", "/api/v1/referrers/")


def test_a_server_error_is_caught(world, loaded, monkeypatch):
    def broken(self, request):
        raise RuntimeError("broken")

    monkeypatch.setattr(catalog.ReferrerList, "get", broken)
    assert "ServerError" in failures(world, loaded, "GET", "/api/v1/referrers/")


def test_the_schema_generates_without_a_warning(tmp_path):
    """drf-spectacular's own validation, warnings as errors: two components of one name, an enum
    named twice or a view it cannot read would otherwise only show in a log."""
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.1")

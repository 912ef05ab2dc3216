"""The health check (the start page is the home app's, the login pages the accounts app's)."""

from django.http import HttpRequest, JsonResponse
from django.utils.cache import add_never_cache_headers

from stegvis.core import health as health_checks
from stegvis.core.access import Rule, access_rule


@access_rule(Rule.PUBLIC)
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when the database answers, 503 when not.

    The body says more (see :mod:`stegvis.core.health`): ``"status"`` is ``"ok"`` or
    ``"degraded"`` (a registered part such as the worker is not well), ``"database"``, and each part.
    """
    status, body = health_checks.report()
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    return response

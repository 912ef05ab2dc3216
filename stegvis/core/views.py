"""The health check and the refused-form page (the start page is the home app's, login the accounts app's)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
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


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form post refused by the CSRF check (``CSRF_FAILURE_VIEW``), explained in Swedish.

    It is almost always a page left open too long or a login in another tab, not an attack, so
    the page says how to go on. Django logs its English ``reason``; the page does not show it.
    """
    return render(request, "core/csrf_failure.html", status=403)

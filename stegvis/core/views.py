"""Login, the health check and the refused-form page (the start page is the home app's)."""

from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from stegvis.core.access import Rule, access_rule
from stegvis.core.forms import LoginForm


class LoginView(auth_views.LoginView):
    """Django's login with the Swedish form; a logged-in user is sent on to the start page."""

    form_class = LoginForm
    redirect_authenticated_user = True


@access_rule(Rule.PUBLIC)
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form post refused by the CSRF check (``CSRF_FAILURE_VIEW``), explained in Swedish.

    It is almost always a page left open too long or a login in another tab, not an attack, so
    the page says how to go on. Django logs its English ``reason``; the page does not show it.
    """
    return render(request, "core/csrf_failure.html", status=403)

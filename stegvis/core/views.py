"""Login, the start page and the health check."""

from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from stegvis.core.access import Rule, access_rule, scope_of
from stegvis.core.forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


@access_rule(Rule.PUBLIC)
def health(request):
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@access_rule(Rule.STAFF)
def home(request):
    """The start page: what the user's roles call for (caseload, project figures, admin links)."""
    from stegvis.core.dashboard import dashboard_context

    return render(request, "core/home.html", dashboard_context(request.user, scope_of(request.user), request))

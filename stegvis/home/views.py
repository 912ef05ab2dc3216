"""The start page."""

from django.shortcuts import render

from stegvis.core.access import Rule, access_rule, scope_of
from stegvis.home.dashboard import dashboard_context


@access_rule(Rule.STAFF)
def home(request):
    """What the user's roles call for: caseload, project figures, administration links."""
    return render(request, "home/home.html", dashboard_context(request.user, scope_of(request.user), request))

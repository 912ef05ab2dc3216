"""The administrators' pages for API tokens (``/api/nycklar/``): the list, a new token, revoking.

Browser pages with a login, unlike the API itself: only administrators (Rule.ADMIN) open them,
and the actions check the same again. A new token is shown once, on the answer to the form's POST
itself: it is never put in an address, a redirect or the session, and the page is not cached
(``Cache-Control: no-store``, as every page behind a login).
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_tables2 import RequestConfig

from stegvis.api import actions
from stegvis.api.forms import TokenCreateForm, TokenFilter
from stegvis.api.models import ApiToken
from stegvis.api.tables import TokenTable, state_badge
from stegvis.core.access import Rule, access_rule
from stegvis.core.errors import ActionError
from stegvis.core.views_helpers import apply_action_error

PER_PAGE = 50


@access_rule(Rule.ADMIN)
@vary_on_headers("HX-Request")
def token_list(request: HttpRequest) -> HttpResponse:
    """Every token (never the token itself): whose, what for, its limits, and whether it still works."""
    queryset = ApiToken.objects.select_related("user", "created_by").prefetch_related("projects")
    filterset = TokenFilter(request.GET or None, queryset=queryset)
    table = TokenTable(filterset.qs, order_by=("-created_at",))
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    context = {"filter": filterset, "table": table, "total": table.paginator.count}
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.target == "list-region":
        return render(request, "organizations/_list_region.html", context)
    return render(request, "api/token_list.html", context)


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
@sensitive_variables("token")
def token_create(request: HttpRequest) -> HttpResponse:
    """The form; after a valid POST the new token, on this answer and never again."""
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                api_token, token = actions.create_token(
                    request.user,
                    data["user"],
                    name=data["name"],
                    read_only=data["read_only"],
                    projects=data["projects"],
                    expires_in_days=data["expires"],
                )
        except ActionError as error:
            apply_action_error(form, error)
        else:
            return render(request, "api/token_created.html", {"api_token": api_token, "token": token})
    return render(request, "api/token_form.html", {"form": form})


@access_rule(Rule.ADMIN)
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first; the POST revokes the token at once (it is kept, marked revoked, for the record)."""
    api_token = get_object_or_404(
        ApiToken.objects.select_related("user", "created_by").prefetch_related("projects"), pk=pk
    )
    if request.method == "POST":
        try:
            with transaction.atomic():
                actions.revoke_token(request.user, api_token)
        except ActionError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Nyckeln %(name)s (%(prefix)s…) är återkallad och fungerar inte längre.")
                % {"name": api_token.name, "prefix": api_token.prefix},
            )
        return redirect("api:token-list")
    return render(request, "api/token_revoke.html", {"api_token": api_token, "state": state_badge(api_token)})

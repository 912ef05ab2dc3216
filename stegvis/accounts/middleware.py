"""Users who must log in with two factors and have not set it up reach only the set-up.

Right after such a user's login, every page sends them to set up an authenticator app; only the
pages needed for that (and logging out, and the public pages anyone may open) answer. The rule
of who must is :mod:`stegvis.accounts.policy`.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse

from stegvis.accounts.policy import has_two_factor, two_factor_required
from stegvis.core.access import Rule, rule_of

#: The pages a user who must set up two-factor login may still open (URL names).
SETUP_PAGES = frozenset(
    {
        "mfa_activate_totp",
        "account_reauthenticate",
        "logout",
        "account_logout",
    }
)


class TwoFactorRequiredMiddleware:
    """Send a user who must use two-factor login, and has none, to set it up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if not request.user.is_authenticated or rule_of(view_func) is Rule.PUBLIC:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in SETUP_PAGES:
            return None
        if not two_factor_required(request) or has_two_factor(request.user):
            return None
        url = reverse("mfa_activate_totp")
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)

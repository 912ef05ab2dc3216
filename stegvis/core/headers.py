"""Response headers that keep personal data out of caches, referrers and search engines.

Two pieces, one rule each:

- :class:`NoStoreMiddleware` marks every response of a page that needs a login (every access
  rule but ``Rule.PUBLIC``, see :mod:`stegvis.core.access`) ``Cache-Control: no-store``:
  participant pages, lists, searches, exports, the audit log, the intake queue. What decides is
  the rule the page declared, so a new page is covered the day it gets its rule. A request no
  view answered (an unknown address) is treated the same way: it fails closed. A public page
  (login, logout, password reset, the health check) gets ``no-store`` too unless it set its own
  ``Cache-Control``: it may carry a CSRF token or a reset key, and nothing is gained by caching it.
- :func:`private` is for the public pages that carry personal data anyway: one-time links
  (the token is in the address) and the public forms (what someone just typed). They call it
  themselves, because whether a public page is private is the page's own business.

Static files never reach the middleware (WhiteNoise answers them further out), so they stay
cacheable. The other security headers (Content-Security-Policy, ``nosniff``,
``Referrer-Policy``, ``X-Frame-Options``) come from settings; ``docs/security.md`` lists them.
"""

from collections.abc import Callable
from typing import TypeVar

from django.http import HttpRequest, HttpResponseBase

from stegvis.core.access import Rule, rule_of

Response = TypeVar("Response", bound=HttpResponseBase)

NO_STORE = "no-store"


def private(response: Response) -> Response:
    """Keep a public page out of caches, referrers and search engines.

    A one-time token in the address, or what someone just typed into a public form, must not be
    stored by a proxy, leaked to another site or indexed.
    """
    response["Cache-Control"] = NO_STORE
    response["Referrer-Policy"] = "same-origin"  # "no-referrer" would make form posts send Origin: null
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def is_public(request: HttpRequest) -> bool:
    """Whether the view that answered ``request`` declared ``Rule.PUBLIC`` (no view: not public)."""
    match = request.resolver_match
    return match is not None and rule_of(match.func) is Rule.PUBLIC


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on every response of a page that needs a login, and by default.

    Also on the login redirects and refusals of such pages (a refusal still tells that the page
    exists) and on every error page of an address no view answered. Overrides whatever the view
    set: a browser's back button or a shared proxy must never show a participant's page again.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not is_public(request) or not response.has_header("Cache-Control"):
            response["Cache-Control"] = NO_STORE
        return response

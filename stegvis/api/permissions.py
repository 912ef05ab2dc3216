"""Who may call an endpoint: the same page rules as the browser (:class:`stegvis.core.access.Rule`),
applied after the token is read, and the token's own limit to reading.

Rows are limited as everywhere else, by ``restrict`` in the views; this only decides whether the
endpoint opens at all.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from stegvis.api.models import ApiToken
from stegvis.core.access import Rule, rule_of


class FollowsRule(BasePermission):
    """The view's declared access rule (``access_rule``), for the token's user."""

    message = _("Din roll ger inte tillgång till den här delen av API:t.")

    def has_permission(self, request: Request, view: Any) -> bool:
        rule = getattr(view, "access_rule", None) or rule_of(view)
        if rule is None:
            return False  # fail closed: an endpoint that declares nothing opens for nobody
        if rule is Rule.PUBLIC:
            return True
        return bool(request.user and request.user.is_authenticated) and rule.allows(request.user)


class TokenMayWrite(BasePermission):
    """A read-only token (or an OAuth 2 token without the write scope) reads, and nothing else."""

    message = _("Nyckeln får bara läsa.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        auth = request.auth
        if isinstance(auth, ApiToken):
            return not auth.read_only
        scopes = getattr(auth, "scope", None)
        if isinstance(scopes, str):
            return "write" in scopes.split()
        return auth is not None

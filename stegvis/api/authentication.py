"""Who calls the API: a bearer token (``Authorization: Bearer stegvis_…``) is read here, once.

A valid token authenticates its user with the token's limits applied to the user's scope
(:func:`stegvis.core.access.narrow_scope`), so every access rule after it answers for the
narrowed rights. An unknown, revoked or expired token, or an inactive user, is refused with 401.

A bearer token that is not Stegvis' own (it does not start with ``stegvis_``) is left to the next
class, :class:`OAuthClientAuthentication`: an OAuth 2 access token from the client-credentials
grant, which acts as its application's user with that user's full rights. Either way a refusal
is a 401 problem-details answer.
"""

import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from oauth2_provider.models import AbstractAccessToken
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from stegvis.api import tokens
from stegvis.api.models import ApiToken
from stegvis.core.access import narrow_scope
from stegvis.core.client import client_address

KEYWORD = "Bearer"

#: How often "last used" is written: at most once a minute per token, not once per request.
LAST_USE_STEP = datetime.timedelta(minutes=1)


def _bearer(request: Request) -> str | None:
    """The token after ``Bearer`` in the Authorization header; ``None`` without one."""
    parts = get_authorization_header(request).split()
    if not parts or parts[0].lower() != KEYWORD.lower().encode():
        return None
    if len(parts) != 2:
        raise exceptions.AuthenticationFailed(_("Ange en nyckel efter Bearer, utan mellanslag."))
    try:
        return parts[1].decode()
    except UnicodeError:
        raise exceptions.AuthenticationFailed(_("Nyckeln innehåller ogiltiga tecken.")) from None


def _remember_address(user: Any, request: Request) -> None:
    # The audit log records where a read or change came from, as for the pages.
    user._stegvis_ip = client_address(request._request)


class TokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer stegvis_…``: the token's user, with the token's limits."""

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        token = _bearer(request)
        if token is None or not token.startswith(f"{tokens.SCHEME}_"):
            return None  # not ours: perhaps an OAuth 2 access token (the next class)
        return self.authenticate_token(request, token)

    def authenticate_token(self, request: Request, token: str) -> tuple[Any, ApiToken]:
        prefix = tokens.prefix_of(token)
        api_token = (
            ApiToken.objects.select_related("user").filter(prefix=prefix).first()
            if prefix is not None
            else None
        )
        if api_token is None or not tokens.matches(token, api_token.key_hash):
            raise exceptions.AuthenticationFailed(_("Nyckeln är okänd."))
        if api_token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("Nyckeln är återkallad."))
        if api_token.expired:
            raise exceptions.AuthenticationFailed(_("Nyckeln har gått ut."))
        user = api_token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("Användaren är inaktiverad."))
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USE_STEP:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
            api_token.last_used_at = now
        project_ids = set(api_token.projects.values_list("pk", flat=True))
        if project_ids:
            narrow_scope(user, project_ids)
        _remember_address(user, request)
        return user, api_token

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="api"'


class OAuthClientAuthentication(OAuth2Authentication):
    """An OAuth 2 access token (client credentials): the application's user, with their full rights.

    A client-credentials token has no user of its own; the application's ``user`` (set by the
    administrator who made it, ``stegvis api-client create``) is who calls. A token that limits
    the rights to some projects is an API token's feature, not OAuth's (docs/api.md). Tokens are
    read from the Authorization header only, never from the query string or the body.
    """

    def authenticate(self, request: Request) -> tuple[Any, AbstractAccessToken] | None:
        if _bearer(request) is None:
            return None
        found = super().authenticate(request)
        if found is None:
            raise exceptions.AuthenticationFailed(_("Nyckeln är okänd eller har gått ut."))
        user, access_token = found
        if user is None and access_token.application is not None:
            user = access_token.application.user
        if not isinstance(user, AbstractBaseUser):
            raise exceptions.AuthenticationFailed(_("Klienten har ingen användare."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("Användaren är inaktiverad."))
        _remember_address(user, request)
        return user, access_token

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="api"'

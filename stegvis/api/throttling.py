"""Rate limits per token: one client cannot crowd out the others or read the register at speed.

Counted in the shared cache (the database cache by default, so every web process counts
together). The rate is ``STEGVIS_API_RATE`` (DRF notation, e.g. ``1200/min``), read at each
request. An API token is counted by itself; OAuth 2 access tokens by their application, since a
client can ask for a new token whenever it likes and must not get a fresh allowance with it.
"""

from typing import Any

from django.conf import settings
from oauth2_provider.models import AbstractAccessToken
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from stegvis.api.models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    scope = "token"

    def get_rate(self) -> str:
        # DRF makes a throttle per request, so a changed setting counts from the next request.
        rate: str = settings.STEGVIS_API_RATE
        return rate

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        auth = request.auth
        if isinstance(auth, ApiToken):
            ident = f"token-{auth.pk}"
        elif isinstance(auth, AbstractAccessToken):
            ident = f"oauth-application-{auth.application_id}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

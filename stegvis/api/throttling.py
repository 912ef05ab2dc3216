"""Rate limits per token: one client cannot crowd out the others or read the register at speed.

Counted in the shared cache (the database cache by default, so every web process counts
together). The rate is ``STEGVIS_API_RATE`` (DRF notation, e.g. ``1200/min``).
"""

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from stegvis.api.models import ApiToken


class PerTokenThrottle(SimpleRateThrottle):
    scope = "token"

    def get_rate(self) -> str:
        rate: str = settings.STEGVIS_API_RATE
        return rate

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        auth = request.auth
        if isinstance(auth, ApiToken):
            ident = f"token-{auth.pk}"
        elif auth is not None and getattr(auth, "pk", None) is not None:
            ident = f"oauth-{type(auth).__name__}-{auth.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

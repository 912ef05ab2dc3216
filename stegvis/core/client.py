"""The client's address, the same for the audit log, the login lock-out and allauth's rate limits.

Behind a reverse proxy every request comes from the proxy, so one lock per address would lock
everyone out at once. ``STEGVIS_IP_META_KEY`` names the request header the proxy sets (e.g.
``HTTP_X_FORWARDED_FOR``); its last entry is the address the proxy itself saw, the only one a
client cannot forge (earlier entries come from the client). Without the setting the
connection's own address counts.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The address a request comes from, or ``None`` when it has none that parses."""
    meta_key = settings.STEGVIS_IP_META_KEY
    if meta_key and request.META.get(meta_key):
        forwarded = _valid(str(request.META[meta_key]).split(",")[-1])
        if forwarded:
            return forwarded
    return _valid(str(request.META.get("REMOTE_ADDR", "")))

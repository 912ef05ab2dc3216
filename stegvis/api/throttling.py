"""Rate limits per token: one client cannot crowd out the others or read the register at speed.

The rate is ``STEGVIS_API_RATE`` (DRF notation, e.g. ``1200/min``), read at each request. An API
token is counted by itself; OAuth 2 access tokens by their application, since a client can ask
for a new token whenever it likes and must not get a fresh allowance with it.

Requests are counted in fixed windows (a minute for ``/min``, starting on the minute) in the
database, so every web process counts together, by one upsert per request. DRF's own
``SimpleRateThrottle`` keeps a list of times in the cache: with the database cache (the only
shared cache a plain installation has) that is five queries a request, one of them a
``COUNT(*)`` of the whole cache table, which at a thousand requests a minute is the largest
fixed cost of a list. A fixed window lets a client make up to twice the rate across a window's
edge; for a limit meant to stop runaway clients that is an accepted trade.
"""

import math
import time
from typing import Any

from django.conf import settings
from django.core import checks
from django.db import connection
from oauth2_provider.models import AbstractAccessToken
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from stegvis.api.models import ApiToken, RequestCount

#: The units DRF's notation knows, by their first letter: ``s``, ``min``, ``h``, ``d`` (``/hour`` too).
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """``"1200/min"`` → ``(1200, 60)``: requests allowed and the window in seconds.

    Raises ``ValueError`` for anything else; :func:`check_rate` turns that into a start-up error.
    """
    number, _slash, unit = rate.strip().partition("/")
    if not number.strip().isdigit() or int(number) < 1 or unit.strip()[:1] not in UNIT_SECONDS:
        raise ValueError(rate)
    return int(number), UNIT_SECONDS[unit.strip()[0]]


def check_rate(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """``stegvis.E002``: ``STEGVIS_API_RATE`` is a rate, so a typo stops the start, not every request."""
    try:
        parse_rate(settings.STEGVIS_API_RATE)
    except ValueError:
        return [
            checks.Error(
                f"STEGVIS_API_RATE={settings.STEGVIS_API_RATE!r} is not a rate.",
                hint="Write requests per unit, such as 1200/min, 50000/h or 200000/d.",
                id="stegvis.E002",
            )
        ]
    return []


def counted(key: str, period: int, expires_at: int) -> int:
    """Count one request of ``key`` in window ``period``; the window's count, this one included.

    The first request of a window also deletes every window that has ended (of any client), so
    the table holds about one row per client that called in the last window.
    """
    table = connection.ops.quote_name(RequestCount._meta.db_table)
    key_col, period_col, expires_col, count_col = (
        connection.ops.quote_name(name) for name in ("key", "period", "expires_at", "count")
    )
    with connection.cursor() as cursor:
        # ON CONFLICT … RETURNING: PostgreSQL, and SQLite from 3.35.
        cursor.execute(
            f"INSERT INTO {table} ({key_col}, {period_col}, {expires_col}, {count_col}) "
            f"VALUES (%s, %s, %s, 1) ON CONFLICT ({key_col}, {period_col}) "
            f"DO UPDATE SET {count_col} = {table}.{count_col} + 1 RETURNING {count_col}",
            [key, period, expires_at],
        )
        count: int = cursor.fetchone()[0]
    if count == 1:
        RequestCount.objects.filter(expires_at__lte=int(time.time())).delete()
    return count


class PerTokenThrottle(BaseThrottle):
    """At most ``STEGVIS_API_RATE`` requests per client and window; over it DRF answers 429."""

    def __init__(self) -> None:
        self.seconds_left: float | None = None

    def client_key(self, request: Request) -> str:
        auth = request.auth
        if isinstance(auth, ApiToken):
            return f"token-{auth.pk}"
        if isinstance(auth, AbstractAccessToken):
            return f"oauth-application-{auth.application_id}"
        return f"address-{self.get_ident(request)}"

    def allow_request(self, request: Request, view: Any) -> bool:
        # DRF makes a throttle per request, so a changed setting counts from the next request.
        allowed, seconds = parse_rate(settings.STEGVIS_API_RATE)
        now = time.time()
        period = int(now // seconds)
        ends = (period + 1) * seconds
        # The window's length is part of the key: changing "/min" to "/h" starts a fresh count.
        count = counted(f"{self.client_key(request)}/{seconds}"[:200], period, ends)
        if count <= allowed:
            return True
        self.seconds_left = ends - now
        return False

    def wait(self) -> float | None:
        """Seconds until the window ends (``Retry-After``, rounded up by DRF)."""
        return None if self.seconds_left is None else max(1.0, math.ceil(self.seconds_left))

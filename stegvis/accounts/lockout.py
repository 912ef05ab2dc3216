"""The login lock-out: failed passwords counted three ways, each with its own limit.

django-axes counts failures per combination of parameters (``AXES_LOCKOUT_PARAMETERS``) but
compares them all with one limit. Stegvis counts, within the cool-off time:

- per user name and address: someone mistyping, or guessing one account from one place
  (``AXES_FAILURE_LIMIT``, 5);
- per user name from any address: guessing one account from many places
  (``STEGVIS_LOGIN_USERNAME_FAILURE_LIMIT``, 10);
- per address over all user names: password spraying, a few common passwords tried on many
  accounts (``STEGVIS_LOGIN_ADDRESS_FAILURE_LIMIT``, 20).

:class:`LockoutHandler` is axes' database handler with its count replaced: it answers axes'
limit as soon as any combination has reached its own limit. A successful login forgives only
the failures of that user name from that address, so logging in to one account now and then
does not reset the count of an address that sprays others.
"""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def username_of(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str | None:
    """The user name as the lock-out counts it: case and surrounding blanks do not matter.

    The login finds ``Anna`` and ``anna`` alike, so trying both must count as one user name.
    """
    if credentials is not None and "username" in credentials:
        raw = credentials.get("username")
    else:
        raw = request.POST.get("username") if request is not None else None
    if not raw:
        return None
    return str(raw).strip().casefold()


def limit_of(parameter: str | list[str]) -> int:
    """The limit of one combination of ``AXES_LOCKOUT_PARAMETERS``."""
    combination = {parameter} if isinstance(parameter, str) else set(parameter)
    if combination == {"ip_address"}:
        return int(settings.STEGVIS_LOGIN_ADDRESS_FAILURE_LIMIT)
    if combination == {"username"}:
        return int(settings.STEGVIS_LOGIN_USERNAME_FAILURE_LIMIT)
    return int(settings.AXES_FAILURE_LIMIT)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit per combination (see the module docstring)."""

    def failures_per_combination(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> list[tuple[str | list[str], int, int]]:
        """``(parameter, failures, limit)`` for each combination, within the cool-off time."""
        parameters = get_lockout_parameters(request, credentials)
        attempts = self.get_user_attempts(request, credentials)
        return [
            (
                parameter,
                queryset.aggregate(total=Sum("failures_since_start"))["total"] or 0,
                limit_of(parameter),
            )
            for parameter, queryset in zip(parameters, attempts, strict=True)
        ]

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """Axes' one limit once any combination reached its own limit, else the most failures below it.

        Axes locks when this number reaches ``AXES_FAILURE_LIMIT``; the number itself is only
        shown to nobody (``request.axes_failures_since_start``).
        """
        axes_limit = get_failure_limit(request, credentials)
        counted = self.failures_per_combination(request, credentials)
        if any(failures >= limit for _parameter, failures, limit in counted):
            return int(axes_limit)
        return min(max((failures for _parameter, failures, _limit in counted), default=0), axes_limit - 1)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """After a successful login, forget this user name's failures from this address only."""
        username = get_client_username(request, credentials)
        count, _deleted = AccessAttempt.objects.filter(
            username=username, ip_address=getattr(request, "axes_ip_address", None)
        ).delete()
        return int(count)

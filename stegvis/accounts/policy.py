"""Who must log in with two factors, and who has set it up.

Two rules, either is enough:

- ``STEGVIS_REQUIRE_2FA`` (on by default in production): every user whose roles see personal
  data (administrators, project leaders, coordinators). Evaluators see aggregates only.
- An organisation with ``require_two_factor``: every user whose role names the organisation
  (coordinators), or names no organisation but a project the organisation owns (project
  leaders, evaluators of the project). A partner organisation's coordinators in that project
  follow their own organisation's rule.

Neither rule applies to a session that logged in through the organisation's identity provider
(single sign-on) while ``STEGVIS_SSO_COUNTS_AS_2FA`` is on (the default): the provider decides
how its staff log in, and most ask for a second factor of their own.

The organisation rule costs a query, so it is read at login and kept in the session (pages
cost no query more); a change of the organisation's setting reaches its staff at their next
login. The role rule is read from the user's roles, which every page reads anyway.
"""

from typing import TYPE_CHECKING

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models import Q

from stegvis.core.access import scope_of
from stegvis.organizations.models import StaffRole

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User
    from django.http import HttpRequest

#: Session key: whether an organisation of the user requires two-factor login.
ORGANIZATION_REQUIRES = "stegvis_organization_requires_2fa"


def organization_requires(user: "User") -> bool:
    """Whether an organisation the user works for requires two factors (see the module docstring)."""
    return (
        StaffRole.objects.filter(user_id=user.pk)
        .filter(
            Q(organization__require_two_factor=True)
            | Q(organization__isnull=True, project__owner__require_two_factor=True)
        )
        .exists()
    )


def role_requires(user: "User | AnonymousUser") -> bool:
    """Whether the production rule applies: the setting is on and the user's roles see personal data."""
    return bool(settings.STEGVIS_REQUIRE_2FA) and scope_of(user).has_personal_data_access


def logged_in_through_provider(request: "HttpRequest") -> bool:
    """Whether this session's user logged in through an identity provider (allauth's records)."""
    records = get_authentication_records(request, request.user)
    return any(r.get("method") == "socialaccount" for r in records)


def two_factor_required(request: "HttpRequest") -> bool:
    """Whether the logged-in user of ``request`` must log in with two factors."""
    user = request.user
    if not user.is_authenticated:
        return False
    if settings.STEGVIS_SSO_COUNTS_AS_2FA and logged_in_through_provider(request):
        return False
    if role_requires(user):
        return True
    if ORGANIZATION_REQUIRES not in request.session:  # a session from before this rule existed
        remember(request, user)
    return bool(request.session[ORGANIZATION_REQUIRES])


def has_two_factor(user: "User") -> bool:
    """Whether the user has an authenticator app set up (recovery codes alone are no second factor)."""
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def remember(request: "HttpRequest", user: "User") -> None:
    """Keep the organisation rule of ``user`` in the session (at every login)."""
    request.session[ORGANIZATION_REQUIRES] = organization_requires(user)


def _on_login(
    sender: object, request: "HttpRequest | None" = None, user: "User | None" = None, **kwargs: object
) -> None:
    if request is not None and user is not None and hasattr(request, "session"):
        remember(request, user)


def connect() -> None:
    """Called from ``AccountsConfig.ready()``."""
    user_logged_in.connect(_on_login, dispatch_uid="stegvis-2fa-policy-login")

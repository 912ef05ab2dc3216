"""Single sign-on: which staff account an identity from the organisation's provider logs in to.

allauth runs the protocols (OpenID Connect, SAML 2.0); this adapter (``SOCIALACCOUNT_ADAPTER``)
decides what a successful login at the provider means in Stegvis:

- An identity already connected to a staff account logs in to that account.
- Otherwise the configured claim (``STEGVIS_OIDC_CLAIM``, ``STEGVIS_SAML_ATTRIBUTE``: an e-mail
  address, a user name, a NameID) is compared, without regard to letter case, with the
  configured field of the staff accounts (``email`` or ``username``). Exactly one account must
  have it; the identity is then connected to that account (the owner gets an e-mail) and the
  next login no longer depends on the claim.
- Nobody gets an account this way: an unknown person, an ambiguous claim, a missing claim and a
  deactivated account each get a Swedish page that says what to do (HTTP 403), and the attempt
  is written in the audit log.
- The roles that group mappings give are brought in line with the groups the provider sent
  (:func:`stegvis.accounts.actions.apply_group_roles`).

How the providers are configured: :mod:`stegvis.accounts.sso_settings`.
"""

import enum
from typing import TYPE_CHECKING, Any, NoReturn

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from stegvis.accounts import actions
from stegvis.accounts.sso_providers import SAML, provider_key
from stegvis.accounts.sso_settings import SAML_MATCH_EMAIL, SAML_MATCH_NAMEID
from stegvis.audit.log import AuditAction, record
from stegvis.core.client import client_address

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def stegvis_settings(provider: Any) -> dict[str, Any]:
    """Stegvis' part of a provider's settings (see :mod:`stegvis.accounts.sso_settings`)."""
    defaults = {"match": "email", "account_field": "email", "groups": ["groups"]}
    return {**defaults, **provider.app.settings.get("stegvis", {})}


def _as_strings(value: Any) -> list[str]:
    values = value if isinstance(value, (list, tuple)) else [value]
    return [str(v) for v in values if v is not None and str(v) != ""]


def claims_of(sociallogin: SocialLogin) -> dict[str, list[str]]:
    """The claims (OIDC: ID token and user info together) or attributes (SAML), each as a list."""
    data = sociallogin.account.extra_data or {}
    sources = (
        [data] if sociallogin.provider.id == SAML else [data.get("id_token", {}), data.get("userinfo", {})]
    )
    claims: dict[str, list[str]] = {}
    for source in sources:
        for name, value in source.items():
            values = claims.setdefault(name, [])
            values.extend(v for v in _as_strings(value) if v not in values)
    return claims


def match_value(sociallogin: SocialLogin) -> str:
    """The value of the configured claim, which names the staff account; empty when it is missing."""
    match = stegvis_settings(sociallogin.provider)["match"]
    if sociallogin.provider.id == SAML:
        if match == SAML_MATCH_EMAIL:
            emails = [sociallogin.user.email] if sociallogin.user and sociallogin.user.email else []
            emails += [address.email for address in sociallogin.email_addresses]
            return emails[0].strip() if emails else ""
        if match == SAML_MATCH_NAMEID:
            return str(sociallogin.account.uid).strip()
    values = claims_of(sociallogin).get(match, [])
    return values[0].strip() if values else ""


def groups_of(sociallogin: SocialLogin) -> set[str]:
    """The groups the provider sent, from every configured claim or attribute."""
    claims = claims_of(sociallogin)
    return {
        group for name in stegvis_settings(sociallogin.provider)["groups"] for group in claims.get(name, [])
    }


class Refusal(enum.Enum):
    UNKNOWN = "unknown"
    AMBIGUOUS = "ambiguous"
    NO_CLAIM = "no_claim"
    INACTIVE = "inactive"


def _refusal_detail(refusal: Refusal, provider_name: str, claim: str, value: str, ip: str | None) -> str:
    names = {"provider": provider_name, "claim": claim, "value": value, "ip": ip or "okänd"}
    texts = {
        Refusal.UNKNOWN: _(
            "Inloggning via %(provider)s nekad: inget konto har %(claim)s %(value)s (från adressen %(ip)s)."
        ),
        Refusal.AMBIGUOUS: _(
            "Inloggning via %(provider)s nekad: flera konton har %(claim)s %(value)s (från adressen %(ip)s)."
        ),
        Refusal.NO_CLAIM: _(
            "Inloggning via %(provider)s nekad: inloggningstjänsten skickade inget %(claim)s "
            "(från adressen %(ip)s)."
        ),
        Refusal.INACTIVE: _(
            "Inloggning via %(provider)s nekad: kontot är inaktiverat (från adressen %(ip)s)."
        ),
    }
    return texts[refusal] % names


def refuse(
    request: HttpRequest,
    sociallogin: SocialLogin,
    refusal: Refusal,
    *,
    value: str = "",
    account: "User | None" = None,
) -> NoReturn:
    """Answer with the Swedish page for ``refusal`` (HTTP 403) and write the attempt in the audit log."""
    provider = sociallogin.provider
    config = stegvis_settings(provider)
    claim = config["match"]
    ip = client_address(request)
    detail = _refusal_detail(refusal, provider.name, claim, value, ip)
    if account is not None:
        account._stegvis_ip = ip  # type: ignore[attr-defined]
        record(account, AuditAction.LOGIN, account, detail=detail)
    else:
        record(None, AuditAction.LOGIN, object_type="auth.user", detail=detail)
    context = {
        "refusal": refusal.value,
        "provider_name": provider.name,
        "claim": claim,
        "value": value,
        "account_field": config["account_field"],
    }
    raise ImmediateHttpResponse(render(request, "accounts/sso_refused.html", context, status=403))


def find_account(request: HttpRequest, sociallogin: SocialLogin) -> "User":
    """The one staff account the configured claim names, or a refusal."""
    value = match_value(sociallogin)
    if not value:
        refuse(request, sociallogin, Refusal.NO_CLAIM)
    field = stegvis_settings(sociallogin.provider)["account_field"]
    accounts = list(get_user_model().objects.filter(**{f"{field}__iexact": value})[:2])
    if not accounts:
        refuse(request, sociallogin, Refusal.UNKNOWN, value=value)
    if len(accounts) > 1:
        refuse(request, sociallogin, Refusal.AMBIGUOUS, value=value)
    return accounts[0]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """Log in to the connected or matched staff account, or refuse (see the module docstring)."""
        # Only logging in: connecting an identity to the account of whoever is logged in (allauth's
        # "connect" process) is not offered, the match decides.
        sociallogin.state["process"] = AuthProcess.LOGIN
        existing = sociallogin.is_existing
        account = sociallogin.user if existing else find_account(request, sociallogin)
        if not account.is_active:
            refuse(request, sociallogin, Refusal.INACTIVE, value=match_value(sociallogin), account=account)
        account._stegvis_ip = client_address(request)  # type: ignore[union-attr]
        if not existing:
            actions.connect_identity(account, account, sociallogin=sociallogin, request=request)
        actions.apply_group_roles(
            account, account, provider=provider_key(sociallogin.provider), groups=groups_of(sociallogin)
        )

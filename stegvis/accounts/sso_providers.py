"""The single sign-on providers this server has, named as group mappings and pages name them.

A provider's key is ``oidc:<id>`` or ``saml:<id>`` (the ids of ``STEGVIS_OIDC_ID`` and
``STEGVIS_SAML_ID``, see :mod:`stegvis.accounts.sso_settings`); group mappings store it.
"""

from dataclasses import dataclass
from typing import Any

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from django.http import HttpRequest

SAML = "saml"


@dataclass(frozen=True)
class ConfiguredProvider:
    """A provider staff can log in with, as the administration pages show it."""

    key: str
    name: str
    protocol: str
    app: SocialApp


def app_key(app: SocialApp) -> str:
    """``oidc:<id>`` or ``saml:<id>``."""
    if app.provider == SAML:
        return f"saml:{app.client_id}"
    return f"oidc:{app.provider_id}"


def provider_key(provider: Any) -> str:
    """The key of an allauth provider (``sociallogin.provider``)."""
    return app_key(provider.app)


def configured_providers(request: HttpRequest | None = None) -> list[ConfiguredProvider]:
    """The providers configured for this server, ordered by key."""
    providers = [
        ConfiguredProvider(
            key=app_key(app),
            name=app.name or app.client_id,
            protocol="SAML 2.0" if app.provider == SAML else "OpenID Connect",
            app=app,
        )
        for app in get_adapter().list_apps(request)
    ]
    return sorted(providers, key=lambda p: p.key)

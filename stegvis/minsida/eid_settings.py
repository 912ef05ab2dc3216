"""E-legitimation for Min sida, read from the environment (``STEGVIS_MINSIDA_OIDC_*``).

Participants log in with BankID or Freja eID through the organisation's OpenID Connect broker
(a municipality's e-legitimation service, or a commercial broker). The broker is configured
here, apart from the staff single sign-on (:mod:`stegvis.accounts.sso_settings`): it is not one
of allauth's ``SOCIALACCOUNT_PROVIDERS``, so it never appears on the staff login page and no
staff account can be reached through it. :mod:`stegvis.minsida.eid` runs the login with allauth's
OpenID Connect machinery and matches the personnummer claim to a participant.

``settings.py`` calls :func:`from_environment`; nothing is stored in the database, a change
takes a restart, and a missing value stops the start with a message that names the variable.
Each organisation decides whether its participants may use it (``Organization.minsida_eid``).

This module is imported by the settings, so it imports nothing from Django's apps.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from stegvis.accounts.sso_settings import origin

#: allauth's name for this provider (its state in the session is kept under it).
PROVIDER_ID = "minsida-eid"
#: The claim of the Swedish OIDC profile (oidc.se) that holds the personnummer.
DEFAULT_CLAIM = "https://id.oidc.se/claim/personalIdentityNumber"
DEFAULT_SCOPES = ["openid", "https://id.oidc.se/scope/naturalPersonNumber"]
DEFAULT_NAME = "BankID eller Freja eID"


@dataclass(frozen=True)
class EidSettings:
    server_url: str
    client_id: str
    secret: str
    name: str = DEFAULT_NAME
    claim: str = DEFAULT_CLAIM
    scopes: list[str] = field(default_factory=lambda: list(DEFAULT_SCOPES))
    #: When set, the broker is asked for one of these levels of assurance and the ID token's
    #: ``acr`` must be one of them (e.g. ``http://id.elegnamnden.se/loa/1.0/loa3``).
    acr_values: list[str] = field(default_factory=list)

    @property
    def form_action(self) -> str:
        """The broker's origin: the login button's redirect goes there (the CSP's ``form-action``)."""
        return origin(self.server_url)

    def app_settings(self) -> dict[str, Any]:
        """The ``settings`` of the allauth app this broker is run as."""
        settings: dict[str, Any] = {
            "server_url": self.server_url,
            "scope": list(self.scopes),
            "oauth_pkce_enabled": True,
            # The claims come from the ID token (verified) and the user info, as for staff.
            "fetch_userinfo": True,
        }
        if self.acr_values:
            settings["auth_params"] = {"acr_values": " ".join(self.acr_values)}
        return settings


def _value(environ: Mapping[str, str], name: str) -> str:
    """``name``'s value, or the contents of the file that ``name_FILE`` names."""
    value = environ.get(name, "").strip()
    path = environ.get(f"{name}_FILE", "").strip()
    if value and path:
        raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
    if not path:
        return value
    try:
        return Path(path).read_text().strip()
    except OSError as error:
        raise ImproperlyConfigured(f"{name}_FILE: cannot read {path}: {error}") from None


def from_environment(environ: Mapping[str, str]) -> EidSettings | None:
    """The broker the variables configure, or ``None`` when ``STEGVIS_MINSIDA_OIDC_SERVER_URL`` is unset."""
    server_url = _value(environ, "STEGVIS_MINSIDA_OIDC_SERVER_URL").rstrip("/")
    if not server_url:
        return None
    origin(server_url)  # refuses what is not an http(s) address
    client_id = _value(environ, "STEGVIS_MINSIDA_OIDC_CLIENT_ID")
    if not client_id:
        raise ImproperlyConfigured(
            "STEGVIS_MINSIDA_OIDC_CLIENT_ID must be set when STEGVIS_MINSIDA_OIDC_SERVER_URL is."
        )
    scopes = _value(environ, "STEGVIS_MINSIDA_OIDC_SCOPES").replace(",", " ").split()
    acr = _value(environ, "STEGVIS_MINSIDA_OIDC_ACR").replace(",", " ").split()
    return EidSettings(
        server_url=server_url,
        client_id=client_id,
        secret=_value(environ, "STEGVIS_MINSIDA_OIDC_CLIENT_SECRET"),
        claim=_value(environ, "STEGVIS_MINSIDA_OIDC_CLAIM") or DEFAULT_CLAIM,
        scopes=scopes or list(DEFAULT_SCOPES),
        acr_values=acr,
    )

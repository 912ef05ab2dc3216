"""The single sign-on providers, read from the environment (``docs/login.md``, "Single sign-on").

Staff log in through their organisation's identity provider with OpenID Connect
(``STEGVIS_OIDC_*``: Microsoft Entra ID, Keycloak and others) or SAML 2.0 (``STEGVIS_SAML_*``:
ADFS, Shibboleth, Entra ID and the federations of Swedish municipalities). One provider of each
protocol can be configured. ``settings.py`` turns the variables into allauth's
``SOCIALACCOUNT_PROVIDERS`` with :func:`from_environment`; nothing is kept in the database, so
what the server's environment says is what applies, and a change takes a restart.

Besides allauth's own keys, each provider's ``settings`` carry Stegvis' under ``"stegvis"``:
which claim or attribute names the staff account (``match``), which field of the account it is
compared with (``account_field``), and where the identity provider's groups are (``groups``).
:mod:`stegvis.accounts.sso` reads them at each login.

The login buttons post to Stegvis, which answers with a redirect to the identity provider. A
browser checks that redirect against the Content-Security-Policy's ``form-action``, so the
providers' origins are collected here too (:attr:`SsoSettings.form_action`).

Values that are long or secret (the client secret, certificates, keys, metadata) can be given
either in the variable itself or as ``<NAME>_FILE``, the path of a file holding the value.

This module is imported by the settings, so it imports nothing from Django's apps.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

#: The part of the providers' addresses that names them (``/logga-in/oidc/kommun/`` ...).
DEFAULT_ID = "kommun"
#: What the login button says after "Logga in med".
DEFAULT_NAME = "ditt organisationskonto"

#: Which field of a staff account the claim is compared with.
ACCOUNT_FIELDS = ("email", "username")

#: SAML attributes allauth reads a person's e-mail address and names from (the OID names most
#: identity providers send, and the claim types of ADFS and Entra ID).
SAML_EMAIL_ATTRIBUTES = [
    "urn:oid:0.9.2342.19200300.100.1.3",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    "mail",
    "email",
]
SAML_ATTRIBUTE_MAPPING = {
    "email": SAML_EMAIL_ATTRIBUTES,
    "first_name": [
        "urn:oid:2.5.4.42",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
        "givenName",
    ],
    "last_name": [
        "urn:oid:2.5.4.4",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        "sn",
    ],
}
#: Where SAML identity providers commonly send group memberships: isMemberOf (federations),
#: the group claims of Entra ID and of ADFS.
SAML_GROUP_ATTRIBUTES = [
    "urn:oid:1.3.6.1.4.1.5923.1.5.1.1",
    "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups",
    "http://schemas.xmlsoap.org/claims/Group",
]
#: Special values of ``STEGVIS_SAML_ATTRIBUTE``: the e-mail address (from the attributes above, or
#: a NameID of the e-mail format) and the NameID itself.
SAML_MATCH_EMAIL = "email"
SAML_MATCH_NAMEID = "nameid"


@dataclass
class SsoSettings:
    """What :func:`from_environment` read: allauth's provider settings and the CSP origins."""

    providers: dict[str, Any] = field(default_factory=dict)
    #: Origins the login buttons' redirects lead to (for the CSP's ``form-action``).
    form_action: list[str] = field(default_factory=list)


class _Environment:
    def __init__(self, environ: Mapping[str, str]) -> None:
        self.environ = environ

    def get(self, name: str, default: str = "") -> str:
        """``name``'s value, or the contents of the file ``name_FILE`` names."""
        value = self.environ.get(name, "").strip()
        path = self.environ.get(f"{name}_FILE", "").strip()
        if value and path:
            raise ImproperlyConfigured(f"Set {name} or {name}_FILE, not both.")
        if path:
            try:
                return Path(path).read_text().strip()
            except OSError as error:
                raise ImproperlyConfigured(f"{name}_FILE: cannot read {path}: {error}") from None
        return value or default

    def required(self, name: str, because: str) -> str:
        value = self.get(name)
        if not value:
            raise ImproperlyConfigured(f"{name} must be set when {because} is.")
        return value

    def words(self, name: str, default: list[str]) -> list[str]:
        """A list given with commas or spaces between the items."""
        value = self.get(name)
        return value.replace(",", " ").split() if value else list(default)

    def ident(self, name: str) -> str:
        value = self.get(name, DEFAULT_ID)
        if not value.replace("-", "").replace("_", "").isalnum() or not value.isascii():
            raise ImproperlyConfigured(f"{name} may contain only a-z, 0-9, - and _ (got {value!r}).")
        return value

    def account_field(self, name: str) -> str:
        value = self.get(name, "email")
        if value not in ACCOUNT_FIELDS:
            raise ImproperlyConfigured(f"{name} must be one of {', '.join(ACCOUNT_FIELDS)} (got {value!r}).")
        return value


def origin(url: str) -> str:
    """``scheme://host[:port]`` of ``url``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(f"Not an http(s) address: {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def _oidc(env: _Environment, result: SsoSettings) -> None:
    server_url = env.get("STEGVIS_OIDC_SERVER_URL")
    if not server_url:
        return
    because = "STEGVIS_OIDC_SERVER_URL"
    app = {
        "provider_id": env.ident("STEGVIS_OIDC_ID"),
        "name": env.get("STEGVIS_OIDC_NAME", DEFAULT_NAME),
        "client_id": env.required("STEGVIS_OIDC_CLIENT_ID", because),
        "secret": env.get("STEGVIS_OIDC_CLIENT_SECRET"),
        "settings": {
            "server_url": server_url.rstrip("/"),
            "scope": env.words("STEGVIS_OIDC_SCOPES", ["openid", "profile", "email"]),
            "oauth_pkce_enabled": True,
            "stegvis": {
                "match": env.get("STEGVIS_OIDC_CLAIM", "email"),
                "account_field": env.account_field("STEGVIS_OIDC_ACCOUNT_FIELD"),
                "groups": env.words("STEGVIS_OIDC_GROUPS_CLAIM", ["groups"]),
            },
        },
    }
    result.providers["openid_connect"] = {"APPS": [app]}
    result.form_action.append(origin(server_url))


def _saml_idp(env: _Environment) -> tuple[dict[str, Any], list[str]]:
    """The ``idp`` part of the SAML settings, and the origins of its login address."""
    metadata_url = env.get("STEGVIS_SAML_IDP_METADATA_URL")
    metadata = env.get("STEGVIS_SAML_IDP_METADATA")
    entity_id = env.get("STEGVIS_SAML_IDP_ENTITY_ID")
    if metadata_url:
        if not entity_id:
            raise ImproperlyConfigured(
                "STEGVIS_SAML_IDP_ENTITY_ID must be set with STEGVIS_SAML_IDP_METADATA_URL "
                "(the entityID in the identity provider's metadata)."
            )
        return {"metadata_url": metadata_url, "entity_id": entity_id}, [origin(metadata_url)]
    if metadata:
        from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

        try:
            parsed = OneLogin_Saml2_IdPMetadataParser.parse(metadata, entity_id=entity_id or None)["idp"]
        except Exception as error:  # the parser raises several kinds on bad XML
            raise ImproperlyConfigured(f"STEGVIS_SAML_IDP_METADATA cannot be read: {error}") from None
        if "singleSignOnService" not in parsed:
            raise ImproperlyConfigured(
                "STEGVIS_SAML_IDP_METADATA names no IdP with a single sign-on service."
            )
        certificates = parsed.get("x509certMulti", {}).get("signing") or [parsed.get("x509cert", "")]
        idp = {
            "entity_id": parsed["entityId"],
            "sso_url": parsed["singleSignOnService"]["url"],
            "x509cert": certificates[0],
        }
        if "singleLogoutService" in parsed:
            idp["slo_url"] = parsed["singleLogoutService"]["url"]
        return idp, [origin(idp["sso_url"])]
    because = "STEGVIS_SAML_IDP_SSO_URL"
    idp = {
        "entity_id": env.required("STEGVIS_SAML_IDP_ENTITY_ID", because),
        "sso_url": env.get("STEGVIS_SAML_IDP_SSO_URL"),
        "x509cert": env.required("STEGVIS_SAML_IDP_CERT", because),
    }
    if env.get("STEGVIS_SAML_IDP_SLO_URL"):
        idp["slo_url"] = env.get("STEGVIS_SAML_IDP_SLO_URL")
    return idp, [origin(idp["sso_url"])]


def _saml(env: _Environment, result: SsoSettings) -> None:
    if not any(
        env.get(name)
        for name in (
            "STEGVIS_SAML_IDP_METADATA_URL",
            "STEGVIS_SAML_IDP_METADATA",
            "STEGVIS_SAML_IDP_SSO_URL",
        )
    ):
        return
    idp, origins = _saml_idp(env)
    match = env.get("STEGVIS_SAML_ATTRIBUTE", SAML_MATCH_EMAIL)
    mapping: dict[str, list[str]] = dict(SAML_ATTRIBUTE_MAPPING)
    # The identity's id at the provider (what a connection to a staff account remembers) is the
    # value matched; with "nameid" it is the NameID (allauth's choice when no "uid" is mapped).
    if match == SAML_MATCH_EMAIL:
        mapping["uid"] = SAML_EMAIL_ATTRIBUTES
    elif match != SAML_MATCH_NAMEID:
        mapping["uid"] = [match]
    advanced: dict[str, Any] = {"strict": True, "reject_idp_initiated_sso": True}
    sp_cert, sp_key = env.get("STEGVIS_SAML_SP_CERT"), env.get("STEGVIS_SAML_SP_KEY")
    if bool(sp_cert) != bool(sp_key):
        raise ImproperlyConfigured(
            "STEGVIS_SAML_SP_CERT and STEGVIS_SAML_SP_KEY are set together or not at all."
        )
    if sp_cert:
        advanced.update(
            {
                "x509cert": sp_cert,
                "private_key": sp_key,
                "authn_request_signed": True,
                "logout_request_signed": True,
                "logout_response_signed": True,
            }
        )
    sp: dict[str, str] = {}
    if env.get("STEGVIS_SAML_SP_ENTITY_ID"):
        sp["entity_id"] = env.get("STEGVIS_SAML_SP_ENTITY_ID")
    app = {
        "client_id": env.ident("STEGVIS_SAML_ID"),
        "name": env.get("STEGVIS_SAML_NAME", DEFAULT_NAME),
        "settings": {
            "idp": idp,
            "sp": sp,
            "advanced": advanced,
            "attribute_mapping": mapping,
            "stegvis": {
                "match": match,
                "account_field": env.account_field("STEGVIS_SAML_ACCOUNT_FIELD"),
                "groups": env.words("STEGVIS_SAML_GROUPS_ATTRIBUTE", SAML_GROUP_ATTRIBUTES),
            },
        },
    }
    result.providers["saml"] = {"APPS": [app]}
    result.form_action.extend(origins)


def from_environment(environ: Mapping[str, str]) -> SsoSettings:
    """allauth's provider settings and the CSP origins for the providers ``environ`` configures."""
    env = _Environment(environ)
    result = SsoSettings()
    _oidc(env, result)
    _saml(env, result)
    result.form_action.extend(origin(url) for url in env.words("STEGVIS_SSO_FORM_ACTION", []))
    result.form_action = sorted(set(result.form_action))
    return result

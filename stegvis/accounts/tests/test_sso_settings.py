"""The providers read from the environment: what each variable turns into, and what is refused at start."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from stegvis.accounts.sso_settings import SAML_EMAIL_ATTRIBUTES, SAML_GROUP_ATTRIBUTES, from_environment
from stegvis.accounts.tests.sso_keys import make_key_pair

OIDC = {
    "STEGVIS_OIDC_SERVER_URL": "https://login.microsoftonline.com/0000-tenant/v2.0/",
    "STEGVIS_OIDC_CLIENT_ID": "a1b2",
    "STEGVIS_OIDC_CLIENT_SECRET": "hemligt",
}

IDP_METADATA = """<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://adfs.kommun.se/adfs/services/trust">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate>
    </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="https://adfs.kommun.se/adfs/ls/?slo"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="https://adfs.kommun.se/adfs/ls/"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""


def test_nothing_is_configured_without_the_variables():
    sso = from_environment({})
    assert sso.providers == {} and sso.form_action == []


def test_an_openid_connect_provider():
    sso = from_environment(
        {**OIDC, "STEGVIS_OIDC_NAME": "Kungsbacka kommun", "STEGVIS_OIDC_CLAIM": "preferred_username"}
    )
    (app,) = sso.providers["openid_connect"]["APPS"]
    assert app["provider_id"] == "kommun" and app["name"] == "Kungsbacka kommun"
    assert app["client_id"] == "a1b2" and app["secret"] == "hemligt"
    assert app["settings"]["server_url"] == "https://login.microsoftonline.com/0000-tenant/v2.0"
    assert app["settings"]["scope"] == ["openid", "profile", "email"]
    assert app["settings"]["oauth_pkce_enabled"] is True
    assert app["settings"]["stegvis"] == {
        "match": "preferred_username",
        "account_field": "email",
        "groups": ["groups"],
    }
    assert sso.form_action == ["https://login.microsoftonline.com"]


def test_secrets_can_come_from_files(tmp_path):
    (tmp_path / "secret").write_text("fran-fil\n")
    sso = from_environment(
        {
            **OIDC,
            "STEGVIS_OIDC_CLIENT_SECRET": "",
            "STEGVIS_OIDC_CLIENT_SECRET_FILE": str(tmp_path / "secret"),
        }
    )
    assert sso.providers["openid_connect"]["APPS"][0]["secret"] == "fran-fil"
    with pytest.raises(ImproperlyConfigured, match="not both"):
        from_environment({**OIDC, "STEGVIS_OIDC_CLIENT_SECRET_FILE": str(tmp_path / "secret")})
    with pytest.raises(ImproperlyConfigured, match="cannot read"):
        from_environment(
            {**OIDC, "STEGVIS_OIDC_CLIENT_SECRET": "", "STEGVIS_OIDC_CLIENT_SECRET_FILE": "/saknas"}
        )


@pytest.mark.parametrize(
    "change, message",
    [
        ({"STEGVIS_OIDC_CLIENT_ID": ""}, "STEGVIS_OIDC_CLIENT_ID must be set"),
        ({"STEGVIS_OIDC_ID": "kommun/x"}, "STEGVIS_OIDC_ID may contain only"),
        ({"STEGVIS_OIDC_ACCOUNT_FIELD": "personnummer"}, "must be one of email, username"),
        ({"STEGVIS_OIDC_SERVER_URL": "login.example.se"}, "Not an http"),
    ],
)
def test_mistakes_stop_the_start(change, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        from_environment({**OIDC, **change})


def test_a_saml_identity_provider_from_its_metadata_address():
    sso = from_environment(
        {
            "STEGVIS_SAML_IDP_METADATA_URL": "https://idp.kommun.se/metadata.xml",
            "STEGVIS_SAML_IDP_ENTITY_ID": "https://idp.kommun.se/idp",
            "STEGVIS_SSO_FORM_ACTION": "https://sso.kommun.se/inloggning",
        }
    )
    (app,) = sso.providers["saml"]["APPS"]
    assert app["client_id"] == "kommun" and app["name"] == "ditt organisationskonto"
    settings = app["settings"]
    assert settings["idp"] == {
        "metadata_url": "https://idp.kommun.se/metadata.xml",
        "entity_id": "https://idp.kommun.se/idp",
    }
    assert settings["advanced"] == {
        "strict": True,
        "reject_idp_initiated_sso": True,
    }  # no key: requests unsigned
    assert (
        settings["attribute_mapping"]["uid"] == SAML_EMAIL_ATTRIBUTES
    )  # the e-mail address names the account
    assert settings["stegvis"] == {
        "match": "email",
        "account_field": "email",
        "groups": SAML_GROUP_ATTRIBUTES,
    }
    assert sso.form_action == ["https://idp.kommun.se", "https://sso.kommun.se"]
    with pytest.raises(ImproperlyConfigured, match="STEGVIS_SAML_IDP_ENTITY_ID must be set"):
        from_environment({"STEGVIS_SAML_IDP_METADATA_URL": "https://idp.kommun.se/metadata.xml"})


def test_a_saml_identity_provider_from_a_metadata_file_with_a_key_of_stegvis_own(tmp_path):
    idp, sp = make_key_pair(tmp_path, "idp"), make_key_pair(tmp_path, "sp")
    (tmp_path / "idp.xml").write_text(IDP_METADATA.format(cert=idp.cert_body))
    sso = from_environment(
        {
            "STEGVIS_SAML_IDP_METADATA_FILE": str(tmp_path / "idp.xml"),
            "STEGVIS_SAML_ID": "kungsbacka",
            "STEGVIS_SAML_ATTRIBUTE": "urn:oid:1.3.6.1.4.1.5923.1.1.1.6",
            "STEGVIS_SAML_ACCOUNT_FIELD": "username",
            "STEGVIS_SAML_SP_CERT_FILE": str(sp.cert_file),
            "STEGVIS_SAML_SP_KEY_FILE": str(sp.key_file),
            "STEGVIS_SAML_SP_ENTITY_ID": "https://stegvis.kungsbacka.se/saml",
        }
    )
    settings = sso.providers["saml"]["APPS"][0]["settings"]
    assert settings["idp"] == {
        "entity_id": "https://adfs.kommun.se/adfs/services/trust",
        "sso_url": "https://adfs.kommun.se/adfs/ls/",
        "slo_url": "https://adfs.kommun.se/adfs/ls/?slo",
        "x509cert": idp.cert_body,
    }
    assert settings["sp"] == {"entity_id": "https://stegvis.kungsbacka.se/saml"}
    assert settings["advanced"]["authn_request_signed"] is True
    assert settings["advanced"]["private_key"] == sp.key_pem.strip()
    assert settings["attribute_mapping"]["uid"] == ["urn:oid:1.3.6.1.4.1.5923.1.1.1.6"]
    assert settings["stegvis"]["account_field"] == "username"
    assert sso.form_action == ["https://adfs.kommun.se"]


def test_a_saml_identity_provider_given_piece_by_piece():
    sso = from_environment(
        {
            "STEGVIS_SAML_IDP_SSO_URL": "https://idp.kommun.se/sso",
            "STEGVIS_SAML_IDP_ENTITY_ID": "https://idp.kommun.se/idp",
            "STEGVIS_SAML_IDP_CERT": "MIIC...",
            "STEGVIS_SAML_ATTRIBUTE": "nameid",
        }
    )
    settings = sso.providers["saml"]["APPS"][0]["settings"]
    assert settings["idp"]["sso_url"] == "https://idp.kommun.se/sso"
    assert "uid" not in settings["attribute_mapping"]  # the NameID
    with pytest.raises(ImproperlyConfigured, match="STEGVIS_SAML_IDP_CERT must be set"):
        from_environment(
            {"STEGVIS_SAML_IDP_SSO_URL": "https://idp.kommun.se/sso", "STEGVIS_SAML_IDP_ENTITY_ID": "x"}
        )
    with pytest.raises(ImproperlyConfigured, match="set together"):
        from_environment(
            {
                "STEGVIS_SAML_IDP_METADATA_URL": "https://idp.kommun.se/m",
                "STEGVIS_SAML_IDP_ENTITY_ID": "x",
                "STEGVIS_SAML_SP_CERT": "abc",
            }
        )

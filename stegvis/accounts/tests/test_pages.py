"""Every login page is Stegvis' own Swedish template, in the site's frame, without inline scripts.

allauth ships English templates of its own; a page that fell back to one of them would show
English text in another layout. The pages are opened as a user meets them, logged in for real.
"""

import os
import re
import time
from pathlib import Path

from django.urls import reverse

from stegvis.accounts.tests.test_two_factor import log_in, set_up_app
from stegvis.accounts.tests.totp import totp
from stegvis.testing import PASSWORD

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def own_templates_only(response):
    names = [t.origin.name for t in response.templates if t.origin and t.origin.name]
    foreign = [n for n in names if f"allauth{os.sep}templates" in n]
    assert not foreign, foreign
    assert "core/base.html" in [t.name for t in response.templates]


def pages_are_ours(client, *names):
    for name in names:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        own_templates_only(response)


def test_every_page_of_the_way_in_is_ours(client, world):
    pages_are_ours(
        client,
        "login",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key_done",
        "account_inactive",
    )
    failed = client.get(reverse("account_reset_password_from_key", args=["1", "x-y"]))
    own_templates_only(failed)


def test_every_page_of_ones_own_login_is_ours(client, world, django_capture_on_commit_callbacks):
    log_in(client, "leader")
    pages_are_ours(
        client,
        "mfa_index",
        "account_change_password",
        "account_reauthenticate",
        "logout",
        "mfa_activate_totp",
    )
    secret = set_up_app(client, django_capture_on_commit_callbacks)
    pages_are_ours(
        client,
        "mfa_index",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_deactivate_totp",
        "mfa_reauthenticate",
    )
    client.post(reverse("logout"))
    log_in(client, "leader")
    step = client.get(reverse("mfa_authenticate"))
    own_templates_only(step)
    client.post(reverse("mfa_authenticate"), {"code": totp(secret, time.time() + 30)})
    assert client.get(reverse("home")).status_code == 200


def test_no_inline_scripts_or_event_handlers():
    """The Content-Security-Policy allows no inline script: none in these templates."""
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        assert "<script" not in text, path
        assert not re.search(r"\son[a-z]+\s*=", text), path


def test_the_login_page_keeps_its_field_names_and_the_next_page(client, world):
    page = client.get(reverse("login") + "?next=/deltagare/").content.decode()
    assert 'name="username"' in page and 'name="password"' in page and 'autocomplete="username"' in page
    assert 'name="next" value="/deltagare/"' in page
    response = client.post(
        reverse("login") + "?next=/deltagare/",
        {"username": "coord_kba", "password": PASSWORD, "next": "/deltagare/"},
    )
    assert response["Location"] == "/deltagare/"


#: allauth's templates of the single sign-on pages and e-mails a staff member can meet.
SSO_TEMPLATES = [
    "account/signup_closed.html",
    "socialaccount/login.html",
    "socialaccount/authentication_error.html",
    "socialaccount/login_cancelled.html",
    "socialaccount/email/account_connected_subject.txt",
    "socialaccount/email/account_connected_message.txt",
]


def test_every_page_of_single_sign_on_is_ours(client, world, settings):
    from django.template.loader import get_template

    from stegvis.accounts.tests.sso_testing import use_providers

    use_providers(
        settings,
        {
            "STEGVIS_OIDC_SERVER_URL": "https://login.example.se/realms/kommun",
            "STEGVIS_OIDC_CLIENT_ID": "stegvis",
            "STEGVIS_OIDC_NAME": "Kommunens Keycloak",
            "STEGVIS_SAML_IDP_SSO_URL": "https://adfs.example.se/adfs/ls/",
            "STEGVIS_SAML_IDP_ENTITY_ID": "https://adfs.example.se/adfs/services/trust",
            "STEGVIS_SAML_IDP_CERT": "MIIC",
            "STEGVIS_SAML_NAME": "Kommunens ADFS",
        },
    )
    for name in SSO_TEMPLATES:
        assert str(TEMPLATES) in get_template(name).origin.name, name
    login = client.get(reverse("login"))
    own_templates_only(login)
    text = login.content.decode()
    assert "Logga in med Kommunens Keycloak" in text and "Logga in med Kommunens ADFS" in text
    for url in [
        reverse("openid_connect_login", kwargs={"provider_id": "kommun"}),
        reverse("saml_login", kwargs={"organization_slug": "kommun"}),
    ]:
        page = client.get(url)  # opened without pressing the button: one press more
        assert page.status_code == 200, url
        own_templates_only(page)
        assert "Fortsätt" in page.content.decode()
    pages_are_ours(client, "socialaccount_login_cancelled")
    error = client.get(reverse("socialaccount_login_error"))
    assert error.status_code == 401
    own_templates_only(error)
    log_in(client, "admin")
    pages_are_ours(client, "accounts:sso_admin")


def test_a_provider_out_of_reach_gets_a_page_of_ours(client, world, settings):
    from stegvis.accounts.tests.sso_testing import use_providers

    nobody = "http://127.0.0.1:9"  # the discard port: nothing answers
    use_providers(
        settings,
        {
            "STEGVIS_OIDC_SERVER_URL": nobody + "/realms/kommun",
            "STEGVIS_OIDC_CLIENT_ID": "stegvis",
            "STEGVIS_SAML_IDP_METADATA_URL": nobody + "/metadata",
            "STEGVIS_SAML_IDP_ENTITY_ID": nobody + "/metadata",
        },
    )
    client.get(reverse("login"))
    for url in [
        reverse("openid_connect_login", kwargs={"provider_id": "kommun"}),
        reverse("saml_login", kwargs={"organization_slug": "kommun"}),
    ]:
        page = client.post(
            url, HTTP_HOST="testserver"
        )  # SAML reads the Host header, as every browser sends it
        assert page.status_code == 502, url
        own_templates_only(page)
        assert "Stegvis kunde inte nå inloggningstjänsten" in page.content.decode()

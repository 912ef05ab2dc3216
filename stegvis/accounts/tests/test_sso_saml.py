"""Single sign-on with SAML 2.0, end to end against a real identity provider.

The identity provider is pysaml2's ``Server`` in a process of its own (:mod:`.saml_idp`),
signing with the ``xmlsec1`` program (these tests are skipped, loudly, where it is missing).
Stegvis is the service provider, running as the live server and configured from
``STEGVIS_SAML_*`` variables as a server would be: the IdP's metadata from its address, and a
key and certificate of its own (made at test start, like the IdP's) to sign its requests. The
IdP reads Stegvis' published metadata, and refuses a request whose signature does not verify
against the certificate in it; Stegvis accepts only an assertion signed by the IdP's key.
"""

import base64
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model

from stegvis.accounts.models import GroupRoleMapping, MappedRole
from stegvis.accounts.tests.sso_client import Client
from stegvis.accounts.tests.sso_keys import make_key_pair
from stegvis.accounts.tests.sso_testing import log_in, log_out, started_provider, use_providers
from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.organizations.actions import grant_role
from stegvis.organizations.models import Role, StaffRole

pytestmark = pytest.mark.xmlsec1

NAME = "Testkommunens SAML-inloggning"
BUTTON = f"Logga in med {NAME}"
METADATA = "/logga-in/saml/kommun/metadata/"


@pytest.fixture(scope="module")
def sp_keys(tmp_path_factory):
    return make_key_pair(tmp_path_factory.mktemp("saml-sp"), "stegvis-sp")


@pytest.fixture(scope="module")
def idp(live_server, tmp_path_factory):
    config = {"sp_metadata_url": live_server.url + METADATA}
    directory = tmp_path_factory.mktemp("saml-idp")
    module = "stegvis.accounts.tests.saml_idp"
    with started_provider(directory, module, config, button=BUTTON, login_button="Logga in hos IdP:n") as idp:
        yield idp


@pytest.fixture
def saml(settings, idp, sp_keys, world_tx):
    use_providers(
        settings,
        {
            "STEGVIS_SAML_IDP_METADATA_URL": idp.url + "/metadata",
            "STEGVIS_SAML_IDP_ENTITY_ID": idp.url + "/metadata",
            "STEGVIS_SAML_NAME": NAME,
            "STEGVIS_SAML_SP_CERT_FILE": str(sp_keys.cert_file),
            "STEGVIS_SAML_SP_KEY_FILE": str(sp_keys.key_file),
        },
    )
    get_user_model().objects.filter(username="coord_kba").update(email="karin.berg@kungsbacka.se")
    idp.people(
        karin={"email": "Karin.Berg@kungsbacka.se"},
        okand={"email": "okand@kungsbacka.se"},
    )
    return idp


def test_stegvis_publishes_its_service_provider_metadata(saml, live_server, sp_keys):
    response = requests.get(live_server.url + METADATA, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/xml")
    text = response.text
    assert f'entityID="{live_server.url}{METADATA}"' in text
    assert f'Location="{live_server.url}/logga-in/saml/kommun/acs/"' in text
    assert sp_keys.cert_body in text.replace("\n", "")
    assert 'AuthnRequestsSigned="true"' in text


def test_a_staff_member_logs_in_through_the_identity_provider(saml, live_server, world_tx):
    client, page = log_in(live_server.url, saml, "karin")
    assert page.status == 200, page.text[:2000]
    assert page.url == live_server.url + "/"
    karin = world_tx.users["coord_kba"]
    assert client.get(live_server.url + "/konto/").status == 200
    identity = karin.socialaccount_set.get()
    assert identity.provider == "saml"
    assert identity.uid == "Karin.Berg@kungsbacka.se"  # the attribute matched is what is remembered
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN, object_id=str(karin.pk)).exists()
    # The IdP's own session holds: logging in again takes no password there.
    log_out(live_server.url, client)
    _client, page = log_in(live_server.url, saml, "karin", client)
    assert page.url == live_server.url + "/"
    assert karin.socialaccount_set.count() == 1


def test_the_request_is_signed_and_a_tampered_response_refused(saml, live_server, world_tx, caplog):
    client = Client()
    login = client.get(live_server.url + "/logga-in/")
    redirect = client.session.post(
        live_server.url + "/logga-in/saml/kommun/",
        data={"csrfmiddlewaretoken": client.session.cookies["csrftoken"]},
        allow_redirects=False,
    )
    assert login.status == 200 and redirect.status_code == 302
    query = parse_qs(urlsplit(redirect.headers["Location"]).query)
    assert query["SigAlg"] == ["http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"] and query["Signature"]
    request_xml = zlib.decompress(base64.b64decode(query["SAMLRequest"][0]), -15).decode()
    assert f"{live_server.url}/logga-in/saml/kommun/acs/" in request_xml
    # A signature that does not verify: the IdP refuses the request.
    forged = redirect.headers["Location"].replace("Signature=", "Signature=AAAA", 1)
    assert client.session.get(forged, timeout=10).status_code == 400
    # The IdP's answer, with the person swapped after it was signed: Stegvis refuses it.
    page = client.get(redirect.headers["Location"])
    page = client.press(page, saml.login_button, username="okand", password="losenord-hos-idp")
    form = page.form(field="SAMLResponse")
    response_xml = base64.b64decode(form.fields["SAMLResponse"]).decode()
    assert "okand@kungsbacka.se" in response_xml
    forged_xml = response_xml.replace("okand@kungsbacka.se", "karin.berg@kungsbacka.se")
    page = client.submit(page, form, SAMLResponse=base64.b64encode(forged_xml.encode()).decode())
    assert page.status == 401
    assert "Inloggningen misslyckades" in page.text
    assert "Signature validation failed" in caplog.text
    assert client.get(live_server.url + "/konto/").url.startswith(live_server.url + "/logga-in/")
    assert not world_tx.users["coord_kba"].socialaccount_set.exists()


def test_an_unknown_person_is_refused_and_the_attempt_logged(saml, live_server, world_tx):
    users = get_user_model().objects.count()
    _client, page = log_in(live_server.url, saml, "okand")
    assert page.status == 403
    assert "Det finns inget Stegvis-konto för okand@kungsbacka.se, kontakta administratören." in page.text
    assert get_user_model().objects.count() == users
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert entry.user is None and "okand@kungsbacka.se" in entry.detail


def test_a_deactivated_account_is_refused(saml, live_server, world_tx):
    get_user_model().objects.filter(username="coord_kba").update(is_active=False)
    _client, page = log_in(live_server.url, saml, "karin")
    assert page.status == 403
    assert "Ditt konto i Stegvis är inaktiverat" in page.text


def test_groups_give_roles_and_take_back_only_their_own(saml, live_server, world_tx):
    user = world_tx.users["norole"]
    get_user_model().objects.filter(pk=user.pk).update(email="nils@kungsbacka.se")
    kungsbacka, helhetslyftet = world_tx.orgs["kungsbacka"], world_tx.projects["helhetslyftet"]
    GroupRoleMapping.objects.create(
        organization=kungsbacka,
        provider="saml:kommun",
        group="cn=stegvis-pl,ou=grupper",
        role=Role.PROJECT_LEADER,
        project=helhetslyftet,
    )
    GroupRoleMapping.objects.create(
        organization=kungsbacka,
        provider="saml:kommun",
        group="cn=stegvis-hl,ou=grupper",
        role=Role.COORDINATOR,
    )
    grant_role(None, user, role=Role.COORDINATOR, organization=kungsbacka)  # by an administrator
    saml.people(
        nils={
            "email": "nils@kungsbacka.se",
            "groups": ["cn=stegvis-pl,ou=grupper", "cn=stegvis-hl,ou=grupper"],
        }
    )

    client, page = log_in(live_server.url, saml, "nils")
    assert page.url == live_server.url + "/"
    roles = {(r.role, r.organization_id, r.project_id) for r in StaffRole.objects.filter(user=user)}
    assert roles == {(Role.PROJECT_LEADER, None, helhetslyftet.pk), (Role.COORDINATOR, kungsbacka.pk, None)}
    assert [m.staff_role.role for m in MappedRole.objects.all()] == [Role.PROJECT_LEADER]

    saml.people(nils={"email": "nils@kungsbacka.se", "groups": []})
    log_out(live_server.url, client)
    _client, page = log_in(live_server.url, saml, "nils", client)
    assert page.url == live_server.url + "/"
    roles = {(r.role, r.organization_id, r.project_id) for r in StaffRole.objects.filter(user=user)}
    assert roles == {(Role.COORDINATOR, kungsbacka.pk, None)}


def test_the_login_counts_as_two_factor_login(saml, live_server, settings):
    settings.STEGVIS_REQUIRE_2FA = True
    client, page = log_in(live_server.url, saml, "karin")
    assert page.url == live_server.url + "/"
    assert client.get(live_server.url + "/deltagare/").status == 200


@pytest.mark.browser
def test_a_browser_logs_in_through_the_identity_provider(saml, page):
    """In Chromium: the button's redirect passes ``form-action``; the IdP's cross-site post reaches the login."""
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security" in message.text else None,
    )
    page.goto(page.base_url + "/logga-in/")
    page.get_by_role("button", name=BUTTON, exact=True).click()
    page.wait_for_url(saml.url + "/sso**")
    page.get_by_label("Användarnamn").fill("karin")
    page.get_by_label("Lösenord").fill("losenord-hos-idp")
    page.get_by_role("button", name=saml.login_button).click()
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/konto/")
    assert page.url == page.base_url + "/konto/"
    assert not violations

"""E-legitimation: the broker's settings, matching the personnummer claim, and a real login.

The end-to-end tests run a real OpenID Provider in a process of its own (django-oauth-toolkit,
the same test provider as the staff single sign-on: ``stegvis/accounts/tests/oidc_provider``),
with the personnummer as an extra claim of its people; a real HTTP client goes from Min sida's
button through the provider's login form back to Min sida.
"""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from stegvis.accounts.tests.sso_client import Client
from stegvis.accounts.tests.sso_testing import PASSWORD, started_provider
from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.minsida import eid, eid_settings
from stegvis.minsida.eid_settings import DEFAULT_CLAIM, from_environment
from stegvis.minsida.tests.helpers import HOME, end_annas_enrolment
from stegvis.organizations.models import Organization
from stegvis.participants.actions import enroll_participant

ANNA = "198501010204"
CIA = "197002020209"  # protected identity: Stegvis keeps no number for her
CALLBACK = "/min-sida/e-legitimation/klar/"
SECRET = "klienthemlighet-for-min-sida"
PROVIDER_LOGIN = "Logga in hos testkommunen"


# --- Settings ------------------------------------------------------------------------------------


def test_no_broker_without_a_server_url():
    assert from_environment({}) is None


def test_the_variables_configure_the_broker(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("hemligt\n")
    eid = from_environment(
        {
            "STEGVIS_MINSIDA_OIDC_SERVER_URL": "https://eid.kommun.se/oidc/",
            "STEGVIS_MINSIDA_OIDC_CLIENT_ID": "stegvis",
            "STEGVIS_MINSIDA_OIDC_CLIENT_SECRET_FILE": str(secret),
            "STEGVIS_MINSIDA_OIDC_CLAIM": "ssn",
            "STEGVIS_MINSIDA_OIDC_SCOPES": "openid, ssn",
            "STEGVIS_MINSIDA_OIDC_ACR": "http://id.elegnamnden.se/loa/1.0/loa3",
        }
    )
    assert eid.server_url == "https://eid.kommun.se/oidc"
    assert eid.secret == "hemligt" and eid.claim == "ssn" and eid.scopes == ["openid", "ssn"]
    assert eid.form_action == "https://eid.kommun.se"
    assert eid.app_settings()["auth_params"] == {"acr_values": "http://id.elegnamnden.se/loa/1.0/loa3"}
    assert eid.app_settings()["oauth_pkce_enabled"] is True
    default = from_environment(
        {"STEGVIS_MINSIDA_OIDC_SERVER_URL": "https://e.se", "STEGVIS_MINSIDA_OIDC_CLIENT_ID": "x"}
    )
    assert default.claim == DEFAULT_CLAIM and "auth_params" not in default.app_settings()


@pytest.mark.parametrize(
    "environ",
    [
        {"STEGVIS_MINSIDA_OIDC_SERVER_URL": "https://eid.kommun.se"},  # no client id
        {"STEGVIS_MINSIDA_OIDC_SERVER_URL": "eid.kommun.se", "STEGVIS_MINSIDA_OIDC_CLIENT_ID": "x"},
        {
            "STEGVIS_MINSIDA_OIDC_SERVER_URL": "https://eid.kommun.se",
            "STEGVIS_MINSIDA_OIDC_CLIENT_ID": "x",
            "STEGVIS_MINSIDA_OIDC_CLIENT_SECRET": "a",
            "STEGVIS_MINSIDA_OIDC_CLIENT_SECRET_FILE": "/nowhere",
        },
    ],
)
def test_a_mistake_stops_the_start(environ):
    with pytest.raises(ImproperlyConfigured):
        from_environment(environ)


# --- Matching ------------------------------------------------------------------------------------


@pytest.fixture
def kungsbacka_uses_eid(world):
    Organization.objects.filter(code="kungsbacka").update(minsida_eid=True)
    return world


def claims(number, name=DEFAULT_CLAIM):
    return {name: [number], "sub": ["abc"]}


def test_the_personnummer_names_one_participant_and_their_enrolments(kungsbacka_uses_eid):
    world = kungsbacka_uses_eid
    for written in (ANNA, "19850101-0204", "850101-0204"):
        person, enrollments = eid.match(claims(written), DEFAULT_CLAIM)
        assert person == world.persons["anna"] and enrollments == [world.enrollments["anna"].pk]


@pytest.mark.parametrize(
    "found,reason",
    [
        ({}, eid.NO_CLAIM),
        (claims("inte ett nummer"), eid.NOT_A_NUMBER),
        ({DEFAULT_CLAIM: [ANNA, "199001011239"]}, eid.NOT_A_NUMBER),
        (claims("199001011239"), eid.NOT_FOUND),
        (claims(CIA), eid.NOT_FOUND),  # a protected identity is never matched
    ],
)
def test_refusals(kungsbacka_uses_eid, found, reason):
    with pytest.raises(eid.Refused) as refused:
        eid.match(found, DEFAULT_CLAIM)
    assert refused.value.reason == reason


def test_only_ongoing_enrolments_of_organisations_that_use_it(world):
    with pytest.raises(eid.Refused) as refused:
        eid.match(claims(ANNA), DEFAULT_CLAIM)  # Kungsbacka has not turned it on
    assert refused.value.reason == eid.NO_ENROLLMENT and refused.value.person == world.persons["anna"]
    Organization.objects.filter(code__in=["kungsbacka", "molndal"]).update(minsida_eid=True)
    end_annas_enrolment(world)
    later = enroll_participant(
        None,
        world.persons["anna"],
        project=world.projects["helhetslyftet"],
        organization=world.orgs["molndal"],
        start_date=datetime.date(2024, 3, 1),
        referrer="af",
    )
    _person, enrollments = eid.match(claims(ANNA), DEFAULT_CLAIM)
    assert enrollments == [later.pk]


def test_an_anonymised_person_is_not_matched(kungsbacka_uses_eid):
    world = kungsbacka_uses_eid
    type(world.persons["anna"]).objects.filter(pk=world.persons["anna"].pk).update(
        anonymised_at=timezone.now()
    )
    with pytest.raises(eid.Refused):
        eid.match(claims(ANNA), DEFAULT_CLAIM)


# --- Against a real OpenID Provider --------------------------------------------------------------


@pytest.fixture(scope="module")
def broker(live_server, tmp_path_factory):
    config = {
        "database": str(tmp_path_factory.mktemp("eid-db") / "op.sqlite3"),
        "client_id": "stegvis-min-sida",
        "client_secret": SECRET,
        "redirect_uris": [live_server.url + CALLBACK],
    }
    directory = tmp_path_factory.mktemp("eid-provider")
    module = "stegvis.accounts.tests.oidc_provider"
    with started_provider(directory, module, config, button="", login_button=PROVIDER_LOGIN) as provider:
        yield provider


@pytest.fixture
def eid_on(settings, broker, world_tx):
    settings.MINSIDA_OIDC = from_environment(
        {
            "STEGVIS_MINSIDA_OIDC_SERVER_URL": broker.url + "/o",
            "STEGVIS_MINSIDA_OIDC_CLIENT_ID": "stegvis-min-sida",
            "STEGVIS_MINSIDA_OIDC_CLIENT_SECRET": SECRET,
            "STEGVIS_MINSIDA_OIDC_SCOPES": "openid",  # the test provider knows no oidc.se scopes
        }
    )
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    Organization.objects.filter(code__in=["kungsbacka", "vaxjo"]).update(minsida_eid=True)
    broker.people(
        anna={"claims": {DEFAULT_CLAIM: ANNA}},
        cia={"claims": {DEFAULT_CLAIM: CIA}},
        okand={"claims": {DEFAULT_CLAIM: "199001011239"}},
        utan={"claims": {}},
    )
    return broker


def log_in(base_url, broker, username):
    client = Client()
    page = client.get(base_url + HOME)
    page = client.press(page, "Logga in med e-legitimation")
    assert page.url.startswith(broker.url), page.url
    page = client.press(page, PROVIDER_LOGIN, username=username, password=PASSWORD)
    return client, page


def test_a_participant_logs_in_with_e_legitimation(eid_on, live_server, world_tx):
    client, page = log_in(live_server.url, eid_on, "anna")
    assert page.status == 200, page.text[:2000]
    assert page.url == live_server.url + HOME
    assert "Hej Anna!" in page.text and "Jobb" not in page.url
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN, object_type="participants.person")
    assert entry.user is None and entry.person == world_tx.persons["anna"]
    assert "e-legitimation" in entry.detail and ANNA not in entry.detail
    # The session is Min sida's: logging out ends it.
    page = client.press(page, "Logga ut")
    assert "Du är utloggad." in page.text
    assert "Hej Anna!" not in client.get(live_server.url + HOME).text


@pytest.mark.parametrize("username", ["okand", "cia", "utan"])
def test_nobody_else_gets_a_page(eid_on, live_server, world_tx, username):
    client, page = log_in(live_server.url, eid_on, username)
    assert page.status == 403
    assert "Vi hittar ingen Min sida för dig" in page.text
    assert "Hej" not in client.get(live_server.url + HOME).text
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert entry.user is None and "nekad" in entry.detail
    for number in ("199001011239", CIA, "19700202"):
        assert number not in entry.detail and number not in str(entry.changes)


def test_a_callback_without_a_login_started_here_is_refused(eid_on, live_server, world_tx):
    page = Client().get(live_server.url + CALLBACK + "?state=gissat&code=gissat")
    assert page.status == 403
    assert "Det gick inte att logga in" in page.text


def test_the_button_is_only_there_where_an_organisation_uses_it(eid_on, live_server, world_tx, settings):
    assert "Logga in med e-legitimation" in Client().get(live_server.url + HOME).text
    Organization.objects.update(minsida_eid=False)
    assert "Logga in med e-legitimation" not in Client().get(live_server.url + HOME).text


def test_without_a_broker_the_pages_do_not_exist(world, client, settings):
    settings.MINSIDA_OIDC = None
    assert client.post(reverse("minsida:eid_start")).status_code == 404
    assert client.get(reverse("minsida:eid_callback")).status_code == 404
    assert eid_settings.PROVIDER_ID == "minsida-eid"


# --- The organisation's setting ------------------------------------------------------------------


def test_an_administrator_turns_it_on_for_an_organisation(world, login_as):
    from stegvis.core.errors import NotAllowed
    from stegvis.organizations import actions
    from stegvis.organizations.actions import token_of

    org = world.orgs["kungsbacka"]
    client = login_as(world.users["admin"])
    url = reverse("organizations:organization_edit", args=[org.code])
    assert 'name="minsida_eid"' in client.get(url).content.decode()
    form = {"code": org.code, "name": org.name, "kind": org.kind, "token": token_of(org), "minsida_eid": "on"}
    assert client.post(url, form).status_code == 302
    org.refresh_from_db()
    assert org.minsida_eid
    entry = AuditEntry.objects.filter(object_type="organizations.organization", object_id=str(org.pk)).latest(
        "pk"
    )
    assert entry.changes == {"minsida_eid": [False, True]}
    with pytest.raises(NotAllowed):
        actions.set_minsida_eid(world.users["coord_kba"], org, enabled=False)

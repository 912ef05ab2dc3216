"""Single sign-on with OpenID Connect, end to end against a real OpenID Provider.

The provider is django-oauth-toolkit in a process of its own (:mod:`.oidc_provider`): a login
form, PKCE, RS256 ID tokens signed with a key made at test start. Stegvis is the relying party,
running as the live server with the provider configured from ``STEGVIS_OIDC_*`` variables as a
server would be. A real HTTP client session goes the whole way: Stegvis' login button, the
provider's login form, back to Stegvis' redirect URI, the code exchanged for tokens between the
two servers, logged in. One test does the same in Chromium, where the Content-Security-Policy's
``form-action`` decides whether the button may lead to the provider at all.
"""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from stegvis.accounts.models import GroupRoleMapping, MappedRole
from stegvis.accounts.tests.sso_testing import (
    PASSWORD,
    log_in,
    log_out,
    started_provider,
    use_providers,
)
from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.organizations.actions import grant_role
from stegvis.organizations.models import Role, StaffRole

NAME = "Testkommunens inloggning"
BUTTON = f"Logga in med {NAME}"
PROVIDER_LOGIN = "Logga in hos testkommunen"
CALLBACK = "/logga-in/oidc/kommun/klar/"
SECRET = "klienthemlighet-for-testerna"


@pytest.fixture(scope="module")
def provider(live_server, tmp_path_factory):
    config = {
        "database": str(tmp_path_factory.mktemp("oidc-db") / "op.sqlite3"),
        "client_id": "stegvis",
        "client_secret": SECRET,
        "redirect_uris": [live_server.url + CALLBACK],
    }
    directory = tmp_path_factory.mktemp("oidc-provider")
    module = "stegvis.accounts.tests.oidc_provider"
    with started_provider(directory, module, config, button=BUTTON, login_button=PROVIDER_LOGIN) as provider:
        yield provider


@pytest.fixture
def oidc(settings, provider, world_tx):
    use_providers(
        settings,
        {
            "STEGVIS_OIDC_SERVER_URL": provider.url + "/o",
            "STEGVIS_OIDC_CLIENT_ID": "stegvis",
            "STEGVIS_OIDC_CLIENT_SECRET": SECRET,
            "STEGVIS_OIDC_NAME": NAME,
        },
    )
    get_user_model().objects.filter(username="coord_kba").update(email="Karin.Berg@kungsbacka.se")
    provider.people(
        karin={"email": "karin.berg@kungsbacka.se", "name": "Karin Berg"},
        okand={"email": "okand@kungsbacka.se", "name": "Okänd Person"},
    )
    return provider


def test_a_staff_member_logs_in_through_the_provider(oidc, live_server, world_tx):
    client, page = log_in(live_server.url, oidc, "karin")
    assert page.status == 200, page.text[:2000]
    assert page.url == live_server.url + "/"
    karin = world_tx.users["coord_kba"]
    assert client.get(live_server.url + "/konto/").status == 200  # a logged-in page
    # Matched by e-mail (letter case aside), connected, announced and audited.
    identity = karin.socialaccount_set.get()
    assert identity.provider == "kommun"
    assert [to.lower() for to in mail.outbox[-1].to] == ["karin.berg@kungsbacka.se"]
    assert mail.outbox[-1].subject == "Stegvis: Ditt konto har kopplats till en inloggningstjänst"
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN, object_id=str(karin.pk))
    assert entry.user == karin and NAME in entry.detail
    # Next time the connection decides, even after the address in Stegvis changed.
    get_user_model().objects.filter(pk=karin.pk).update(email="karin@annan.se")
    log_out(live_server.url, client)
    _client, page = log_in(live_server.url, oidc, "karin", client)
    assert page.url == live_server.url + "/"
    assert karin.socialaccount_set.count() == 1
    assert get_user_model().objects.count() == len(world_tx.users)


def test_an_unknown_person_is_refused_and_the_attempt_logged(oidc, live_server, world_tx):
    users = get_user_model().objects.count()
    client, page = log_in(live_server.url, oidc, "okand")
    assert page.status == 403
    assert "Det finns inget Stegvis-konto för okand@kungsbacka.se, kontakta administratören." in page.text
    assert client.get(live_server.url + "/konto/").url.startswith(live_server.url + "/logga-in/")
    assert get_user_model().objects.count() == users  # nobody signs up
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert entry.user is None
    assert "okand@kungsbacka.se" in entry.detail and "127.0.0.1" in entry.detail


def test_a_deactivated_account_is_refused(oidc, live_server, world_tx):
    get_user_model().objects.filter(username="coord_kba").update(is_active=False)
    _client, page = log_in(live_server.url, oidc, "karin")
    assert page.status == 403
    assert "Ditt konto i Stegvis är inaktiverat" in page.text
    assert AuditEntry.objects.filter(
        action=AuditAction.LOGIN, object_id=str(world_tx.users["coord_kba"].pk)
    ).exists()


def test_groups_give_roles_and_take_back_only_their_own(oidc, live_server, world_tx):
    user = world_tx.users["norole"]
    get_user_model().objects.filter(pk=user.pk).update(email="nils@kungsbacka.se")
    kungsbacka, helhetslyftet = world_tx.orgs["kungsbacka"], world_tx.projects["helhetslyftet"]
    for group, role, project in [
        ("stegvis-handlaggare", Role.COORDINATOR, helhetslyftet),
        ("stegvis-utvarderare", Role.EVALUATOR, helhetslyftet),
    ]:
        GroupRoleMapping.objects.create(
            organization=kungsbacka, provider="oidc:kommun", group=group, role=role, project=project
        )
    # An administrator gave the evaluator role by hand: a group that gives it too must not take it.
    grant_role(None, user, role=Role.EVALUATOR, project=helhetslyftet)
    oidc.people(
        nils={
            "email": "nils@kungsbacka.se",
            "groups": ["stegvis-handlaggare", "stegvis-utvarderare", "annat"],
        }
    )

    client, page = log_in(live_server.url, oidc, "nils")
    assert page.url == live_server.url + "/"
    roles = {(r.role, r.organization_id, r.project_id) for r in StaffRole.objects.filter(user=user)}
    assert roles == {
        (Role.COORDINATOR, kungsbacka.pk, helhetslyftet.pk),
        (Role.EVALUATOR, None, helhetslyftet.pk),
    }
    assert MappedRole.objects.get().staff_role.role == Role.COORDINATOR
    assert client.get(live_server.url + "/deltagare/").status == 200  # the coordinator's list

    # Out of both groups at the provider: the next login takes away what the group gave, only that.
    oidc.people(nils={"email": "nils@kungsbacka.se", "groups": ["annat"]})
    log_out(live_server.url, client)
    _client, page = log_in(live_server.url, oidc, "nils", client)
    assert page.url == live_server.url + "/"
    assert [(r.role, r.project_id) for r in StaffRole.objects.filter(user=user)] == [
        (Role.EVALUATOR, helhetslyftet.pk)
    ]
    assert not MappedRole.objects.exists()
    entries = AuditEntry.objects.filter(
        object_type="auth.user", object_id=str(user.pk), changes__has_key="roles_from_groups"
    )
    assert entries.count() == 2


@pytest.mark.parametrize("counts_as_2fa", [True, False])
def test_the_providers_login_counts_as_two_factor_login(oidc, live_server, settings, counts_as_2fa):
    settings.STEGVIS_REQUIRE_2FA = True  # the production rule: a coordinator must use two factors
    settings.STEGVIS_SSO_COUNTS_AS_2FA = counts_as_2fa
    client, page = log_in(live_server.url, oidc, "karin")
    if counts_as_2fa:
        assert page.url == live_server.url + "/"
        assert client.get(live_server.url + "/deltagare/").status == 200
    else:
        assert page.url == live_server.url + "/konto/tvafaktor/app/"


@pytest.mark.browser
@pytest.mark.parametrize("provider_in_form_action", [True, False])
def test_the_button_leads_to_the_provider_in_a_browser(oidc, page, settings, provider_in_form_action):
    """Chromium checks the button's redirect against ``form-action``: Stegvis lists the provider there."""
    if not provider_in_form_action:
        policy = settings.CONTENT_SECURITY_POLICY
        policy["DIRECTIVES"]["form-action"] = ["'self'"]
        settings.CONTENT_SECURITY_POLICY = policy
    violations = []
    page.on(
        "console", lambda message: violations.append(message.text) if "form-action" in message.text else None
    )
    page.goto(page.base_url + "/logga-in/")
    page.get_by_role("button", name=BUTTON, exact=True).click()
    if not provider_in_form_action:
        page.wait_for_timeout(1500)
        assert not page.url.startswith(oidc.url)
        assert violations, "Chromium should have refused the redirect to the provider"
        return
    page.wait_for_url(oidc.url + "/login/**")
    page.get_by_label("Användarnamn").fill("karin")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name=PROVIDER_LOGIN).click()
    page.wait_for_url(page.base_url + "/")
    assert not violations
    page.goto(page.base_url + "/konto/")
    assert page.url == page.base_url + "/konto/"  # logged in: not sent to the login

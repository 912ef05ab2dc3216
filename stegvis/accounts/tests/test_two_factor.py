"""Two-factor login: setting it up, logging in with it, recovery codes, and who must use it.

Logins go through the real pages (allauth's forms and its two-factor step); codes are computed
as the phone does (:mod:`stegvis.accounts.tests.totp`).
"""

import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from stegvis.accounts.tests.totp import secret_on, totp
from stegvis.audit.models import AuditEntry
from stegvis.core.tests.roles import ROLES
from stegvis.organizations import actions as org_actions
from stegvis.testing import PASSWORD

LOGGED_IN_ROLES = [role for role in ROLES if role != "anonymous"]
PERSONAL_DATA_ROLES = {"admin", "leader", "coord_kba", "coord_mdl", "coord_spik"}


def log_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def set_up_app(client, django_capture_on_commit_callbacks):
    """Open the set-up page, read the secret, send the app's code; returns the secret."""
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    secret = secret_on(page.content.decode())
    assert "<svg" in page.content.decode()  # the QR code, inline (no data: address, no script)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": totp(secret)})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_view_recovery_codes")
    return secret


def audit_details(user):
    return list(
        AuditEntry.objects.filter(object_type="auth.user", object_id=str(user.pk))
        .order_by("pk")
        .values_list("detail", flat=True)
    )


@pytest.fixture
def required(settings):
    settings.STEGVIS_REQUIRE_2FA = True


def test_set_up_then_log_in_with_the_apps_code(client, world, django_capture_on_commit_callbacks):
    coord = world.users["coord_kba"]
    assert log_in(client, "coord_kba").status_code == 302
    secret = set_up_app(client, django_capture_on_commit_callbacks)
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert codes_page.count("<li><code>") == 10
    assert audit_details(coord) == ["Tvåfaktorsinloggning påslagen (autentiseringsapp)."]
    client.post(reverse("logout"))

    # The password alone no longer logs in: the second step asks for the code.
    response = log_in(client, "coord_kba")
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302
    step = client.get(reverse("mfa_authenticate"))
    assert "Skriv koden från appen" in step.content.decode()
    wrong = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if totp(secret) != "000000" else "111111"}
    )
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    assert "Felaktig kod" in wrong.content.decode()
    # The code used to set the app up cannot be used again; the next one can.
    response = client.post(reverse("mfa_authenticate"), {"code": totp(secret, time.time() + 30)})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(coord.pk)
    assert client.get(reverse("home")).status_code == 200


def test_a_recovery_code_logs_in_once_and_is_audited(client, world, django_capture_on_commit_callbacks):
    leader = world.users["leader"]
    log_in(client, "leader")
    set_up_app(client, django_capture_on_commit_callbacks)
    code = Authenticator.objects.get(user=leader, type="recovery_codes").wrap().get_unused_codes()[0]
    client.post(reverse("logout"))

    log_in(client, "leader")
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(leader.pk)
    entry = AuditEntry.objects.filter(object_id=str(leader.pk), detail="Inloggning med reservkod.").get()
    assert entry.user == leader and entry.changes == {"recovery_codes_unused": [10, 9]}
    assert entry.ip_address == "127.0.0.1"
    client.post(reverse("logout"))

    log_in(client, "leader")
    again = client.post(reverse("mfa_authenticate"), {"code": code})
    assert again.status_code == 200 and "_auth_user_id" not in client.session


def test_wrong_codes_are_limited(client, world, django_capture_on_commit_callbacks):
    log_in(client, "admin")
    secret = set_up_app(client, django_capture_on_commit_callbacks)
    client.post(reverse("logout"))
    log_in(client, "admin")
    wrong = "000000" if totp(secret) != "000000" else "111111"
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": wrong})
    response = client.post(reverse("mfa_authenticate"), {"code": totp(secret, time.time() + 30)})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "För många felaktiga koder" in response.content.decode()


# --- Who must ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", LOGGED_IN_ROLES)
def test_in_production_every_role_that_sees_personal_data_must_set_it_up(client, world, required, role):
    response = log_in(client, role)
    assert response.status_code == 302
    home = client.get(reverse("home"))
    if role in PERSONAL_DATA_ROLES:
        assert home.status_code == 302 and home["Location"] == reverse("mfa_activate_totp")
        # Nothing else either: a list of people, the projects, their own account pages.
        for name in ("participants:list", "reports:project_list", "mfa_index", "account_change_password"):
            response = client.get(reverse(name))
            assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp"), name
        setup = client.get(reverse("mfa_activate_totp"))
        assert setup.status_code == 200
        assert "Ditt konto måste använda tvåfaktorsinloggning" in setup.content.decode()
    else:
        # Evaluators see aggregates only; an account without a role sees nothing anyway.
        assert home.status_code == {"evaluator": 200, "norole": 403}[role]
        assert client.get(reverse("mfa_index")).status_code == 200


@pytest.mark.parametrize("role", sorted(PERSONAL_DATA_ROLES))
def test_after_setting_it_up_every_page_opens_again(
    client, world, required, role, django_capture_on_commit_callbacks
):
    log_in(client, role)
    set_up_app(client, django_capture_on_commit_callbacks)
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_an_htmx_request_is_sent_to_the_set_up_page(client, world, required):
    log_in(client, "coord_kba")
    response = client.get(reverse("participants:list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("mfa_activate_totp")


def test_logging_out_and_public_pages_stay_open(client, world, required):
    log_in(client, "coord_kba")
    assert client.get(reverse("health")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_without_the_setting_nobody_must(client, world):
    log_in(client, "coord_kba")
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize(
    "role,must",
    [
        ("coord_kba", True),  # a coordinator of Kungsbacka
        ("leader", True),  # leads Helhetslyftet, which Kungsbacka owns
        ("evaluator", True),  # evaluates Helhetslyftet: the organisation's rule covers every role
        ("coord_mdl", False),  # Mölndal's coordinator in the project: Mölndal has not asked for it
        ("coord_spik", False),
        ("admin", False),  # administrators of the whole system belong to no organisation
        ("norole", False),
    ],
)
def test_an_organisation_can_require_it_of_its_staff(client, world, role, must):
    org_actions.set_two_factor_requirement(world.users["admin"], world.orgs["kungsbacka"], required=True)
    log_in(client, role)
    response = client.get(reverse("mfa_index"))
    if must:
        assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")
    else:
        assert response.status_code == 200


def test_the_organisations_rule_reaches_logged_in_staff_at_their_next_login(client, world):
    log_in(client, "coord_kba")
    assert client.get(reverse("home")).status_code == 200
    org_actions.set_two_factor_requirement(None, world.orgs["kungsbacka"], required=True)
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    log_in(client, "coord_kba")
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")


# --- Turning it off, losing the phone ------------------------------------------------------------


def test_turning_the_app_off_is_audited_and_when_required_asks_for_a_new_one(
    client, world, required, django_capture_on_commit_callbacks
):
    coord = world.users["coord_kba"]
    log_in(client, "coord_kba")
    set_up_app(client, django_capture_on_commit_callbacks)
    page = client.get(reverse("mfa_deactivate_totp"))
    assert "Direkt efteråt får du ställa in en app igen" in page.content.decode()
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=coord).exists()  # the recovery codes went too
    assert audit_details(coord)[-1] == "Tvåfaktorsinloggning avstängd av användaren."
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")


def test_new_recovery_codes_replace_the_old_and_are_audited(
    client, world, django_capture_on_commit_callbacks
):
    admin = world.users["admin"]
    log_in(client, "admin")
    set_up_app(client, django_capture_on_commit_callbacks)
    old = set(Authenticator.objects.get(user=admin, type="recovery_codes").wrap().get_unused_codes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    new = set(Authenticator.objects.get(user=admin, type="recovery_codes").wrap().get_unused_codes())
    assert len(new) == 10 and not old & new
    assert audit_details(admin)[-1] == "Nya reservkoder skapade; de gamla gäller inte längre."
    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download["Content-Disposition"] == 'attachment; filename="stegvis-reservkoder.txt"'
    assert "no-store" in download["Cache-Control"]
    assert all(code in download.content.decode() for code in new)


def test_an_administrator_resets_a_lost_phone(
    client, world, required, login_as, django_capture_on_commit_callbacks
):
    coord = world.users["coord_kba"]
    log_in(client, "coord_kba")
    set_up_app(client, django_capture_on_commit_callbacks)
    client.post(reverse("logout"))

    url = reverse("accounts:staff_two_factor", args=[coord.pk])
    Authenticator.objects.create(user=world.users["admin"], type="totp", data={"secret": "X"})
    admin = login_as(world.users["admin"])
    page = admin.get(url).content.decode()
    assert "påslagen" in page and "Reservkoder kvar" in page
    response = admin.post(url, {"reason": "Tappat telefonen, ringde från sitt vanliga nummer."})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=coord).exists()
    entry = AuditEntry.objects.filter(object_type="auth.user", object_id=str(coord.pk)).latest("pk")
    assert entry.user == world.users["admin"]
    assert entry.changes == {"two_factor": ["recovery_codes, totp", None]}
    assert entry.detail.startswith("Tvåfaktorsinloggningen återställd av en administratör. Tappat telefonen")
    # Nothing left to reset: a clear message, nothing written.
    admin.post(url)
    assert "har ingen tvåfaktorsinloggning att återställa" in admin.get(url).content.decode()
    admin.post(reverse("logout"))

    # The staff member logs in with the password and sets up a new app before anything else.
    response = log_in(client, "coord_kba")
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role", ["leader", "coord_kba", "evaluator", "norole"])
def test_only_administrators_reset_someone_elses_two_factor_login(client, world, role, login_as):
    from stegvis.accounts.actions import reset_two_factor
    from stegvis.core.errors import NotAllowed

    Authenticator.objects.create(user=world.users["coord_mdl"], type="totp", data={"secret": "X"})
    url = reverse("accounts:staff_two_factor", args=[world.users["coord_mdl"].pk])
    assert login_as(world.users[role]).post(url).status_code == 403
    with pytest.raises(NotAllowed):
        reset_two_factor(world.users[role], world.users["coord_mdl"])
    assert Authenticator.objects.filter(user=world.users["coord_mdl"]).exists()


def test_the_command_line_resets_when_no_administrator_can_log_in(world):
    from django.core.management import CommandError, call_command

    admin = world.users["admin"]
    Authenticator.objects.create(user=admin, type="totp", data={"secret": "X"})
    call_command("reset-two-factor", "admin", "--reason", "Enda administratören tappade telefonen.")
    assert not Authenticator.objects.filter(user=admin).exists()
    entry = AuditEntry.objects.filter(object_id=str(admin.pk)).latest("pk")
    assert entry.user is None and "Enda administratören" in entry.detail
    with pytest.raises(CommandError, match="ingen tvåfaktorsinloggning"):
        call_command("reset-two-factor", "admin")
    with pytest.raises(CommandError, match="finns inte"):
        call_command("reset-two-factor", "ingen-sadan")

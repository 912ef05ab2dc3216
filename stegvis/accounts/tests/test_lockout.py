"""The lock-out through allauth's login: per user name and address, per user name, per address.

Every attempt goes through the real login page (allauth's form, which calls ``authenticate``
with the request), so these also show that django-axes sees allauth's logins.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from stegvis.testing import PASSWORD

LOCKED = "Inloggningen är tillfälligt spärrad"
WRONG = "Fel användarnamn eller lösenord"


def attempt(client, username, password="fel-lösenord", address="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def names(world):
    """15 user names: the test world's seven accounts and eight that do not exist."""
    real = ["admin", "leader", "coord_kba", "coord_mdl", "coord_spik", "evaluator", "norole"]
    return real + [f"gissning{n}" for n in range(8)]


def test_password_spraying_from_one_address_is_locked_after_the_address_limit(client, world, names, settings):
    assert settings.STEGVIS_LOGIN_ADDRESS_FAILURE_LIMIT == 20
    statuses = []
    for _round in range(4):  # 60 attempts, 4 per user name: under the per-name limits
        for name in names:
            response = attempt(client, name)
            statuses.append(response.status_code)
            if len(statuses) < 20:
                assert response.status_code == 200 and WRONG in response.content.decode()
    assert len(statuses) == 60
    assert statuses[:19] == [200] * 19
    assert statuses[19:] == [429] * 41
    page = response.content.decode()
    assert LOCKED in page and "Vänta 30 minuter" in page
    # The right password of a real account from that address is refused too.
    response = attempt(client, "coord_kba", PASSWORD)
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    # Another address is not locked: the same account logs in from there.
    response = attempt(client, "coord_kba", PASSWORD, address="10.0.0.2")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(world.users["coord_kba"].pk)


def test_spraying_below_the_address_limit_locks_nothing(client, world, names):
    for name in names[:15]:
        assert attempt(client, name).status_code == 200
    assert attempt(client, "leader", PASSWORD).status_code == 302


def test_one_user_name_from_many_addresses_is_locked_after_the_user_name_limit(client, world, settings):
    assert settings.STEGVIS_LOGIN_USERNAME_FAILURE_LIMIT == 10
    for n in range(9):
        assert attempt(client, "leader", address=f"10.1.0.{n}").status_code == 200
    assert attempt(client, "leader", address="10.1.0.99").status_code == 429
    # The user name is locked from a new address, even with the right password ...
    assert attempt(client, "leader", PASSWORD, address="10.2.0.1").status_code == 429
    # ... but that address is not: another account logs in from it.
    assert attempt(client, "coord_kba", PASSWORD, address="10.2.0.1").status_code == 302


def test_one_user_name_from_one_address_is_locked_after_five(client, world):
    for _ in range(4):
        assert attempt(client, "coord_kba").status_code == 200
    assert attempt(client, "coord_kba").status_code == 429


def test_letter_case_does_not_make_a_new_user_name(client, world):
    for name in ["coord_kba", "Coord_kba", "COORD_KBA", " coord_KBA", "cOoRd_KbA"]:
        response = attempt(client, name)
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"coord_kba"}


def test_a_successful_login_forgives_only_that_user_name_from_that_address(client, world, names):
    for name in names[7:]:  # 8 names that do not exist, twice each: 16 failures from the address
        attempt(client, name)
        attempt(client, name)
    attempt(client, "coord_kba")
    attempt(client, "coord_kba")  # 18
    assert attempt(client, "coord_kba", PASSWORD).status_code == 302  # forgives coord_kba's two: 16
    client.logout()
    for n in range(3):
        assert attempt(client, f"annan{n}").status_code == 200  # 17, 18, 19
    assert attempt(client, "annan3").status_code == 429  # 20: the sprayed names still count


def test_the_lock_ends_after_the_cool_off(client, world, names):
    for name in names[:7] * 3:  # 21 failures, 3 per name
        attempt(client, name)
    assert attempt(client, "coord_kba", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert attempt(client, "coord_kba", PASSWORD).status_code == 302


def test_axes_records_allauths_failed_and_successful_logins(client, world):
    from axes.models import AccessLog

    attempt(client, "evaluator", address="10.9.9.9")
    row = AccessAttempt.objects.get()
    assert (row.username, row.ip_address, row.failures_since_start) == ("evaluator", "10.9.9.9", 1)
    assert attempt(client, "evaluator", PASSWORD, address="10.9.9.9").status_code == 302
    assert not AccessAttempt.objects.exists()
    assert AccessLog.objects.filter(username="evaluator", ip_address="10.9.9.9").exists()


def test_behind_a_proxy_the_address_the_proxy_saw_counts(client, world, settings):
    settings.STEGVIS_IP_META_KEY = "HTTP_X_FORWARDED_FOR"
    for n in range(20):
        # The client writes what it likes first; the proxy appends the address it saw.
        response = client.post(
            reverse("login"),
            {"username": f"namn{n}", "password": "fel"},
            REMOTE_ADDR="192.168.1.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 10.5.5.5",
        )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.5.5.5"}
    # Another client behind the same proxy is not locked.
    response = client.post(
        reverse("login"),
        {"username": "coord_kba", "password": PASSWORD},
        REMOTE_ADDR="192.168.1.1",
        HTTP_X_FORWARDED_FOR="10.5.5.6",
    )
    assert response.status_code == 302

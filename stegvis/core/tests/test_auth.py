"""Login, lock-out after repeated failures, session expiry and the fail-closed page rule."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path, reverse
from django.utils import timezone

from stegvis.testing import PASSWORD


def test_login_with_username_and_password(client, world):
    response = client.post(reverse("login"), {"username": "coord_kba", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_gives_swedish_message(client, world):
    response = client.post(reverse("login"), {"username": "coord_kba", "password": "fel"})
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord" in response.content.decode()


def test_lock_out_after_repeated_failures(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "coord_kba", "password": "fel-lösenord"})
    # Even the right password is refused now.
    response = client.post(reverse("login"), {"username": "coord_kba", "password": PASSWORD})
    assert response.status_code == 429
    assert "spärrad" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_lock_out_is_per_user(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "coord_kba", "password": "fel-lösenord"})
    response = client.post(reverse("login"), {"username": "leader", "password": PASSWORD})
    assert response.status_code == 302


def test_expired_session_requires_new_login(client, world):
    client.post(reverse("login"), {"username": "coord_kba", "password": PASSWORD})
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_idle_sessions_expire_and_end_with_the_browser(settings):
    assert settings.SESSION_COOKIE_AGE <= 2 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("kort")
    with pytest.raises(ValidationError):
        validate_password("123456789012")
    validate_password("korrekt-häst-batteri-42")


def _view_without_rule(request):
    return HttpResponse("secret")


urlpatterns = [path("no-rule/", _view_without_rule, name="no-rule")]


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_without_access_rule_is_refused(client, world, login_as):
    login_as(world.users["admin"])
    response = client.get("/no-rule/")
    assert response.status_code == 403
    assert b"secret" not in response.content


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_health_check_is_public(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response.json()["database"] == "ok"

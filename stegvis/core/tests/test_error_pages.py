"""Every error page a user can reach is Swedish, in the site's look, with DEBUG off."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import path
from django.views import defaults

from stegvis.core.access import Rule, access_rule
from stegvis.urls import urlpatterns as real_urlpatterns

LOOK = 'class="site-header"'


@access_rule(Rule.PUBLIC)
def _fails(request):
    raise RuntimeError("a bug")


@access_rule(Rule.PUBLIC)
def _refuses(request):
    raise PermissionDenied


# The real pages plus two that fail, so the error pages' links resolve as they do in production.
urlpatterns = [path("test-fel/500/", _fails), path("test-fel/403/", _refuses), *real_urlpatterns]


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


def _assert_page(response, status, *texts):
    assert response.status_code == status
    body = response.content.decode()
    assert '<html lang="sv"' in body and LOOK in body and "stegvis/stegvis.css" in body
    for text in texts:
        assert text in body
    for english in ("Not Found", "Forbidden", "Server Error", "Bad Request", "CSRF verification failed"):
        assert english not in body


@pytest.mark.django_db
def test_404(client):
    _assert_page(client.get("/finns-inte/"), 404, "Sidan finns inte", "Kontrollera adressen")


@pytest.mark.django_db
def test_404_for_a_logged_in_user_keeps_the_menu(world, login_as):
    response = login_as(world.users["coord_kba"]).get("/deltagare/999999/")
    _assert_page(response, 404, "Sidan finns inte", "Logga ut", "Deltagare")


@pytest.mark.django_db
def test_400_for_a_host_that_is_not_allowed(client):
    _assert_page(client.get("/logga-in/", HTTP_HOST="ond.example"), 400, "Felaktig begäran")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_403(world, login_as):
    _assert_page(login_as(world.users["coord_kba"]).get("/test-fel/403/"), 403, "Du har inte behörighet")


@pytest.mark.django_db
def test_403_for_a_role_without_access(world, login_as):
    response = login_as(world.users["evaluator"]).get("/deltagare/")
    _assert_page(response, 403, "Du har inte behörighet")


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_500():
    client = Client(raise_request_exception=False)
    _assert_page(client.get("/test-fel/500/"), 500, "Något gick fel", "Försök igen om en stund")


def test_500_renders_without_the_database_or_context_processors():
    """No ``db`` mark: any query raises. The 500 page must still render (the database may be down)."""
    response = defaults.server_error(RequestFactory().get("/"))
    _assert_page(response, 500, "Något gick fel")


@pytest.mark.django_db
def test_a_refused_form_post_explains_itself_in_swedish():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/logga-in/", {"username": "a", "password": "b"})
    _assert_page(response, 403, "Formuläret kunde inte skickas", "ladda om sidan")
    # The page hands out a fresh token, so going back and reloading works.
    assert "csrftoken" in response.cookies

"""The administrators' token pages: make a token (shown once), list, filter and revoke."""

import pytest
from django.urls import reverse

from stegvis.api.actions import create_token, revoke_token
from stegvis.api.models import ApiToken
from stegvis.api.tests.conftest import client_with
from stegvis.core.tests.roles import ROLES

PERSONS = "api:person-list"


@pytest.fixture
def admin_client(world, client):
    client.force_login(world.users["admin"])
    return client


def _new_token(client, **data):
    form = {"user": "", "name": "Power BI", "expires": "90", **data}
    return client.post(reverse("api:token-create"), form)


def test_admin_makes_a_token_that_is_shown_once_and_works(world, admin_client):
    coordinator = world.users["coord_kba"]
    response = _new_token(
        admin_client, user=coordinator.pk, projects=[world.projects["helhetslyftet"].pk], read_only="on"
    )
    # The answer to the POST itself shows the token: no redirect, nothing in an address.
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    api_token = ApiToken.objects.get()
    token = response.context["token"]
    assert token.startswith(f"stegvis_{api_token.prefix}_")
    page = response.content.decode()
    assert token in page and "visas inte igen" in page
    assert token not in str(dict(admin_client.session))
    assert (api_token.user, api_token.created_by, api_token.read_only) == (
        coordinator,
        world.users["admin"],
        True,
    )
    assert [p.code for p in api_token.projects.all()] == ["helhetslyftet"]
    assert 89 <= (api_token.expires_at - api_token.created_at).days <= 90

    # The token opens the API with the coordinator's rights (Kungsbacka's anna only).
    persons = client_with(token).get(reverse(PERSONS))
    assert persons.status_code == 200
    assert {p["first_name"] for p in persons.json()["results"]} == {"Anna"}

    # The list shows its start, never the token; opening the list again never shows it either.
    listing = admin_client.get(reverse("api:token-list")).content.decode()
    assert api_token.prefix in listing and token not in listing
    assert "gäller" in listing and "Power BI" in listing


def test_a_bad_form_shows_swedish_errors_at_the_fields(world, admin_client):
    response = _new_token(
        admin_client,
        user=world.users["coord_kba"].pk,
        name="",
        expires="0",
        projects=[world.projects["spik"].pk],
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == ["Ange vad nyckeln ska användas till."]
    assert not ApiToken.objects.exists()
    # With the name given, the action's own checks come back at their fields.
    response = _new_token(
        admin_client, user=world.users["coord_kba"].pk, expires="0", projects=[world.projects["spik"].pk]
    )
    form = response.context["form"]
    assert form.errors["expires"] == ["Giltighetstiden ska vara 1–730 dagar."]
    assert "spik" in form.errors["projects"][0] and "behörighet" in form.errors["projects"][0]
    page = response.content.decode()
    assert 'id="id_expires_error"' in page and 'id="id_projects_error"' in page
    assert "token" not in response.context and not ApiToken.objects.exists()
    # A user without a role cannot be chosen at all.
    response = _new_token(admin_client, user=world.users["norole"].pk)
    assert "user" in response.context["form"].errors


def test_revoking_asks_first_and_then_the_token_stops_working(world, admin_client):
    api_token, token = create_token(world.users["admin"], world.users["coord_kba"], name="Power BI")
    url = reverse("api:token-revoke", args=[api_token.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and "Återkalla nyckeln" in page.content.decode()
    api_token.refresh_from_db()
    assert api_token.revoked_at is None  # a GET changes nothing

    response = admin_client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("api:token-list")
    api_token.refresh_from_db()
    assert api_token.revoked_at is not None and api_token.revoked_by == world.users["admin"]
    assert client_with(token).get(reverse(PERSONS)).status_code == 401
    listing = admin_client.get(response["Location"]).content.decode()
    assert "är återkallad" in listing and "återkallad" in listing

    # Twice is refused with a message, not an error page.
    again = admin_client.post(url, follow=True)
    assert "redan återkallad" in again.content.decode()


def test_the_list_filters_by_user_and_state(world, admin_client):
    kept, _t = create_token(None, world.users["coord_kba"], name="Kvar")
    gone, _t = create_token(None, world.users["coord_mdl"], name="Borta")
    revoke_token(None, gone)
    url = reverse("api:token-list")

    def names(**query):
        return {row.record.name for row in admin_client.get(url, query).context["table"].rows}

    assert names() == {"Kvar", "Borta"}
    assert names(state="galler") == {"Kvar"}
    assert names(state="aterkallad") == {"Borta"}
    assert names(state="utgangen") == set()
    assert names(user=world.users["coord_mdl"].pk) == {"Borta"}
    assert names(sort="name") == {"Kvar", "Borta"}
    assert [row.record.name for row in admin_client.get(url, {"sort": "name"}).context["table"].rows] == [
        "Borta",
        "Kvar",
    ]


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("anonymous", "admin")])
def test_only_administrators_open_the_pages(world, client, role):
    api_token, _token = create_token(None, world.users["coord_kba"], name="x")
    client.force_login(world.users[role])
    for url in (
        reverse("api:token-list"),
        reverse("api:token-create"),
        reverse("api:token-revoke", args=[api_token.pk]),
    ):
        assert client.get(url).status_code == 403
    assert _new_token(client, user=world.users[role].pk).status_code == 403
    assert client.post(reverse("api:token-revoke", args=[api_token.pk])).status_code == 403
    api_token.refresh_from_db()
    assert api_token.revoked_at is None and ApiToken.objects.count() == 1


def test_the_administration_index_links_to_the_token_pages(admin_client):
    page = admin_client.get(reverse("organizations:index")).content.decode()
    assert reverse("api:token-list") in page and reverse("api:token-create") in page

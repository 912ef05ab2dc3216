"""API tokens: made by administrators (or the command line), stored hashed, limited, revocable."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from stegvis.api import tokens
from stegvis.api.actions import create_token, revoke_token
from stegvis.api.models import ApiToken
from stegvis.api.tests.conftest import client_with
from stegvis.audit.models import AuditEntry
from stegvis.core.errors import ActionError, NotAllowed

PERSONS = "api:person-list"


def test_the_token_is_shown_once_and_stored_only_as_its_hash(world):
    api_token, token = create_token(world.users["admin"], world.users["coord_kba"], name="Power BI")
    assert token.startswith(f"stegvis_{api_token.prefix}_")
    stored = ApiToken.objects.get(pk=api_token.pk)
    assert token not in (stored.key_hash, stored.prefix, stored.name)
    assert stored.key_hash == tokens.hash_of(token)
    entry = AuditEntry.objects.filter(object_type="api.apitoken", action="create").get()
    assert token not in str(entry.changes)
    assert entry.changes["user"] == [None, "coord_kba"]


def test_only_administrators_make_or_revoke_tokens(world):
    with pytest.raises(NotAllowed):
        create_token(world.users["leader"], world.users["coord_kba"], name="x")
    api_token, _token = create_token(None, world.users["coord_kba"], name="x")
    with pytest.raises(NotAllowed):
        revoke_token(world.users["coord_kba"], api_token)


def test_bad_input_names_the_field_in_swedish(world):
    with pytest.raises(ActionError) as caught:
        create_token(
            None,
            world.users["norole"],
            name="",
            expires_in_days=0,
        )
    errors = caught.value.message_dict
    assert set(errors) == {"name", "user", "expires"}
    assert "roll" in errors["user"][0]
    with pytest.raises(ActionError) as caught:
        create_token(None, world.users["coord_kba"], name="x", projects=[world.projects["spik"]])
    assert "spik" in caught.value.message_dict["projects"][0]


def test_a_token_opens_the_api_until_revoked_or_expired(world):
    api_token, token = create_token(None, world.users["coord_kba"], name="x", expires_in_days=1)
    client = client_with(token)
    assert client.get(reverse(PERSONS)).status_code == 200
    api_token.refresh_from_db()
    assert api_token.last_used_at is not None

    ApiToken.objects.filter(pk=api_token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse(PERSONS))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Nyckeln har gått ut."

    _other, second = create_token(None, world.users["coord_kba"], name="y")
    revoke_token(None, _other)
    response = client_with(second).get(reverse(PERSONS))
    assert (response.status_code, response.json()["detail"]) == (401, "Nyckeln är återkallad.")


@pytest.mark.parametrize(
    "header",
    ["Bearer stegvis_00000000_nope", "Bearer not-a-token", "Bearer", "Bearer a b"],
)
def test_unknown_or_malformed_tokens_are_401_with_a_challenge(world, client, header):
    response = client.get(reverse(PERSONS), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["type"] == "urn:stegvis:problem:not-authenticated" and body["status"] == 401


def test_a_guessed_token_with_a_real_prefix_is_refused(world):
    api_token, token = create_token(None, world.users["coord_kba"], name="x")
    forged = f"stegvis_{api_token.prefix}_{'A' * 43}"
    assert client_with(forged).get(reverse(PERSONS)).status_code == 401
    assert client_with(token).get(reverse(PERSONS)).status_code == 200


def test_an_inactive_user_s_token_stops_working(world):
    _api_token, token = create_token(None, world.users["coord_kba"], name="x")
    world.users["coord_kba"].is_active = False
    world.users["coord_kba"].save()
    assert client_with(token).get(reverse(PERSONS)).status_code == 401


def test_a_token_limited_to_a_project_sees_only_that_project(world):
    # The administrator sees both projects; limited to SPiK, only cia and SPiK.
    _t, token = create_token(None, world.users["admin"], name="x", projects=[world.projects["spik"]])
    client = client_with(token)
    persons = client.get(reverse(PERSONS)).json()["results"]
    assert {p["first_name"] for p in persons} == {"Cia"}
    projects = client.get(reverse("api:project-list")).json()["results"]
    assert [p["code"] for p in projects] == ["spik"]
    anna = reverse("api:person-detail", kwargs={"pk": world.persons["anna"].pk})
    assert client.get(anna).status_code == 404
    report = reverse("api:project-report", kwargs={"code": "helhetslyftet"})
    assert client.get(report).status_code == 404


def test_a_limited_coordinator_token_keeps_the_coordinator_s_own_limits(world):
    # coord_spik coordinates for Växjö in every Växjö project; limited to SPiK it still sees only Växjö's rows.
    _t, token = create_token(None, world.users["coord_spik"], name="x", projects=[world.projects["spik"]])
    persons = client_with(token).get(reverse(PERSONS)).json()["results"]
    assert {p["first_name"] for p in persons} == {"Cia"}


def test_command_creates_lists_and_revokes(world):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api-token",
        "create",
        "coord_kba",
        "--read-only",
        "--project",
        "helhetslyftet",
        "--expires",
        "30",
        stdout=out,
        stderr=err,
    )
    token = out.getvalue().strip()
    api_token = ApiToken.objects.get(prefix=tokens.prefix_of(token))
    assert api_token.read_only and [p.code for p in api_token.projects.all()] == ["helhetslyftet"]
    assert 29 <= (api_token.expires_at - timezone.now()).days <= 30
    assert "visas inte igen" in err.getvalue()

    listing = io.StringIO()
    call_command("api-token", "list", stdout=listing)
    assert api_token.prefix in listing.getvalue() and token not in listing.getvalue()

    call_command("api-token", "revoke", api_token.prefix, stdout=io.StringIO())
    api_token.refresh_from_db()
    assert api_token.revoked_at is not None


@pytest.mark.parametrize(
    "args,message",
    [
        (["create", "nobody"], "nobody"),
        (["create", "coord_kba", "--project", "nope"], "nope"),
        (["create", "coord_kba", "--expires", "0"], "1–730"),
        (["revoke", "ffffffff"], "ffffffff"),
    ],
)
def test_command_errors_are_clear(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("api-token", *args, stdout=io.StringIO(), stderr=io.StringIO())

"""OAuth 2 client credentials: a client acts as its user; scopes decide whether it may write."""

import base64
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from oauth2_provider.models import AccessToken, Application
from rest_framework.test import APIClient, APIRequestFactory

from stegvis.api.actions import create_client
from stegvis.api.permissions import TokenMayWrite
from stegvis.audit.models import AuditEntry
from stegvis.core.errors import ActionError, NotAllowed
from stegvis.participants.filters import visible_persons

TOKEN_URL = "api:oauth-token"
PERSONS = "api:person-list"


def _basic(client_id, secret):
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def _ask(client_id, secret, **data):
    return APIClient().post(
        reverse(TOKEN_URL),
        {"grant_type": "client_credentials", **data},
        format="multipart",
        HTTP_AUTHORIZATION=_basic(client_id, secret),
        secure=True,
    )


def _access_token(world, role="coord_kba", scope="read"):
    application, secret = create_client(None, world.users[role], name="Power BI")
    response = _ask(application.client_id, secret, scope=scope)
    assert response.status_code == 200, response.content
    return application, response.json()


def _bearer(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_a_client_gets_a_token_and_reads_with_its_user_s_rights(world):
    application, body = _access_token(world)
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600 and body["scope"] == "read"
    assert "refresh_token" not in body
    response = _bearer(body["access_token"]).get(reverse(PERSONS))
    assert response.status_code == 200
    ids = sorted(row["id"] for row in response.json()["results"])
    assert ids == sorted(visible_persons(world.users["coord_kba"]).values_list("pk", flat=True))
    # Audited as the application's user, like any read.
    entry = AuditEntry.objects.filter(object_type="participants.person").latest("pk")
    assert entry.user == world.users["coord_kba"]
    # The access token is stored as a hash only.
    assert not AccessToken.objects.filter(token=body["access_token"]).exists()
    assert application.user == world.users["coord_kba"]


def test_the_secret_may_also_come_in_the_body(world):
    application, secret = create_client(None, world.users["coord_kba"], name="x")
    response = APIClient().post(
        reverse(TOKEN_URL),
        {"grant_type": "client_credentials", "client_id": application.client_id, "client_secret": secret},
        format="multipart",
        secure=True,
    )
    assert response.status_code == 200


def test_a_wrong_secret_or_an_unknown_client_is_refused(world):
    application, secret = create_client(None, world.users["coord_kba"], name="x")
    response = _ask(application.client_id, secret + "x")
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert _ask("nobody", secret).status_code == 401
    assert not AccessToken.objects.exists()


def test_other_grants_and_unknown_scopes_are_refused(world):
    application, secret = create_client(None, world.users["coord_kba"], name="x")
    password = _ask(application.client_id, secret, grant_type="password", username="coord_kba", password="x")
    assert password.status_code == 400
    assert _ask(application.client_id, secret, scope="admin").status_code == 400


def test_a_read_scope_token_cannot_write_and_a_write_scope_token_may(world):
    _app, read = _access_token(world, scope="read")
    refused = _bearer(read["access_token"]).post(reverse(PERSONS), {}, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Nyckeln får bara läsa."
    _app, write = _access_token(world, scope="read write")
    # Past the permission: the empty person is refused by the rules, field by field.
    accepted = _bearer(write["access_token"]).post(reverse(PERSONS), {}, format="json")
    assert accepted.status_code == 400
    assert accepted.json()["type"] == "urn:stegvis:problem:validation"


@pytest.mark.parametrize(
    "scope,method,allowed",
    [("read", "post", False), ("read", "get", True), ("read write", "patch", True), ("", "delete", False)],
)
def test_token_may_write_reads_the_oauth_scope(scope, method, allowed):
    request = getattr(APIRequestFactory(), method)("/api/v1/persons/")
    request.auth = AccessToken(scope=scope)
    assert TokenMayWrite().has_permission(request, view=None) is allowed


def test_unknown_expired_or_forged_bearer_tokens_are_401_problems(world):
    _app, body = _access_token(world)
    AccessToken.objects.update(expires="2000-01-01T00:00:00Z")
    for token in (body["access_token"], "not-a-token"):
        response = _bearer(token).get(reverse(PERSONS))
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["type"] == "urn:stegvis:problem:not-authenticated"
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_the_token_is_never_read_from_the_query_string(world):
    _app, body = _access_token(world)
    response = APIClient().get(reverse(PERSONS), {"access_token": body["access_token"]})
    assert response.status_code == 401


def test_an_inactive_user_s_client_stops_working(world):
    _app, body = _access_token(world)
    world.users["coord_kba"].is_active = False
    world.users["coord_kba"].save()
    assert _bearer(body["access_token"]).get(reverse(PERSONS)).status_code == 401


def test_only_administrators_make_clients_and_the_user_needs_a_role(world):
    with pytest.raises(NotAllowed):
        create_client(world.users["leader"], world.users["coord_kba"], name="x")
    with pytest.raises(ActionError) as caught:
        create_client(world.users["admin"], world.users["norole"], name="")
    assert set(caught.value.message_dict) == {"name", "user"}
    application, _secret = create_client(world.users["admin"], world.users["coord_kba"], name="x")
    entry = AuditEntry.objects.get(object_type="oauth2_provider.application", action="create")
    assert entry.changes["client_id"] == [None, application.client_id]


def test_command_prints_the_secret_once_and_lists_and_deletes(world):
    out, err = io.StringIO(), io.StringIO()
    call_command("api-client", "create", "coord_kba", "--name", "Power BI", stdout=out, stderr=err)
    values = dict(line.split("=", 1) for line in out.getvalue().split())
    application = Application.objects.get(client_id=values["client_id"])
    assert application.client_secret != values["client_secret"]  # only the hash is kept
    assert application.authorization_grant_type == Application.GRANT_CLIENT_CREDENTIALS
    assert "visas inte igen" in err.getvalue()
    assert _ask(values["client_id"], values["client_secret"]).status_code == 200

    listing = io.StringIO()
    call_command("api-client", "list", stdout=listing)
    assert values["client_id"] in listing.getvalue() and values["client_secret"] not in listing.getvalue()

    call_command("api-client", "delete", values["client_id"], stdout=io.StringIO())
    assert not Application.objects.exists() and not AccessToken.objects.exists()
    with pytest.raises(CommandError, match="nobody"):
        call_command("api-client", "create", "nobody", "--name", "x", stdout=io.StringIO())


def test_a_read_only_client_gets_the_read_scope_and_never_write(world):
    application, secret = create_client(None, world.users["coord_kba"], name="Power BI", read_only=True)
    assert _ask(application.client_id, secret, scope="read write").json()["error"] == "invalid_scope"
    assert _ask(application.client_id, secret, scope="write").status_code == 400
    token = _ask(application.client_id, secret).json()  # no scope asked: the default, read
    assert token["scope"] == "read"
    assert _bearer(token["access_token"]).get(reverse(PERSONS)).status_code == 200
    assert _bearer(token["access_token"]).post(reverse(PERSONS), {}, format="json").status_code == 403
    # The same user's ordinary client may still ask to write.
    other, other_secret = create_client(None, world.users["coord_kba"], name="Sync")
    assert _ask(other.client_id, other_secret, scope="read write").json()["scope"] == "read write"
    entry = AuditEntry.objects.get(object_id=str(application.pk), object_type="oauth2_provider.application")
    assert entry.changes["read_only"] == [None, True]


def test_the_command_makes_a_read_only_client_and_lists_its_scope(world):
    out = io.StringIO()
    call_command(
        "api-client",
        "create",
        "coord_kba",
        "--name",
        "Power BI",
        "--read-only",
        stdout=out,
        stderr=io.StringIO(),
    )
    values = dict(line.split("=", 1) for line in out.getvalue().split())
    assert _ask(values["client_id"], values["client_secret"], scope="write").status_code == 400
    listing = io.StringIO()
    call_command("api-client", "list", stdout=listing)
    line = next(row for row in listing.getvalue().splitlines() if values["client_id"] in row)
    assert " read " in line and "read,write" not in line

"""The rate limit: counted per API token (and per OAuth 2 application), answered with 429.

The counts live in the database cache, so each test's are rolled back with it.
"""

from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from stegvis.api.actions import create_client
from stegvis.api.tests.conftest import client_with, token_for

PROJECTS = "api:project-list"


@override_settings(STEGVIS_API_RATE="3/min")
def test_more_than_the_rate_is_429_with_retry_after_per_token(world):
    user = world.users["coord_kba"]
    first, second = client_with(token_for(user)), client_with(token_for(user))
    url = reverse(PROJECTS)
    assert [first.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = first.get(url)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:stegvis:problem:rate-limited" and body["status"] == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    # Another token of the same user has its own count.
    assert second.get(url).status_code == 200


@override_settings(STEGVIS_API_RATE="2/min")
def test_oauth_tokens_are_counted_by_their_application(world):
    application, secret = create_client(None, world.users["coord_kba"], name="x")

    def new_token():
        response = APIClient().post(
            reverse("api:oauth-token"),
            {"grant_type": "client_credentials", "client_id": application.client_id, "client_secret": secret},
            format="multipart",
            secure=True,
        )
        return APIClient(HTTP_AUTHORIZATION=f"Bearer {response.json()['access_token']}")

    url = reverse(PROJECTS)
    assert [new_token().get(url).status_code for _ in range(2)] == [200, 200]
    # A fresh access token does not bring a fresh allowance.
    assert new_token().get(url).status_code == 429


def test_the_rate_is_read_at_each_request(world):
    client = client_with(token_for(world.users["coord_kba"]))
    url = reverse(PROJECTS)
    assert client.get(url).status_code == 200
    with override_settings(STEGVIS_API_RATE="1/min"):
        assert client.get(url).status_code == 429

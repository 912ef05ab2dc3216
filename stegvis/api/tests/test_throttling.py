"""The rate limit: counted per API token (and per OAuth 2 application), answered with 429.

The counts live in a table (one upsert per request), so each test's are rolled back with it.
"""

import pytest
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


def test_a_window_counts_by_one_query_and_old_windows_are_deleted(world, django_assert_num_queries):
    from stegvis.api.models import RequestCount
    from stegvis.api.throttling import counted

    RequestCount.objects.create(key="old", period=1, expires_at=60, count=7)
    # The window's first request opens it and clears the ended ones: two queries.
    with django_assert_num_queries(2):
        assert counted("token-1/60", 10**9, 10**12) == 1
    assert not RequestCount.objects.filter(key="old").exists()
    with django_assert_num_queries(1):
        assert counted("token-1/60", 10**9, 10**12) == 2
    # Another window, or another client, counts from one.
    assert counted("token-1/60", 10**9 + 1, 10**12) == 1
    assert counted("token-2/60", 10**9, 10**12) == 1


def test_a_new_window_brings_a_new_allowance(world, monkeypatch):
    from stegvis.api import throttling

    client = client_with(token_for(world.users["coord_kba"]))
    url = reverse(PROJECTS)
    clock = [1_000_000.0]
    monkeypatch.setattr(throttling.time, "time", lambda: clock[0])
    with override_settings(STEGVIS_API_RATE="2/min"):
        assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
        clock[0] += 40  # 1,000,040: the window 999,960–1,000,020 has ended
        assert client.get(url).status_code == 200


def test_rates_are_read_in_drf_notation_and_a_bad_one_stops_the_start():
    from stegvis.api.throttling import check_rate, parse_rate

    assert parse_rate("1200/min") == (1200, 60)
    assert parse_rate("50000/h") == (50000, 3600)
    assert parse_rate("10/s") == (10, 1)
    assert parse_rate("200000/day") == (200000, 86400)
    for bad in ("", "1200", "many/min", "0/min", "10/week", "-5/min"):
        with pytest.raises(ValueError):
            parse_rate(bad)
    assert check_rate() == []
    with override_settings(STEGVIS_API_RATE="1200 per minute"):
        assert [error.id for error in check_rate()] == ["stegvis.E002"]

"""Fixtures of the API tests: a token per role of the test world, and a client that sends it."""

import pytest
from rest_framework.test import APIClient

from stegvis.api import tokens
from stegvis.api.actions import create_token
from stegvis.api.models import ApiToken


def token_for(user, **limits):
    """A token string for ``user`` (a user without a role gets one too, made by hand: the action
    refuses them, but the API must still turn such a token away)."""
    if not user.staff_roles.exists():
        token, prefix = tokens.new_token()
        ApiToken.objects.create(user=user, name="test", prefix=prefix, key_hash=tokens.hash_of(token))
        return token
    return create_token(None, user, name="test", **limits)[1]


def client_with(token):
    client = APIClient()
    if token:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


@pytest.fixture
def api_as(world):
    """``api_as("coord_kba")``: a client holding a token of that role ("anonymous": no token)."""

    def make(role, **limits):
        if role == "anonymous":
            return client_with(None)
        return client_with(token_for(world.users[role], **limits))

    return make

"""The test provider's people: a JSON file ``{username: {password, email, name, groups, claims}}``.

Read again at each login and each token, so a test changes someone's groups by rewriting it.
"""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from oauth2_provider.oauth2_validators import OAuth2Validator


def directory() -> dict[str, dict[str, Any]]:
    return json.loads(Path(settings.CONFIG["people_file"]).read_text())


class DirectoryBackend(BaseBackend):
    """Logs in whoever the directory lists with that password (their user row is made on the way)."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ):
        person = directory().get(username or "")
        if person is None or person["password"] != password:
            return None
        user, _created = get_user_model().objects.get_or_create(username=username)
        return user

    def get_user(self, user_id: int):
        return get_user_model().objects.filter(pk=user_id).first()


class ClaimsValidator(OAuth2Validator):
    """ID token and user info: e-mail, user name, name and groups, whatever the scopes."""

    oidc_claim_scope = None

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        person = directory()[request.user.username]
        return {
            "email": person.get("email", ""),
            "email_verified": True,
            "preferred_username": request.user.username,
            "name": person.get("name", ""),
            "groups": person.get("groups", []),
            # Any other claims the test gives the person (Min sida's personnummer claim, say).
            **person.get("claims", {}),
        }

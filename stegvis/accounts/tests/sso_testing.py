"""What the SSO tests share: Stegvis configured from provider variables, as a server would be."""

import copy
import json
from pathlib import Path
from typing import Any

from stegvis.accounts.sso_settings import from_environment


def use_providers(settings: Any, environ: dict[str, str]) -> None:
    """Configure Stegvis (and its live server) from ``environ`` as ``settings.py`` does at start."""
    sso = from_environment(environ)
    settings.SOCIALACCOUNT_PROVIDERS = sso.providers
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = ["'self'", *sso.form_action]
    settings.CONTENT_SECURITY_POLICY = policy
    # The live server speaks plain http; a production server's cookies are "Secure".
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False


def write_people(path: Path, people: dict[str, dict[str, Any]]) -> None:
    """The provider's directory: ``{username: {password, email, name, groups}}``."""
    path.write_text(json.dumps(people))

"""What the SSO tests share: Stegvis configured from provider variables, the providers' people,
and the way through a login with a real HTTP client."""

import contextlib
import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stegvis.accounts.sso_settings import from_environment
from stegvis.accounts.tests.sso_client import Client, Page
from stegvis.accounts.tests.sso_keys import make_key_pair
from stegvis.accounts.tests.sso_process import provider_process

#: Everyone's password at the test providers.
PASSWORD = "losenord-hos-idp"


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


@dataclass
class Provider:
    """A provider process the tests started: its address, its directory and its login form."""

    url: str
    people_file: Path
    #: Stegvis' button for it, and the button of the provider's own login form.
    button: str
    login_button: str

    def people(self, **people: dict[str, Any]) -> None:
        write_people(self.people_file, {name: {"password": PASSWORD, **p} for name, p in people.items()})


@contextlib.contextmanager
def started_provider(
    directory: Path, module: str, config: dict[str, Any], *, button: str, login_button: str
) -> Iterator[Provider]:
    """Run the provider ``module`` with a key and certificate made now and an empty directory of people."""
    keys = make_key_pair(directory, "provider")
    people_file = directory / "people.json"
    write_people(people_file, {})
    config = {
        **config,
        "key_file": str(keys.key_file),
        "cert_file": str(keys.cert_file),
        "people_file": str(people_file),
    }
    with provider_process(module, config, directory) as url:
        yield Provider(url, people_file, button=button, login_button=login_button)


def log_in(
    base_url: str, provider: Provider, username: str, client: Client | None = None
) -> tuple[Client, Page]:
    """Press Stegvis' button and go through the provider as a browser without scripts would.

    The provider asks for the password unless its own session still holds; a SAML provider
    then hands the browser its response to post to Stegvis.
    """
    client = client or Client()
    page = client.press(client.get(base_url + "/logga-in/"), provider.button)
    if page.url.startswith(provider.url) and any(provider.login_button in f.buttons for f in page.forms()):
        page = client.press(page, provider.login_button, username=username, password=PASSWORD)
    if any("SAMLResponse" in f.fields for f in page.forms()):
        page = client.submit(page, page.form(field="SAMLResponse"))
    return client, page


def log_out(base_url: str, client: Client) -> None:
    """Log out of Stegvis (the provider's own session stays) and check that it took."""
    client.session.post(
        base_url + "/logga-ut/", data={"csrfmiddlewaretoken": client.session.cookies["csrftoken"]}
    )
    assert client.get(base_url + "/konto/").url.startswith(base_url + "/logga-in/")

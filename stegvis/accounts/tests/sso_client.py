"""A real HTTP client session that goes through single sign-on the way a browser without scripts does.

``requests`` keeps the cookies of every site and follows redirects; the pages' forms are read
with the standard library's HTML parser and sent as they are, hidden fields included (the CSRF
tokens, a SAML response the identity provider hands to the browser to post on).
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    buttons: list[str] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._button: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(action=a.get("action", ""), method=a.get("method", "get").lower()))
        elif tag == "input" and self.forms and a.get("name") and a.get("type") not in ("submit", "checkbox"):
            self.forms[-1].fields[a["name"]] = a.get("value", "")
        elif tag == "button" and self.forms:
            self._button = []

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._button is not None and self.forms:
            self.forms[-1].buttons.append(" ".join("".join(self._button).split()))
            self._button = None


@dataclass
class Page:
    response: requests.Response

    @property
    def url(self) -> str:
        return self.response.url

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def text(self) -> str:
        return self.response.text

    def forms(self) -> list[Form]:
        parser = _FormParser()
        parser.feed(self.text)
        return parser.forms

    def form(self, *, button: str | None = None, field: str | None = None) -> Form:
        """The form with a button that says ``button``, or with a field named ``field``."""
        for form in self.forms():
            if (button is None or button in form.buttons) and (field is None or field in form.fields):
                return form
        raise AssertionError(
            f"no form with button {button!r} / field {field!r} on {self.url}:\n{self.text[:3000]}"
        )


class Client:
    """A cookie-keeping session that follows redirects and submits forms."""

    def __init__(self) -> None:
        self.session = requests.Session()

    def get(self, url: str) -> Page:
        return Page(self.session.get(url, timeout=30))

    def submit(self, page: Page, form: Form, **values: str) -> Page:
        """Send ``form`` of ``page`` with its own fields and ``values`` filled in."""
        url = urljoin(page.url, form.action or page.url)
        data = {**form.fields, **values}
        if form.method == "post":
            return Page(self.session.post(url, data=data, timeout=30))
        return Page(self.session.get(url, params=data, timeout=30))

    def press(self, page: Page, button: str, **values: str) -> Page:
        """Submit the form with the button that says ``button``."""
        return self.submit(page, page.form(button=button), **values)

"""No input gives a server error: every page, as every role that may open it, is sent generated
query strings and its own forms back with hostile values (:mod:`stegvis.core.tests.fuzzing`).

The pages come from the URL map of the access walk (:mod:`stegvis.core.tests.url_map`), so a new
page is fuzzed as soon as it has an access expectation. One test per page (building the world
costs more than a few requests, so the roles share it, each example drawing one); xdist spreads
the pages.

Each generated example runs in a transaction that is rolled back, so a submission that
succeeds (or logs the user out) does not change what the next one sees. CI runs a few examples
per page, the same ones every run; ``STEGVIS_FUZZ_EXAMPLES=200`` fuzzes deeper, 200 per page and
role, with fresh random input (``docs/security.md``).
"""

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from stegvis.core.tests.fuzzing import (
    Form,
    encode,
    examples_per_page,
    form_submissions,
    page_forms,
    query_strings,
)
from stegvis.core.tests.roles import OK, ROLES
from stegvis.core.tests.test_url_access import EXPECTED
from stegvis.core.tests.url_map import url_for

NAMES = sorted(EXPECTED)


def _roles(expected):
    """The roles that may open the page; a page nobody opens (a made-up token) as a visitor."""
    return [role for role in ROLES if expected[role] == OK] or ["anonymous"]


def _send(client, method, url, label, body=b"", content_type=None):
    """One request; a 500 or an exception fails with what was sent, by whom, to which page."""
    try:
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data=body, content_type=content_type)
    except Exception as exc:  # the client re-raises the view's exception
        pytest.fail(
            f"{label}: {method} {url[:300]} raised {type(exc).__name__}: {str(exc)[:300]}\n{body[:600]!r}"
        )
    assert response.status_code != 500, f"{label}: {method} {url[:300]} answered 500\n{body[:600]!r}"
    return response


def _log_in(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(world.users[role])


@pytest.mark.parametrize("name", NAMES)
def test_no_server_error(name, world, client):
    url = url_for(EXPECTED, name, world)
    roles = _roles(EXPECTED[name][1])
    pages = {}  # role -> (filter parameters, forms to post), read from the page as that role sees it

    def page_as(role):
        if role not in pages:
            page = _send(client, "GET", url, f"{name} as {role}")
            html = page.content.decode("utf-8", "replace") if "html" in page.get("Content-Type", "") else ""
            forms, linked = page_forms(html, url)
            filters = [field for form in forms if form.method == "get" for field in form.names] + linked
            posted = [form for form in forms if form.method == "post"]
            pages[role] = (filters, posted or [Form(action="", method="post", multipart=False)])
        return pages[role]

    # The example budget is per page: each example draws a role, so a page many roles may open
    # (the reports, heavy to compute) costs CI little more than one only the administrator opens.
    @settings(max_examples=examples_per_page(len(roles)))
    @given(data=st.data())
    def send_hostile(data):
        role = data.draw(st.sampled_from(roles), label="role")
        label = f"{name} as {role}"
        with transaction.atomic():
            _log_in(client, world, role)
            filters, posted = page_as(role)
            query = data.draw(query_strings(filters), label="query")
            _send(client, "GET", f"{url}?{query}", label)
            submission = data.draw(st.sampled_from(posted).flatmap(form_submissions), label="form")
            body, content_type = encode(*submission)
            _send(client, "POST", url, label, body, content_type)
            transaction.set_rollback(True)

    send_hostile()

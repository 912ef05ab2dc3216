"""Walk every URL for every role and assert who may open it.

``EXPECTED`` must name every URL pattern of the project: a new page without an entry here
fails ``test_every_url_has_an_expectation``, and a page whose view has no access rule is
refused by the middleware (so its expectation of 200 fails). Adding a page therefore means
deciding, here, who may open it.

The same walk checks that no answer carrying personal data may be cached: every response but
those of the pages in ``CACHEABLE`` must say ``Cache-Control: no-store`` (the pages behind a
login, and public pages by default, get it from :class:`stegvis.core.headers.NoStoreMiddleware`,
the public one-time-link and form pages from :func:`stegvis.core.headers.private`), whatever
the status.

Roles come from :func:`stegvis.testing.build_world`: anna is enrolled by Kungsbacka in
Helhetslyftet, bo by Mölndal in Helhetslyftet, cia (protected identity) by Växjö in SPiK.
"""

import pytest
from django.urls import reverse

from stegvis.core.tests.roles import (  # noqa: F401 (kept importable from here)
    ADMIN_ONLY,
    ANNA,
    ANY_ROLE,
    DENIED,
    HELHETSLYFTET_REPORT,
    LOGIN,
    MISSING,
    OK,
    PERSONAL_DATA_PAGES,
    PUBLIC,
    ROLES,
    anna,
    anna_enrollment,
    helhetslyftet,
    statuses,
)
from stegvis.core.tests.url_map import all_url_names, app_expectations, url_for

# url name -> (kwargs from the world, expected status per role)
EXPECTED = {
    "login": (None, statuses(default=302, anonymous=OK)),  # logged-in users are sent on
    "health": (None, PUBLIC),
    "participants:list": (None, PERSONAL_DATA_PAGES),
    # Without a search term the header's search sends on to the list.
    "participants:search": (None, statuses(default=LOGIN, norole=DENIED, evaluator=DENIED)),
    "participants:create": (None, PERSONAL_DATA_PAGES),
    "participants:detail": (anna, ANNA),
    "participants:edit": (anna, ANNA),
    "participants:enrol": (anna, ANNA),
    "participants:merge": (anna, ANNA),
    "participants:enrollment_edit": (anna_enrollment, ANNA),
    "participants:coordinator_change": (anna_enrollment, ANNA),
    "participants:exit": (anna_enrollment, ANNA),
    "audit:list": (None, ADMIN_ONLY),
    "exchange:import": (None, ADMIN_ONLY),
    "reports:project_list": (None, ANY_ROLE),
    "reports:project_report": (helhetslyftet, HELHETSLYFTET_REPORT),
    "reports:project_report_json": (helhetslyftet, HELHETSLYFTET_REPORT),
    "organizations:index": (None, ADMIN_ONLY),
    "organizations:organization_list": (None, ADMIN_ONLY),
    "organizations:organization_create": (None, ADMIN_ONLY),
    "organizations:organization_edit": (lambda w: {"code": w.orgs["kungsbacka"].code}, ADMIN_ONLY),
    "organizations:project_list": (None, statuses(admin=OK, leader=OK)),  # a leader sees only their project
    "organizations:project_create": (None, ADMIN_ONLY),
    "organizations:project_edit": (helhetslyftet, statuses(admin=OK, leader=OK)),  # coordinators: 403
    "organizations:staff_list": (None, ADMIN_ONLY),
    "organizations:staff_create": (None, ADMIN_ONLY),
    "organizations:staff_detail": (lambda w: {"pk": w.users["coord_kba"].pk}, ADMIN_ONLY),
    "organizations:staff_edit": (lambda w: {"pk": w.users["coord_kba"].pk}, ADMIN_ONLY),
    "organizations:staff_password": (lambda w: {"pk": w.users["coord_kba"].pk}, ADMIN_ONLY),
    "progression:measurement_create": (anna_enrollment, ANNA),
    "progression:measurement_list": (anna_enrollment, ANNA),
    "progression:measurement_edit": (
        lambda w: __import__("stegvis.progression.measuring.testing", fromlist=["x"]).anna_measurement_kwargs(
            w
        ),
        ANNA,
    ),
    "progression:language_level_create": (anna, ANNA),
    "progression:measuring_settings": (helhetslyftet, statuses(admin=OK, leader=OK, coord_spik=MISSING)),
    "progression:due_list": (None, PERSONAL_DATA_PAGES),
    "progression:project_statistics": (helhetslyftet, HELHETSLYFTET_REPORT),
    "progression:instrument_list": (None, ADMIN_ONLY),
    "progression:instrument_create": (None, ADMIN_ONLY),
    "progression:instrument_detail": (lambda w: {"code": "progressionskort", "version": 1}, ADMIN_ONLY),
    "progression:instrument_edit": (lambda w: {"code": "progressionskort", "version": 1}, ADMIN_ONLY),
    "progression:translation_edit": (
        lambda w: {"code": "progressionskort", "version": 1, "language": "ar"},
        ADMIN_ONLY,
    ),
    "selfassessment:create": (anna_enrollment, ANNA),
    # The participant's pages need no login; a made-up token is 404 for everyone, logged in or not.
    "selfassessment:start": (lambda w: {"token": "x" * 32}, statuses(default=MISSING, anonymous=MISSING)),
    "selfassessment:question": (
        lambda w: {"token": "x" * 32, "step": 1},
        statuses(default=MISSING, anonymous=MISSING),
    ),
    "selfassessment:review": (lambda w: {"token": "x" * 32}, statuses(default=MISSING, anonymous=MISSING)),
    "selfassessment:thanks": (lambda w: {"token": "x" * 32}, statuses(default=MISSING, anonymous=MISSING)),
}


EXPECTED.update(app_expectations(EXPECTED))

# Patterns that only answer POST (GET would be 405 for everyone) are checked with POST rules
# elsewhere; list them here so the walk knows they are deliberate.
POST_ONLY: set[str] = set()

# Pages that may be cached. None today: even the login page and the health check answer no-store.
CACHEABLE: set[str] = set()


def test_every_url_has_an_expectation():
    missing = [n for n in all_url_names() if n not in EXPECTED and n not in POST_ONLY]
    assert not missing, f"URLs without an access expectation in {__file__}: {missing}"


CASES = [(name, role) for name in EXPECTED for role in ROLES]


@pytest.mark.parametrize("name,role", CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_url_access(name, role, world, client):
    expected = EXPECTED[name][1]
    url = url_for(EXPECTED, name, world)
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.get(url)
    assert response.status_code == expected[role], f"{role} GET {url}"
    if name not in CACHEABLE:
        directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
        assert "no-store" in directives, f"{role} GET {url}: may be cached"
    if expected[role] == LOGIN and role == "anonymous":
        assert response["Location"].startswith(reverse("login"))

"""Every endpoint, every role of the test world, own and other organisation: who gets what.

Statuses are the pages' (the same rules), and every list returns exactly the rows ``restrict``
gives the user: not one row more (a leak), not one fewer. A new endpoint fails
``test_every_endpoint_is_in_the_matrix`` until it is decided about here.
"""

import pytest
from django.urls import reverse

from stegvis.api.urls import urlpatterns
from stegvis.core.access import REPORT, VIEW
from stegvis.core.tests.roles import (
    ANNA,
    ANY_ROLE,
    HELHETSLYFTET_REPORT,
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
from stegvis.core.tests.url_map import all_url_names
from stegvis.organizations.models import NeedGroup, Project
from stegvis.participants.filters import visible_enrollments, visible_persons

UNAUTHENTICATED = 401


def with_token(expected):
    """The pages' statuses as the API gives them: no token is 401, not a redirect to the login."""
    return {**expected, "anonymous": UNAUTHENTICATED}


def kungsbacka(w):
    return {"code": w.orgs["kungsbacka"].code}


def vaxjo(w):
    return {"code": w.orgs["vaxjo"].code}


def spik(w):
    return {"code": w.projects["spik"].code}


def need_group(w):
    return {"pk": NeedGroup.objects.get(project=w.projects["helhetslyftet"], name="unga").pk}


def cia(w):
    return {"pk": w.persons["cia"].pk}


def cia_enrollment(w):
    return {"pk": w.enrollments["cia"].pk}


SPIK = statuses(
    admin=OK, coord_spik=OK, leader=MISSING, coord_kba=MISSING, coord_mdl=MISSING, evaluator=MISSING
)
CIA = statuses(admin=OK, coord_spik=OK, leader=MISSING, coord_kba=MISSING, coord_mdl=MISSING)

#: ``api:`` names that are browser pages (a session login, Rule.ADMIN), not token endpoints.
SESSION_PAGES = {"api:token-list", "api:token-create", "api:token-revoke"}

# (url name, kwargs, expected statuses): some names twice, for a row of one's own and of another organisation.
MATRIX = [
    ("api:docs", None, PUBLIC),
    ("api:schema", None, PUBLIC),
    ("api:referrers", None, with_token(ANY_ROLE)),
    ("api:organization-list", None, with_token(ANY_ROLE)),
    ("api:organization-detail", kungsbacka, with_token(HELHETSLYFTET_REPORT)),
    ("api:organization-detail", vaxjo, with_token(SPIK)),
    ("api:project-list", None, with_token(ANY_ROLE)),
    ("api:project-detail", helhetslyftet, with_token(HELHETSLYFTET_REPORT)),
    ("api:project-detail", spik, with_token(SPIK)),
    ("api:project-report", helhetslyftet, with_token(HELHETSLYFTET_REPORT)),
    ("api:project-report", spik, with_token(SPIK)),
    ("api:need-group-list", None, with_token(ANY_ROLE)),
    ("api:need-group-detail", need_group, with_token(HELHETSLYFTET_REPORT)),
    ("api:person-list", None, with_token(PERSONAL_DATA_PAGES)),
    ("api:person-detail", anna, with_token(ANNA)),
    ("api:person-detail", cia, with_token(CIA)),
    ("api:enrollment-list", None, with_token(PERSONAL_DATA_PAGES)),
    ("api:enrollment-detail", anna_enrollment, with_token(ANNA)),
    ("api:enrollment-detail", cia_enrollment, with_token(CIA)),
    # OAuth 2 clients POST their id and secret here; nothing answers a GET.
    ("api:oauth-token", None, statuses(default=405, anonymous=405)),
]


def test_every_endpoint_is_in_the_matrix():
    names = {name for name in all_url_names() if name.startswith("api:")}
    assert SESSION_PAGES <= names
    assert names - SESSION_PAGES == {name for name, _kwargs, _expected in MATRIX}
    assert urlpatterns  # the module under test is the one the project routes to


@pytest.fixture
def clients(world, api_as):
    NeedGroup.objects.create(project=world.projects["helhetslyftet"], name="unga")
    return {role: api_as(role) for role in ROLES}


@pytest.mark.parametrize("name,kwargs,expected", MATRIX, ids=[f"{m[0]}:{i}" for i, m in enumerate(MATRIX)])
def test_status_for_every_role(world, clients, name, kwargs, expected):
    url = reverse(name, kwargs=kwargs(world) if kwargs else None)
    got = {role: clients[role].get(url).status_code for role in ROLES}
    assert got == expected


def _ids(client, url, key="id"):
    """Every row of a list, following the cursor to the end (two rows a page, to page for real)."""
    found = []
    response = client.get(url, {"limit": 2})
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        found += [row[key] for row in body["results"]]
        if not body["next"]:
            return found
        response = client.get(body["next"])


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("anonymous", "norole", "evaluator")])
def test_lists_of_personal_data_are_exactly_what_restrict_gives(world, clients, role):
    user = world.users[role]
    persons = _ids(clients[role], reverse("api:person-list"))
    enrollments = _ids(clients[role], reverse("api:enrollment-list"))
    assert sorted(persons) == sorted(visible_persons(user).values_list("pk", flat=True))
    assert sorted(enrollments) == sorted(visible_enrollments(user).values_list("pk", flat=True))
    assert len(persons) == len(set(persons)) and len(enrollments) == len(set(enrollments))


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("anonymous", "norole")])
def test_project_lists_are_exactly_the_reportable_projects(world, clients, role):
    codes = _ids(clients[role], reverse("api:project-list"), key="code")
    assert sorted(codes) == sorted(
        Project.objects.restrict(world.users[role], REPORT).values_list("code", flat=True)
    )


def test_a_coordinator_sees_no_other_organisations_persons(world, clients):
    body = clients["coord_mdl"].get(reverse("api:person-list")).json()
    names = {row["first_name"] for row in body["results"]}
    assert names == {"Bo"}
    assert set(visible_persons(world.users["coord_mdl"]).values_list("first_name", flat=True)) == {"Bo"}
    assert not visible_enrollments(world.users["coord_mdl"]).filter(person=world.persons["anna"]).exists()
    # Filters cannot reach past the rule: asking for anna's enrolments by her id finds nothing.
    response = clients["coord_mdl"].get(reverse("api:enrollment-list"), {"person": world.persons["anna"].pk})
    assert response.json()["results"] == []
    assert VIEW  # the rule the lists use


def test_protected_identity_never_shows_a_personnummer(world, clients):
    body = clients["coord_spik"].get(reverse("api:person-detail", kwargs=cia(world))).json()
    assert body["protected_identity"] is True
    assert body["personnummer"] is None

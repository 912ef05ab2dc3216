"""Every endpoint, every role of the test world, own and other organisation: who gets what.

Statuses are the pages' (the same rules), and every list returns exactly the rows ``restrict``
gives the user: not one row more (a leak), not one fewer. A new endpoint fails
``test_every_endpoint_is_in_the_matrix`` until it is decided about here.
"""

import datetime

import pytest
from django.urls import reverse

from stegvis.api.tests.casework_rows import row_kwargs
from stegvis.api.urls import urlpatterns
from stegvis.consent.actions import give_consent
from stegvis.core.access import REPORT, VIEW
from stegvis.core.tests.roles import (
    ADMIN_ONLY,
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


def compare_helhetslyftet(w):
    """A query string, not a path (``QUERY``): the comparison names its projects there."""
    return {QUERY: {"project": w.projects["helhetslyftet"].code}}


def compare_spik(w):
    return {QUERY: {"project": w.projects["spik"].code}}


def an_import(w):
    from stegvis.exchange.models import ExchangeJob, JobKind

    return {"pk": ExchangeJob.objects.create(user=w.users["admin"], kind=JobKind.CHECK).pk}


# A key of the kwargs that is the query string of the request, not a part of the path.
QUERY = "?"


def cia_consents(w):
    return {"enrollment_pk": w.enrollments["cia"].pk}


def anna_consents(w):
    return {"enrollment_pk": w.enrollments["anna"].pk}


def anna_consent(w):
    """A consent of anna's enrolment (made here: the test world has none)."""
    consent = give_consent(
        None,
        w.enrollments["anna"],
        kind="registrering",
        given_on=datetime.date(2023, 1, 10),
        method="skriftligt",
    )
    return {"enrollment_pk": consent.enrollment_id, "pk": consent.pk}


SPIK = statuses(
    admin=OK, coord_spik=OK, leader=MISSING, coord_kba=MISSING, coord_mdl=MISSING, evaluator=MISSING
)
CIA = statuses(admin=OK, coord_spik=OK, leader=MISSING, coord_kba=MISSING, coord_mdl=MISSING)
# A comparison names a project one may not see: the parameter is wrong (400), nothing is found.
COMPARE_HELHETSLYFTET = {**HELHETSLYFTET_REPORT, "coord_spik": 400}
COMPARE_SPIK = statuses(admin=OK, coord_spik=OK, leader=400, coord_kba=400, coord_mdl=400, evaluator=400)
# The data-quality counts: staff with the records (never evaluators), over the rows they may see.
QUALITY_HELHETSLYFTET = statuses(admin=OK, leader=OK, coord_kba=OK, coord_mdl=OK, coord_spik=MISSING)
QUALITY_SPIK = statuses(admin=OK, coord_spik=OK, leader=MISSING, coord_kba=MISSING, coord_mdl=MISSING)
QUALITY_KUNGSBACKA = statuses(admin=OK, leader=OK, coord_kba=OK, coord_mdl=MISSING, coord_spik=MISSING)
QUALITY_VAXJO = statuses(admin=OK, coord_spik=OK, leader=MISSING, coord_kba=MISSING, coord_mdl=MISSING)
# An address that only takes POST (or PATCH): whoever passes the personal-data rule is told the method
# is not allowed (405) before any row is looked up; the others are refused as for any personal data.
NOT_READABLE = 405
POST_ONLY = with_token(statuses(default=NOT_READABLE, norole=403, evaluator=403))

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
    ("api:comparison", compare_helhetslyftet, with_token(COMPARE_HELHETSLYFTET)),
    ("api:comparison", compare_spik, with_token(COMPARE_SPIK)),
    ("api:project-follow-up", helhetslyftet, with_token(HELHETSLYFTET_REPORT)),
    ("api:project-follow-up", spik, with_token(SPIK)),
    ("api:project-sus", helhetslyftet, with_token(HELHETSLYFTET_REPORT)),
    ("api:project-sus", spik, with_token(SPIK)),
    ("api:project-data-quality", helhetslyftet, with_token(QUALITY_HELHETSLYFTET)),
    ("api:project-data-quality", spik, with_token(QUALITY_SPIK)),
    ("api:organization-data-quality", kungsbacka, with_token(QUALITY_KUNGSBACKA)),
    ("api:organization-data-quality", vaxjo, with_token(QUALITY_VAXJO)),
    ("api:import-list", None, with_token(ADMIN_ONLY)),
    ("api:import-detail", an_import, with_token(ADMIN_ONLY)),
    # Casework rows of an enrolment: the enrolment's rule (rows made by casework_rows.py).
    ("api:measurement-list", None, with_token(PERSONAL_DATA_PAGES)),
    ("api:measurement-detail", row_kwargs("measurement", "anna"), with_token(ANNA)),
    ("api:measurement-detail", row_kwargs("measurement", "cia"), with_token(CIA)),
    ("api:intervention-list", None, with_token(PERSONAL_DATA_PAGES)),
    ("api:intervention-detail", row_kwargs("intervention", "anna"), with_token(ANNA)),
    ("api:intervention-detail", row_kwargs("intervention", "cia"), with_token(CIA)),
    ("api:contact-list", None, with_token(PERSONAL_DATA_PAGES)),
    ("api:contact-detail", row_kwargs("contact", "anna"), with_token(ANNA)),
    ("api:contact-detail", row_kwargs("contact", "cia"), with_token(CIA)),
    ("api:plan-goal-list", None, with_token(PERSONAL_DATA_PAGES)),
    ("api:plan-goal-detail", row_kwargs("plan-goal", "anna"), with_token(ANNA)),
    ("api:plan-goal-detail", row_kwargs("plan-goal", "cia"), with_token(CIA)),
    ("api:plan-step-list", None, with_token(PERSONAL_DATA_PAGES)),
    ("api:plan-step-detail", row_kwargs("plan-step", "anna"), with_token(ANNA)),
    ("api:plan-step-detail", row_kwargs("plan-step", "cia"), with_token(CIA)),
    ("api:enrollment-exit", anna_enrollment, POST_ONLY),
    ("api:enrollment-exit", cia_enrollment, POST_ONLY),
    ("api:enrollment-consent-list", anna_consents, with_token(ANNA)),
    ("api:enrollment-consent-list", cia_consents, with_token(CIA)),
    ("api:enrollment-consent-detail", anna_consent, with_token(ANNA)),
    ("api:enrollment-consent-withdraw", anna_consent, POST_ONLY),
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
    kwargs = kwargs(world) if kwargs else {}
    query = kwargs.pop(QUERY, None)
    url = reverse(name, kwargs=kwargs or None)
    got = {role: clients[role].get(url, query).status_code for role in ROLES}
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

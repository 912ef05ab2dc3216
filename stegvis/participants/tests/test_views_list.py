"""The participant list: search, filters, sorting, paging, HTMX and a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stegvis.participants import actions
from stegvis.participants.tests.helpers import add_enrolled_persons, names_in

pytestmark = pytest.mark.django_db

LIST = "/deltagare/"


def get(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    return names_in(response)


@pytest.mark.parametrize(
    "query",
    ["198501010204", "19850101-0204", "850101-0204", "8501010204", "19850101", "850101", " 19850101 0204 "],
)
def test_search_finds_personnummer_in_any_typed_form(world, login_as, query):
    assert get(login_as(world.users["admin"]), q=query) == ["Anna Andersson"]


def test_search_by_name_and_reference(world, login_as):
    client = login_as(world.users["admin"])
    assert get(client, q="anna and") == ["Anna Andersson"]
    assert get(client, q="berg") == ["Bo Berg"]
    assert get(client, q="KBA-1") == ["Anna Andersson"]
    assert get(client, q="mdl-1") == ["Bo Berg"]
    assert get(client, q="ingen sådan") == []


def test_search_never_reaches_outside_the_users_access(world, login_as):
    client = login_as(world.users["coord_kba"])
    assert get(client, q="Bo") == []
    assert get(client, q="MDL-1") == []


def test_filters(world, login_as):
    client = login_as(world.users["admin"])
    assert get(client, project=world.projects["spik"].pk) == ["Cia Ceder"]
    assert get(client, organization=world.orgs["molndal"].pk) == ["Bo Berg"]
    assert get(client, coordinator=world.users["coord_mdl"].pk) == ["Bo Berg"]
    assert get(client, referrer="fk") == ["Cia Ceder"]
    assert get(client, gender="M") == ["Bo Berg"]
    assert set(get(client, gender="K")) == {"Anna Andersson", "Cia Ceder"}


def test_age_band_is_computed_from_birth_year(world, login_as):
    client = login_as(world.users["admin"])
    year = timezone.localdate().year
    band_of = {"Anna Andersson": year - 1985, "Bo Berg": year - 1990, "Cia Ceder": year - 1970}
    for band, low, high in [("30-39", 30, 39), ("40-49", 40, 49), ("50-59", 50, 59)]:
        expected = {name for name, age in band_of.items() if low <= age <= high}
        assert set(get(client, age_band=band)) == expected, band


def test_status_filter(world, login_as):
    e = world.enrollments["bo"]
    actions.register_exit(
        None, e, version=e.version, end_date=e.start_date.replace(year=2024), exit_reason="arbete"
    )
    actions.register_person(
        None,
        organization=world.orgs["kungsbacka"],
        first_name="Dana",
        last_name="Dahl",
        gender="K",
        birth_year=2000,
    )
    client = login_as(world.users["admin"])
    assert set(get(client, status="aktiv")) == {"Anna Andersson", "Cia Ceder"}
    assert get(client, status="avslutad") == ["Bo Berg"]
    assert get(client, status="ej_inskriven") == ["Dana Dahl"]
    # A coordinator sees persons their organisation registered but has not enrolled yet.
    assert get(login_as(world.users["coord_kba"]), status="ej_inskriven") == ["Dana Dahl"]


def test_filter_choices_are_limited_to_what_the_user_may_see(world, login_as):
    html = login_as(world.users["coord_kba"]).get(LIST).content.decode()
    assert "Helhetslyftet" in html and "SPiK" not in html
    assert "Coord_Kba" in html and "Coord_Mdl" not in html and "Coord_Spik" not in html
    assert "Växjö kommun" not in html


def test_sorting(world, login_as):
    client = login_as(world.users["admin"])
    assert get(client) == ["Anna Andersson", "Bo Berg", "Cia Ceder"]
    assert get(client, sort="-name") == ["Cia Ceder", "Bo Berg", "Anna Andersson"]
    assert get(client, sort="age") == ["Bo Berg", "Anna Andersson", "Cia Ceder"]
    assert get(client, sort="latest_start") == ["Cia Ceder", "Anna Andersson", "Bo Berg"]
    html = client.get(LIST, {"sort": "-name"}).content.decode()
    assert 'aria-sort="descending"' in html


def test_bad_filter_values_do_not_fail(world, login_as):
    client = login_as(world.users["admin"])
    response = client.get(LIST, {"project": "abc", "age_band": "x", "sort": "nonsense", "page": "999"})
    assert response.status_code in (200, 404)
    assert client.get(LIST, {"project": "abc", "status": "nope"}).status_code == 200


def test_pagination_and_total(world, login_as):
    add_enrolled_persons(world, 30)
    client = login_as(world.users["coord_kba"])
    first = client.get(LIST)
    html = first.content.decode()
    assert "31 deltagare" in html
    assert len(names_in(first)) == 25
    assert 'aria-label="Sidor"' in html
    assert len(get(client, page=2)) == 6


def test_htmx_request_gets_only_the_table(world, login_as):
    client = login_as(world.users["admin"])
    response = client.get(LIST, {"q": "anna"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="list-region")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="list-region"' in html
    assert names_in(response) == ["Anna Andersson"]
    assert "HX-Request" in response["Vary"]
    full = client.get(LIST).content.decode()
    assert "<html" in full and 'hx-get="/deltagare/"' in full and 'hx-push-url="true"' in full


def test_merged_persons_are_not_listed(world, login_as):
    dup = actions.register_person(
        None,
        organization=world.orgs["kungsbacka"],
        first_name="Anna",
        last_name="Dubblett",
        gender="K",
        birth_year=1985,
    )
    actions.merge_persons(None, world.persons["anna"], duplicate=dup)
    assert "Anna Dubblett" not in get(login_as(world.users["admin"]))


def _queries(client, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["admin", "coord_kba", "leader"])
def test_query_count_does_not_grow_with_rows(world, login_as, role, django_assert_max_num_queries):
    client = login_as(world.users[role])
    add_enrolled_persons(world, 10)
    few = _queries(client)
    add_enrolled_persons(world, 30, start=10)
    many = _queries(client)
    assert few == many
    with django_assert_max_num_queries(few):
        client.get(LIST, {"per_page": 25, "sort": "-coordinator"})
    filtered = _queries(client, q="Testsson", status="aktiv", age_band="40-49", referrer="af")
    with django_assert_max_num_queries(filtered):
        client.get(
            LIST, {"q": "Testsson", "status": "aktiv", "age_band": "40-49", "referrer": "af", "page": 2}
        )

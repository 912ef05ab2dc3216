"""The participant list stays a fixed number of queries and bounded work at any size.

The timings at a million participants are in BENCHMARKS.md (``bench/pages.py``); here the
shape is checked: the same queries whatever the page size and the number of rows, a count
that stops at the cap, and a coordinator filter that does not list thousands of accounts.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stegvis.core.forms import LongSelect
from stegvis.core.paging import CappedPaginator
from stegvis.participants import filters
from stegvis.participants.tests.helpers import add_enrolled_persons, names_in

pytestmark = pytest.mark.django_db

LIST = "/deltagare/"

# Queries of one list page, the same for every role and search: session, user, roles, the
# filter's choices (projects, organisations, coordinators: two), the capped count, the page, its
# enrolments, the audit entries and the transaction around them; on PostgreSQL one more, the
# lock that keeps the audit log's hash chain in order. Neither the rows nor the page size change it.
QUERIES = {"sqlite": 15, "postgresql": 16}
ROLES = ["admin", "coord_kba", "leader"]


def _queries(client, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("q", ["", "Testsson", "19850101-0204", "850101"])
def test_the_list_is_a_fixed_number_of_queries_whatever_the_page_size(world, login_as, role, q):
    client = login_as(world.users[role])
    add_enrolled_persons(world, 30)
    counts = {per_page: _queries(client, q=q, per_page=per_page) for per_page in (5, 25, 50)}
    assert set(counts.values()) == {QUERIES[connection.vendor]}, counts


def test_the_count_stops_at_the_cap(world, login_as, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 10)
    add_enrolled_persons(world, 30)
    client = login_as(world.users["admin"])
    html = client.get(LIST, {"per_page": 5}).content.decode()
    assert "Fler än 10 deltagare" in html
    assert "Sida 1 av 2" in html  # the first ten rows, in pages of five
    narrowed = client.get(LIST, {"q": "Person001"})
    assert names_in(narrowed) == ["Person001 Testsson"]
    assert "1 deltagare" in narrowed.content.decode()


def test_below_the_cap_the_count_is_exact(world, login_as):
    add_enrolled_persons(world, 12)
    html = login_as(world.users["coord_kba"]).get(LIST, {"q": "Testsson"}).content.decode()
    assert "12 deltagare" in html and "Fler än" not in html


def test_a_coordinator_filter_with_too_many_to_list_asks_for_a_project(world, login_as, monkeypatch):
    # The world's enrolments have three coordinators, two of them in Helhetslyftet.
    monkeypatch.setattr(filters, "MAX_COORDINATOR_CHOICES", 2)
    add_enrolled_persons(world, 2)
    client = login_as(world.users["admin"])
    response = client.get(LIST)
    assert "Välj ett projekt för att kunna välja bland dess koordinatorer." in response.content.decode()
    assert coordinator_options(response) == ["Alla koordinatorer"]
    # The coordinator chosen is still offered, and filters the list.
    chosen = client.get(LIST, {"coordinator": world.users["coord_kba"].pk})
    assert coordinator_options(chosen) == ["Alla koordinatorer", "Coord_Kba"]
    assert "Person000 Testsson" in names_in(chosen)
    # With a project chosen, its coordinators are few enough to list.
    in_project = client.get(LIST, {"project": world.projects["helhetslyftet"].pk})
    assert "Coord_Kba" in coordinator_options(in_project)


def test_the_coordinator_filter_never_offers_someone_outside_the_users_access(world, login_as):
    add_enrolled_persons(world, 2)
    assert "Coord_Kba" not in coordinator_options(login_as(world.users["coord_mdl"]).get(LIST))
    assert "Coord_Kba" in coordinator_options(login_as(world.users["leader"]).get(LIST))


def coordinator_options(response):
    select = re.search(r'<select name="coordinator".*?</select>', response.content.decode(), re.S).group(0)
    return re.findall(r"<option [^>]*>([^<]*)</option>", select)


def test_long_select_writes_the_same_options_as_a_select():
    widget = LongSelect(choices=[("", "Alla"), (1, "Anna & Bo"), (2, "Cia")])
    html = widget.render("coordinator", 2, attrs={"id": "id_coordinator"})
    assert html == (
        '<select name="coordinator" id="id_coordinator"><option value="">Alla</option>'
        '<option value="1">Anna &amp; Bo</option><option value="2" selected>Cia</option></select>'
    )

"""The read replica's router: report reads go to ``replica``, writes and reads after a write to ``default``.

The suite runs with a ``replica`` database that is the test database itself (TEST MIRROR, set up
in conftest.py), so which connection a query used is what these tests look at. Tests in a test
transaction always read from the primary (a read inside ``atomic`` stays there); the routing
tests therefore commit (``transaction=True``), as a replica only ever sees committed rows.
"""

import pytest
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.core.routers import COOKIE, read_database, reading_from_replica, routing_scope
from stegvis.organizations.models import Organization, Project

ROUTING = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


class Queries:
    """The queries each database was sent inside the block."""

    def __enter__(self):
        self.default = CaptureQueriesContext(connections["default"]).__enter__()
        self.replica = CaptureQueriesContext(connections["replica"]).__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.default.__exit__(*exc)


def test_the_suite_has_a_replica_that_mirrors_the_test_database():
    assert "replica" in connections.settings
    assert connections.settings["replica"]["TEST"]["MIRROR"] == "default"


@ROUTING
def test_reads_inside_the_block_go_to_the_replica_and_others_to_the_primary():
    Organization.objects.create(code="o1", name="O1", kind="kommun")
    with Queries() as q:
        assert Organization.objects.count() == 1
    assert len(q.default) == 1 and len(q.replica) == 0
    with reading_from_replica(), Queries() as q:
        assert read_database() == "replica"
        assert Organization.objects.count() == 1  # committed rows: the mirror sees them
    assert len(q.replica) == 1 and len(q.default) == 0


@ROUTING
def test_a_write_and_every_read_after_it_stay_on_the_primary():
    with reading_from_replica():
        with Queries() as q:
            Organization.objects.count()
            Organization.objects.create(code="o2", name="O2", kind="kommun")
            assert read_database() == "default"
            assert Organization.objects.filter(code="o2").exists()  # read right after the write
        assert len(q.replica) == 1  # only the read before the write
        assert any("INSERT" in query["sql"] for query in q.default.captured_queries)
        assert len(q.default) >= 2  # the INSERT and the read after it
    # A new block starts afresh.
    with reading_from_replica():
        assert read_database() == "replica"


@ROUTING
def test_reads_inside_a_transaction_stay_on_the_primary():
    with reading_from_replica(), transaction.atomic(), Queries() as q:
        assert read_database() == "default"
        Organization.objects.count()
    assert len(q.replica) == 0


def test_in_a_test_transaction_everything_reads_the_primary(db):
    with reading_from_replica():
        assert read_database() == "default"


@ROUTING
def test_a_pinned_request_reads_the_primary():
    with routing_scope(pinned=True), reading_from_replica():
        assert read_database() == "default"


@ROUTING
def test_the_report_page_reads_from_the_replica_and_writes_its_audit_entry_to_the_primary(client):
    from stegvis.testing import build_world

    world = build_world()
    client.force_login(world.users["leader"])
    url = reverse("reports:project_report", kwargs={"code": world.projects["helhetslyftet"].code})
    with Queries() as q:
        response = client.get(url)
    assert response.status_code == 200
    assert len(q.replica) > 5  # the report's figures
    writes = [
        x["sql"]
        for x in q.default.captured_queries
        if x["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert not [
        x
        for x in q.replica.captured_queries
        if x["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes  # the session, and the audit log's entry for the page
    assert COOKIE not in response.cookies  # bookkeeping only: the next page may read the replica


@ROUTING
def test_after_a_change_the_browser_reads_the_primary_for_a_while(client):
    from stegvis.testing import build_world

    world = build_world()
    project = world.projects["helhetslyftet"]
    client.force_login(world.users["admin"])
    # A change (not bookkeeping) in a request sets the cookie.
    from django.http import HttpResponse
    from django.test import RequestFactory

    from stegvis.core.routers import ReplicaRoutingMiddleware

    def change(request):
        Project.objects.filter(pk=project.pk).update(name="Helhetslyftet 2")
        return HttpResponse("ok")

    response = ReplicaRoutingMiddleware(change)(RequestFactory().post("/"))
    assert COOKIE in response.cookies and response.cookies[COOKIE]["httponly"]
    client.cookies[COOKIE] = response.cookies[COOKIE].value
    url = reverse("reports:project_report", kwargs={"code": project.code})
    with Queries() as q:
        assert client.get(url).status_code == 200
    assert len(q.replica) == 0 and "Helhetslyftet 2" in client.get(url).content.decode()

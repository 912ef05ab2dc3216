"""Reads of personal data: audited like the pages, in a fixed number of queries, with an ETag."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.participants import actions


def _more_people(world, n):
    for i in range(n):
        person = actions.register_person(
            None,
            organization=world.orgs["kungsbacka"],
            first_name=f"Extra{i}",
            last_name="Person",
            gender="K",
            birth_year=1980 + i,
        )
        actions.enroll_participant(
            None,
            person,
            project=world.projects["helhetslyftet"],
            organization=world.orgs["kungsbacka"],
            start_date=world.enrollments["anna"].start_date,
            referrer="af",
            coordinator=world.users["coord_kba"],
        )


def _queries(client, url, limit):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"limit": limit})
    assert response.status_code == 200
    assert len(response.json()["results"]) == limit
    return len(captured)


@pytest.mark.parametrize(
    "name", ["api:person-list", "api:enrollment-list", "api:project-list", "api:need-group-list"]
)
def test_a_list_costs_the_same_queries_for_2_rows_as_for_8(world, api_as, name):
    _more_people(world, 8)
    for code in ("a", "b", "c", "d", "e", "f", "g", "h"):
        world.projects["helhetslyftet"].need_groups.create(name=code)
    client = api_as("admin")
    url = reverse(name)
    client.get(url)  # the token's first use of the minute writes "last used" once; not part of a page's cost
    if name == "api:project-list":
        assert _queries(client, url, 1) == _queries(client, url, 2)
    else:
        assert _queries(client, url, 2) == _queries(client, url, 8)


def test_a_list_of_persons_is_audited_once_plus_once_per_person_shown(world, api_as):
    client = api_as("coord_kba")
    before = AuditEntry.objects.count()
    body = client.get(reverse("api:person-list"), {"q": "Anna"}).json()
    assert [p["first_name"] for p in body["results"]] == ["Anna"]
    entries = list(AuditEntry.objects.order_by("pk")[before:])
    assert [e.action for e in entries] == ["search", "view"]
    assert entries[0].username == "coord_kba" and entries[0].detail.startswith("API: personer")
    assert entries[0].changes == {"q": [None, "Anna"]} or "Anna" in str(entries[0].changes)
    assert entries[1].person_id == world.persons["anna"].pk


def test_reading_one_enrolment_is_audited_on_its_person_and_carries_the_etag(world, api_as):
    enrollment = world.enrollments["anna"]
    response = api_as("leader").get(reverse("api:enrollment-detail", kwargs={"pk": enrollment.pk}))
    assert response.status_code == 200
    assert response["ETag"] == f'"{enrollment.version}"'
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.person_id, entry.username) == ("view", world.persons["anna"].pk, "leader")


def test_catalogue_reads_are_not_audited(world, api_as):
    client = api_as("coord_kba")
    before = AuditEntry.objects.count()
    for name in ("api:project-list", "api:organization-list", "api:need-group-list", "api:referrers"):
        assert client.get(reverse(name)).status_code == 200
    assert AuditEntry.objects.count() == before


def test_filters_narrow_the_lists(world, api_as):
    client = api_as("admin")
    ids = [e["id"] for e in client.get(reverse("api:enrollment-list"), {"project": "spik"}).json()["results"]]
    assert ids == [world.enrollments["cia"].pk]
    ids = [
        e["id"]
        for e in client.get(reverse("api:enrollment-list"), {"organization": "molndal"}).json()["results"]
    ]
    assert ids == [world.enrollments["bo"].pk]
    persons = client.get(reverse("api:person-list"), {"q": "19850101-0204"}).json()["results"]
    assert [p["first_name"] for p in persons] == ["Anna"]
    persons = client.get(reverse("api:person-list"), {"project": "spik"}).json()["results"]
    assert [p["first_name"] for p in persons] == ["Cia"]


def test_a_bad_cursor_is_a_problem_not_an_error(world, api_as):
    response = api_as("admin").get(reverse("api:person-list"), {"cursor": "not-a-cursor"})
    assert response.status_code == 404
    assert response.json()["detail"] == "Markören är ogiltig."

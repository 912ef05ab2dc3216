"""The data-quality pages: what each role sees, the links that fix a row, audit and query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.consent.testing import give
from stegvis.quality.testing import end, enrol, person
from stegvis.testing import audit_write_queries

pytestmark = pytest.mark.django_db

D = datetime.date


def page(client, world, typ=None, project="helhetslyftet", **params):
    url = reverse("quality:project", kwargs={"code": world.projects[project].code})
    query = {"typ": typ, **params} if typ else params
    return client.get(url, query)


def counts_of(response):
    return {item["key"]: item["count"] for item in response.context["kinds"]}


def test_leader_sees_the_whole_project_and_a_coordinator_only_their_organisations(world, login_as):
    # Helhetslyftet ended 2025-06-30: anna (Kungsbacka) and bo (Mölndal) are still active.
    leader = page(login_as(world.users["leader"]), world)
    assert counts_of(leader)["missing_exit"] == 2
    rows = leader.context["rows"]
    assert {r.persons[0].pk for r in rows} == {world.persons["anna"].pk, world.persons["bo"].pk}
    html = leader.content.decode()
    assert reverse("participants:exit", args=[world.enrollments["anna"].pk]) in html
    assert reverse("participants:detail", args=[world.persons["anna"].pk]) in html
    assert "projektet slutade 2025-06-30" in html
    coordinator = page(login_as(world.users["coord_kba"]), world)
    assert counts_of(coordinator)["missing_exit"] == 1
    assert [r.persons[0].pk for r in coordinator.context["rows"]] == [world.persons["anna"].pk]
    names = {row["name"]: row["counts"]["missing_exit"] for row in leader.context["coordinators"]}
    assert sorted(names.values()) == [1, 1] and len(names) == 2


def test_each_kind_links_to_where_it_is_fixed(world, login_as):
    project = world.projects["helhetslyftet"]
    twin = person(world, "Anna", "Andersson", birth_year=1985, birth_date=D(1985, 1, 1))
    enrol(world, project, twin, start=D(2023, 3, 1), income_source_start="")
    give(world.enrollments["anna"], "registrering")
    client = login_as(world.users["admin"])
    pairs = page(client, world, "likely_duplicate_persons")
    anna = world.persons["anna"]
    merge = reverse("participants:merge", args=[anna.pk]) + f"?duplicate={twin.pk}"
    assert merge in pairs.content.decode()
    start = page(client, world, "missing_status_at_start")
    fixes = {r.persons[0].pk: r.fix_url for r in start.context["rows"]}
    assert fixes[twin.pk] == reverse("participants:enrollment_edit", args=[twin.enrollments.get().pk])
    consent = page(client, world, "missing_consent")
    urls = {r.fix_url for r in consent.context["rows"]}
    assert reverse("consent:create", args=[world.enrollments["bo"].pk]) + "?typ=registrering" in urls
    ended = end(world.enrollments["bo"], D(2023, 6, 30))  # no status at exit
    at_exit = page(client, world, "missing_status_at_exit")
    assert reverse("participants:exit", args=[ended.pk]) in {r.fix_url for r in at_exit.context["rows"]}
    assert not any(str(world.enrollments["anna"].pk) + "/" in u for u in urls)  # anna has consent


def test_the_page_is_audited_and_takes_a_fixed_number_of_queries(world, login_as):
    client = login_as(world.users["leader"])
    before = AuditEntry.objects.count()
    page(client, world)
    # One entry for the list and one per person shown (anna and bo).
    assert AuditEntry.objects.count() - before == 3
    project = world.projects["helhetslyftet"]
    twin = person(world, "Anna", "Andersson", birth_year=1985, birth_date=D(1985, 1, 1))
    enrol(world, project, twin, start=D(2023, 3, 1))  # a pair listed from the start
    for kind in ("missing_exit", "likely_duplicate_persons", "measurements_outside_enrollment"):
        with CaptureQueriesContext(connection) as few:
            page(client, world, kind)
        for i in range(30):
            enrol(
                world,
                project,
                person(world, f"P{i}", "Ek"),
                start=D(2023, 1, 1),
                coordinator="coord_mdl",
                org="molndal",
            )
        with CaptureQueriesContext(connection) as many:
            response = page(client, world, kind)
        assert len(many.captured_queries) == len(few.captured_queries), kind
        assert len(few.captured_queries) <= 14 + audit_write_queries()
    assert response.context["page"].paginator.count == 0  # no measurements at all
    assert counts_of(page(client, world))["missing_exit"] == 93


def test_pages_are_paginated_by_kind(world, login_as):
    project = world.projects["helhetslyftet"]
    for i in range(30):
        enrol(world, project, person(world, f"P{i}", "Ek"), start=D(2023, 1, 1))
    client = login_as(world.users["leader"])
    first = page(client, world, "missing_exit")
    second = page(client, world, "missing_exit", sida=2)
    assert len(first.context["rows"]) == 25 and len(second.context["rows"]) == 7
    assert "sida=2" in first.content.decode()


def test_the_organisation_page_lists_the_organisations_enrolments_in_every_project(world, login_as):
    url = reverse("quality:organization", kwargs={"code": world.orgs["vaxjo"].code})
    response = login_as(world.users["coord_spik"]).get(url)
    assert response.status_code == 200
    # SPiK ended 2022-10-31 and cia is still enrolled.
    assert [r.persons[0].pk for r in response.context["rows"]] == [world.persons["cia"].pk]
    assert login_as(world.users["coord_kba"]).get(url).status_code == 404

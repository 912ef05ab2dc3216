"""The audit log page: administrators only, filters, readable changes, fixed query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stegvis.audit.log import record
from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.participants import actions

pytestmark = pytest.mark.django_db

LOG = "/logg/"


def rows(response):
    return response.content.decode().count('<tr class="')


def test_reverse_name():
    assert reverse("audit:list") == LOG


@pytest.mark.parametrize(
    "role,status",
    [
        ("admin", 200),
        ("leader", 403),
        ("coord_kba", 403),
        ("coord_mdl", 403),
        ("coord_spik", 403),
        ("evaluator", 403),
        ("norole", 403),
    ],
)
def test_only_administrators(world, login_as, role, status):
    assert login_as(world.users[role]).get(LOG).status_code == status


def test_anonymous_goes_to_login(world, client):
    assert client.get(LOG).status_code == 302


def test_filters(world, login_as):
    anna = world.persons["anna"]
    login_as(world.users["coord_kba"]).get(reverse("participants:detail", args=[anna.pk]))
    client = login_as(world.users["admin"])
    total = AuditEntry.objects.count()
    assert f"{total} loggposter" in client.get(LOG).content.decode()
    response = client.get(LOG, {"action": "view"})
    assert rows(response) == 1 and "Läsning" in response.content.decode()
    assert rows(client.get(LOG, {"user": world.users["coord_kba"].pk})) == 1
    assert rows(client.get(LOG, {"person": anna.pk})) == AuditEntry.objects.filter(person=anna).count()
    assert rows(client.get(LOG, {"object_type": "participants.enrollment"})) == 3
    today = timezone.localdate()
    total = AuditEntry.objects.count()  # each view of the log above was itself written to the log
    assert rows(client.get(LOG, {"date_from": today.isoformat(), "date_to": today.isoformat()})) == min(
        total, 50
    )
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    assert rows(client.get(LOG, {"date_to": yesterday})) == 0
    assert client.get(LOG, {"person": "abc", "date_from": "not a date"}).status_code == 200


def test_changes_are_readable(world, login_as):
    anna = world.persons["anna"]
    actions.update_person(world.users["admin"], anna, version=anna.version, phone="0701234567")
    html = login_as(world.users["admin"]).get(LOG, {"action": "update", "person": anna.pk}).content.decode()
    assert "telefon</span>: – → 0701234567" in html
    assert "Admin" in html or "admin" in html


def test_sorting(world, login_as):
    client = login_as(world.users["admin"])
    html = client.get(LOG, {"sort": "at"}).content.decode()
    assert 'aria-sort="ascending"' in html
    assert client.get(LOG, {"sort": "person"}).status_code == 200


def test_protected_number_is_not_in_the_log_page(world, login_as):
    html = login_as(world.users["admin"]).get(LOG, {"person": world.persons["cia"].pk}).content.decode()
    assert "197002020209" not in html and "19700202-0209" not in html


def _queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LOG)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow(world, login_as, django_assert_max_num_queries):
    client = login_as(world.users["admin"])
    persons = list(world.persons.values())
    for i in range(10):
        record(world.users["leader"], AuditAction.VIEW, persons[i % 3])
    few = _queries(client)
    for i in range(40):
        record(world.users["coord_kba"], AuditAction.VIEW, persons[i % 3])
    # One query fewer when no entry on the page names a coordinator: never more.
    assert _queries(client) <= few
    with django_assert_max_num_queries(few):
        client.get(LOG, {"page": 2})


def test_coordinator_ids_are_shown_as_names(world, login_as):
    html = (
        login_as(world.users["admin"]).get(LOG, {"object_type": "participants.enrollment"}).content.decode()
    )
    assert "koordinator</span>: – → Coord_Kba" in html


def test_entries_name_the_visitor_s_address_not_the_proxy_s(world, login_as, settings):
    """Behind the reverse proxy every connection is the proxy's; the audit log names the visitor."""
    anna = world.persons["anna"]
    client = login_as(world.users["coord_kba"])
    url = reverse("participants:detail", args=[anna.pk])

    client.get(url, REMOTE_ADDR="127.0.0.1")
    assert AuditEntry.objects.filter(person=anna).latest("pk").ip_address == "127.0.0.1"

    settings.STEGVIS_IP_META_KEY = "HTTP_X_REAL_IP"
    client.get(url, REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="10.20.30.40")
    assert AuditEntry.objects.filter(person=anna).latest("pk").ip_address == "10.20.30.40"


def test_the_user_filter_is_a_search_box_not_a_list_of_every_account(world, login_as):
    """Thousands of staff accounts must not be drawn into every page of the log."""
    anna = world.persons["anna"]
    login_as(world.users["coord_kba"]).get(reverse("participants:detail", args=[anna.pk]))
    client = login_as(world.users["admin"])
    html = client.get(LOG).content.decode()
    assert 'type="search" name="user"' in html
    assert "<option" not in html.split('name="user"')[1].split("</div>")[0]
    # By (part of) the username, the name, several words, or the account's id.
    for typed in ("coord_k", "COORD_KBA", str(world.users["coord_kba"].pk)):
        response = client.get(LOG, {"user": typed, "action": "view"})
        assert rows(response) == 1, typed
    assert rows(client.get(LOG, {"user": "ingen-sådan-användare"})) == 0


def test_the_query_count_is_the_same_with_a_user_search(world, login_as):
    client = login_as(world.users["admin"])
    client.get(LOG)
    plain = _queries(client)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LOG, {"user": "coord kba"}).status_code == 200
    assert len(ctx.captured_queries) <= plain  # one fewer when no entry shown names a coordinator


def test_the_object_types_offered_are_those_in_the_log(world):
    from stegvis.audit.filters import object_types

    expected = sorted(set(AuditEntry.objects.values_list("object_type", flat=True)))
    found = object_types()  # in the database's order, as before
    assert sorted(found) == expected and len(found) == len(expected) and "participants.person" in found

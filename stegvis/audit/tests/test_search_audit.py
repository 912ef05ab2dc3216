"""List and search pages that show names or personnummer write who searched for what and how much was shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.audit.retention import redact_changes
from stegvis.audit.verify import verify
from stegvis.testing import audit_write_queries

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "participants:list",
    "outcomes:due_list",
    "intake:queue",
    "consent:missing",
    "worklist:index",
    "notifications:log",
    "progression:due_list",
    "audit:list",
]


def _new_entries(before):
    return AuditEntry.objects.filter(pk__gt=before).order_by("pk")


@pytest.mark.parametrize("url_name", LIST_PAGES)
def test_every_list_page_writes_one_search_entry(world, login_as, url_name):
    admin = world.users["admin"]
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = login_as(admin).get(reverse(url_name), {"extra": "sökord"})
    assert response.status_code == 200
    searches = _new_entries(before).filter(action=AuditAction.SEARCH)
    assert len(searches) == 1
    search = searches.get()
    assert search.user == admin and search.changes["extra"] == [None, "sökord"]
    assert "rader visade" in search.detail
    assert search.ip_address == "127.0.0.1"


def test_the_participant_search_says_what_was_searched_and_who_was_shown(world, login_as):
    coordinator = world.users["coord_kba"]
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    login_as(coordinator).get(reverse("participants:list"), {"q": "Anna", "status": "", "sort": "name"})
    entries = list(_new_entries(before))
    search, *shown = entries
    assert search.action == AuditAction.SEARCH and search.object_type == "participants.person"
    assert search.changes == {"q": [None, "Anna"], "sort": [None, "name"]}
    assert search.detail == "Deltagarlistan: 1 av 1 rader visade"
    assert [(e.action, e.person_id) for e in shown] == [(AuditAction.VIEW, world.persons["anna"].pk)]
    assert verify().intact


def test_the_search_costs_exactly_one_audit_write(world, login_as):
    client = login_as(world.users["admin"])
    client.get(reverse("participants:list"))
    with CaptureQueriesContext(connection) as page:
        client.get(reverse("participants:list"), {"q": "Berg"})
    inserts = [
        q["sql"] for q in page.captured_queries if q["sql"].startswith('INSERT INTO "audit_auditentry"')
    ]
    assert len(inserts) == 1
    audit = [q for q in page.captured_queries if "audit_au" in q["sql"] or "pg_advisory" in q["sql"]]
    assert len(audit) == audit_write_queries()


def test_retention_drops_the_search_terms_and_keeps_which_filters_were_used(world, login_as):
    login_as(world.users["admin"]).get(reverse("participants:list"), {"q": "19850101-1234"})
    search = AuditEntry.objects.filter(action=AuditAction.SEARCH).latest("pk")
    redact_changes(AuditEntry.objects.filter(pk=search.pk))
    search.refresh_from_db()
    assert search.changes == {"q": [None, None]}
    assert "19850101" not in search.detail
    assert verify().intact


def test_a_nul_character_in_the_address_is_left_out_of_the_stored_terms(world, login_as):
    """PostgreSQL's JSON refuses NUL; a search for one must still be logged, not fail the page."""
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = login_as(world.users["admin"]).get(
        reverse("audit:list"), {"action": "\x00", "a\x00b": "x\x00y"}
    )
    assert response.status_code == 200
    search = _new_entries(before).get(action=AuditAction.SEARCH)
    assert search.changes == {"ab": [None, "xy"]}

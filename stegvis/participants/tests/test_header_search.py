"""The search field in every staff page's header: straight to the one person found, else the list."""

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.participants.tests.helpers import CIA_NUMBER

pytestmark = pytest.mark.django_db

SEARCH = reverse("participants:search")


def test_one_match_goes_straight_to_the_person_and_is_audited(world, login_as):
    client = login_as(world.users["coord_kba"])
    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(SEARCH, {"q": "KBA-1"})  # anna's reference
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:detail", args=[world.persons["anna"].pk])
    search = AuditEntry.objects.filter(pk__gt=before).get(action=AuditAction.SEARCH)
    assert search.user == world.users["coord_kba"] and search.changes["q"] == [None, "KBA-1"]
    # By name and by personnummer, typed in any usual form.
    for query in ("anna andersson", "850101-0204", "198501010204"):
        assert client.get(SEARCH, {"q": query})["Location"].endswith(f"/{world.persons['anna'].pk}/"), query


def test_no_or_several_matches_show_the_list_search_among_everyone(world, login_as):
    client = login_as(world.users["admin"])
    response = client.get(SEARCH, {"q": "zzz"})
    assert response["Location"] == reverse("participants:list") + "?q=zzz&status="
    # Several people have an "e" in their names: the list.
    assert client.get(SEARCH, {"q": "e"})["Location"].startswith(reverse("participants:list") + "?q=e")
    assert client.get(SEARCH)["Location"] == reverse("participants:list")


def test_only_people_the_user_may_see_and_never_by_a_protected_number(world, login_as):
    # Bo is Mölndal's: Kungsbacka's coordinator is sent to an empty list search, not to him.
    response = login_as(world.users["coord_kba"]).get(SEARCH, {"q": "MDL-1"})
    assert response["Location"].startswith(reverse("participants:list"))
    response = login_as(world.users["coord_spik"]).get(SEARCH, {"q": CIA_NUMBER})
    assert response["Location"].startswith(reverse("participants:list"))


def test_the_field_is_in_the_header_for_people_who_work_with_participants(world, login_as):
    html = login_as(world.users["coord_kba"]).get(reverse("home")).content.decode()
    assert 'role="search"' in html and f'action="{SEARCH}"' in html
    html = login_as(world.users["evaluator"]).get(reverse("home")).content.decode()
    assert f'action="{SEARCH}"' not in html

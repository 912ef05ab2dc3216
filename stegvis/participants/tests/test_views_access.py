"""Who may open which participant page, and what a protected identity never shows."""

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.participants.tests.helpers import CIA_NUMBER, names_in

pytestmark = pytest.mark.django_db

PERSON_PAGES = ["participants:detail", "participants:edit", "participants:enrol", "participants:merge"]
ENROLLMENT_PAGES = ["participants:enrollment_edit", "participants:coordinator_change", "participants:exit"]


@pytest.mark.parametrize(
    "role,expected",
    [
        ("admin", {"Anna Andersson", "Bo Berg", "Cia Ceder"}),
        ("leader", {"Anna Andersson", "Bo Berg"}),
        ("coord_kba", {"Anna Andersson"}),
        ("coord_mdl", {"Bo Berg"}),
        ("coord_spik", {"Cia Ceder"}),
    ],
)
def test_list_shows_only_visible_persons(world, login_as, role, expected):
    response = login_as(world.users[role]).get(reverse("participants:list"))
    assert response.status_code == 200
    assert set(names_in(response)) == expected


@pytest.mark.parametrize("role", ["evaluator", "norole"])
def test_roles_without_personal_data_get_403_everywhere(world, login_as, role):
    client = login_as(world.users[role])
    assert client.get(reverse("participants:list")).status_code == 403
    assert client.get(reverse("participants:create")).status_code == 403
    for name in PERSON_PAGES:
        assert client.get(reverse(name, args=[world.persons["anna"].pk])).status_code == 403, name
    for name in ENROLLMENT_PAGES:
        assert client.get(reverse(name, args=[world.enrollments["anna"].pk])).status_code == 403, name


def test_anonymous_is_sent_to_login(world, client):
    response = client.get(reverse("participants:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "role,person,status",
    [
        ("admin", "anna", 200),
        ("admin", "bo", 200),
        ("admin", "cia", 200),
        ("leader", "anna", 200),
        ("leader", "bo", 200),
        ("leader", "cia", 404),
        ("coord_kba", "anna", 200),
        ("coord_kba", "bo", 404),
        ("coord_kba", "cia", 404),
        ("coord_mdl", "anna", 404),
        ("coord_spik", "cia", 200),
        ("coord_spik", "anna", 404),
    ],
)
def test_person_pages_answer_404_for_invisible_persons(world, login_as, role, person, status):
    client = login_as(world.users[role])
    for name in PERSON_PAGES:
        assert client.get(reverse(name, args=[world.persons[person].pk])).status_code == status, name
    for name in ENROLLMENT_PAGES:
        assert client.get(reverse(name, args=[world.enrollments[person].pk])).status_code == status, name


def test_unknown_person_is_404(world, login_as):
    assert login_as(world.users["admin"]).get(reverse("participants:detail", args=[99999])).status_code == 404


def test_viewing_a_participant_writes_an_audit_entry(world, login_as):
    anna = world.persons["anna"]
    before = AuditEntry.objects.filter(action=AuditAction.VIEW, person=anna).count()
    login_as(world.users["coord_kba"]).get(reverse("participants:detail", args=[anna.pk]))
    entries = AuditEntry.objects.filter(action=AuditAction.VIEW, person=anna)
    assert entries.count() == before + 1
    entry = entries.first()
    assert entry.user == world.users["coord_kba"]
    assert entry.object_type == "participants.person" and entry.object_id == str(anna.pk)


def test_refused_view_writes_no_audit_entry(world, login_as):
    login_as(world.users["coord_kba"]).get(reverse("participants:detail", args=[world.persons["bo"].pk]))
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


def test_full_number_only_on_the_person_page(world, login_as):
    client = login_as(world.users["admin"])
    listing = client.get(reverse("participants:list")).content.decode()
    assert "19850101-****" in listing
    assert "19850101-0204" not in listing and "198501010204" not in listing
    page = client.get(reverse("participants:detail", args=[world.persons["anna"].pk])).content.decode()
    assert "19850101-0204" in page


def test_anonymous_person_is_labelled(world, login_as):
    page = login_as(world.users["admin"]).get(reverse("participants:detail", args=[world.persons["bo"].pk]))
    assert "Anonym (endast födelseår)" in page.content.decode()


def test_protected_identity_number_never_appears(world, login_as):
    client = login_as(world.users["admin"])
    cia = world.persons["cia"]
    urls = [
        reverse("participants:list"),
        reverse("participants:list") + "?q=Cia",
        reverse("participants:detail", args=[cia.pk]),
        reverse("participants:edit", args=[cia.pk]),
        reverse("participants:merge", args=[world.persons["anna"].pk]) + "?q=Cia",
        reverse("participants:merge", args=[world.persons["anna"].pk]) + f"?duplicate={cia.pk}",
        reverse("audit:list"),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert not CIA_NUMBER.search(html), url
        assert "19700202" not in html, url
    assert "Skyddad identitet" in client.get(reverse("participants:detail", args=[cia.pk])).content.decode()
    assert "Skyddad identitet" in client.get(reverse("participants:list")).content.decode()


def test_protected_identity_cannot_be_found_by_number(world, login_as):
    client = login_as(world.users["admin"])
    for query in ["197002020209", "19700202-0209", "7002020209", "19700202", "700202"]:
        assert names_in(client.get(reverse("participants:list"), {"q": query})) == [], query

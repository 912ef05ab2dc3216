"""The administrators' register-extract page: summary, downloads, errors at the field, access, audit."""

import json

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.participants.models import ParticipantRef
from stegvis.privacy.tests.records import fill_anna

pytestmark = pytest.mark.django_db

URL = reverse("privacy:extract")


def test_the_form_has_labelled_fields(world, login_as):
    page = login_as(world.users["admin"]).get(URL).content.decode()

    assert '<label for="id_identifier">' in page
    assert '<label for="id_organization">' in page


def test_summary_names_the_person_counts_the_records_and_is_audited(world, login_as):
    fill_anna(world, contacts=3)
    client = login_as(world.users["admin"])

    response = client.post(URL, {"identifier": "198501010204", "show": "1"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Anna Andersson" in page
    assert "Kontakter: 3" in page
    assert 'value="pdf"' in page and 'value="docx"' in page and 'value="json"' in page
    entry = AuditEntry.objects.get(action="view", person=world.persons["anna"])
    assert entry.user == world.users["admin"] and "sammanfattning" in entry.detail


def test_download_is_the_extract_and_audited_as_an_export(world, login_as):
    client = login_as(world.users["admin"])

    response = client.post(URL, {"identifier": "KBA-1", "format": "json"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="registerutdrag-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["held"] is True and data["made_by"] == "Admin"
    assert data["audit_trail"][-1]["who"] == "Admin (admin)" and data["audit_trail"][-1]["what"] == "tog ut"
    entry = AuditEntry.objects.get(action="export")
    assert entry.person == world.persons["anna"] and entry.user == world.users["admin"]

    pdf = client.post(URL, {"identifier": "KBA-1", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.post(URL, {"identifier": "KBA-1", "format": "docx"})
    assert docx.content.startswith(b"PK")


def test_a_protected_identity_is_not_named_on_screen(world, login_as):
    ParticipantRef.objects.create(person=world.persons["cia"], organization=world.orgs["vaxjo"], ref="VX-9")
    client = login_as(world.users["admin"])

    page = client.post(URL, {"identifier": "VX-9", "show": "1"}).content.decode()

    assert "Skyddad identitet" in page
    assert "Cia" not in page and "Ceder" not in page
    data = json.loads(client.post(URL, {"identifier": "VX-9", "format": "json"}).content)
    assert data["sections"][0]["records"][0]["heading"] == "Cia Ceder"


def test_nobody_held_says_so_and_still_offers_the_extract(world, login_as):
    client = login_as(world.users["admin"])

    page = client.post(URL, {"identifier": "19900101-0017", "show": "1"}).content.decode()

    assert "Stegvis har inga uppgifter om 19900101-0017" in page
    assert 'value="pdf"' in page
    entry = AuditEntry.objects.get(action="view")
    assert entry.person is None and "19900101" not in entry.detail


def test_errors_name_the_field(world, login_as):
    ParticipantRef.objects.create(person=world.persons["bo"], organization=world.orgs["molndal"], ref="KBA-1")
    client = login_as(world.users["admin"])

    empty = client.post(URL, {"identifier": " ", "show": "1"})
    assert empty.status_code == 400
    assert "Personnummer eller deltagarreferens: Ange ett personnummer" in empty.content.decode()

    ambiguous = client.post(URL, {"identifier": "KBA-1", "format": "pdf"})
    assert ambiguous.status_code == 400
    assert "Organisation: Referensen KBA-1 används av flera organisationer" in ambiguous.content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()

    narrowed = client.post(
        URL, {"identifier": "KBA-1", "organization": world.orgs["molndal"].pk, "show": "1"}
    )
    assert "Bo Berg" in narrowed.content.decode()

    mistyped = client.post(URL, {"identifier": "19850101-0205", "show": "1"})
    assert "kontrollsiffra" in mistyped.content.decode()


@pytest.mark.parametrize("role", ["leader", "coord_kba", "evaluator", "norole"])
def test_only_administrators_may_post(world, login_as, role):
    response = login_as(world.users[role]).post(URL, {"identifier": "KBA-1", "format": "json"})

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="export").exists()

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.employers import actions
from stegvis.employers.models import Employer
from stegvis.employers.testing import employer, log_entry

pytestmark = pytest.mark.django_db


def _get(client, user, url, **params):
    client.force_login(user)
    return client.get(url, params)


def test_the_list_shows_only_the_users_organisations(world, client):
    employer(world, name="Kungsbacka Lager")
    employer(world, org="molndal", name="Mölndal Bygg", industry="F")
    employer(world, org="vaxjo", name="Växjö Vård", industry="Q")
    page = _get(client, world.users["coord_kba"], reverse("employers:list")).content.decode()
    assert "Kungsbacka Lager" in page and "Mölndal Bygg" not in page and "Växjö Vård" not in page
    page = _get(client, world.users["leader"], reverse("employers:list")).content.decode()
    assert "Kungsbacka Lager" in page and "Mölndal Bygg" in page and "Växjö Vård" not in page
    page = _get(client, world.users["leader"], reverse("employers:list"), industry="F").content.decode()
    assert "Kungsbacka Lager" not in page and "Mölndal Bygg" in page


def test_the_list_takes_a_fixed_number_of_queries(world, client):
    client.force_login(world.users["coord_kba"])
    url = reverse("employers:list")
    employer(world, name="Den första")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"sort": "-last_contact"}).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(6):
        emp = employer(world, name=f"Arbetsgivare {n}")
        actions.add_agreement(None, emp, kind="praktikavtal", valid_from=datetime.date(2024, 1, 1))
        log_entry(world, emp, next_step_date=datetime.date.today())
    assert count() == before


def test_the_detail_page_is_audited_and_another_organisation_gets_404(world, client):
    emp = employer(world)
    actions.add_contact_person(None, emp, name="Maria Lind", phone="070-123 45 67")
    url = reverse("employers:detail", args=[emp.pk])
    page = _get(client, world.users["coord_kba"], url).content.decode()
    assert "Maria Lind" in page
    assert AuditEntry.objects.filter(object_type="employers.employer", action="view").count() == 1
    assert _get(client, world.users["coord_mdl"], url).status_code == 404


def test_create_edit_and_bad_input_through_the_pages(world, client):
    client.force_login(world.users["coord_kba"])
    response = client.post(
        reverse("employers:create"),
        {
            "organization": world.orgs["kungsbacka"].pk,
            "name": "Nordlager",
            "org_number": "123",
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "Organisationsnummer: ange tio siffror" in response.content.decode()
    # Another organisation is not among the choices.
    response = client.post(
        reverse("employers:create"), {"organization": world.orgs["molndal"].pk, "name": "X"}
    )
    assert response.status_code == 200 and not Employer.objects.exists()
    response = client.post(
        reverse("employers:create"),
        {"organization": world.orgs["kungsbacka"].pk, "name": "Nordlager", "industry": "H", "active": "on"},
    )
    emp = Employer.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("employers:detail", args=[emp.pk])
    response = client.post(reverse("employers:edit", args=[emp.pk]), {"name": "Nordlager AB", "version": 99})
    assert "Någon annan har ändrat" in response.content.decode()
    response = client.post(
        reverse("employers:log_create", args=[emp.pk]),
        {"date": datetime.date.today().isoformat(), "channel": "besok", "note": "Besök, två platser hösten."},
    )
    assert response.status_code == 302
    assert emp.contact_log.get().staff == world.users["coord_kba"]

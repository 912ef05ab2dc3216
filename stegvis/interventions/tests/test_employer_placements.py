"""Placements linked to the employer register: the action's check, the form, the employer's page."""

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.core.errors import ActionError
from stegvis.employers.testing import employer
from stegvis.interventions import actions
from stegvis.interventions.testing import anna_placement, anna_praktik, catalogue_entry

pytestmark = pytest.mark.django_db


def test_a_placement_takes_the_employers_name_when_none_is_typed(world):
    emp = employer(world, name="Förskolan Ekbacken")
    placement = actions.add_placement(None, anna_praktik(world), employer=emp, workplace_type="forskola")
    assert placement.workplace_name == "Förskolan Ekbacken"
    entry = AuditEntry.objects.get(object_type="interventions.placement", action="create")
    assert entry.changes["employer"] == [None, emp.pk]


def test_the_employer_must_be_in_the_enrolling_organisations_register(world):
    other = employer(world, org="molndal", name="Mölndals bageri")
    with pytest.raises(ActionError) as error:
        actions.add_placement(None, anna_praktik(world), employer=other, workplace_type="handel")
    assert "employer" in error.value.message_dict


def test_a_typed_workplace_still_works_and_can_be_linked_later(world):
    placement = anna_placement(world)
    assert placement.employer is None
    emp = employer(world)
    actions.update_placement(None, placement, version=placement.version, employer=emp)
    assert placement.employer == emp and placement.workplace_name == "Förskolan Solrosen"


def test_the_form_offers_the_organisations_employers(world, client):
    employer(world, name="Kungsbacka lager")
    employer(world, org="molndal", name="Mölndals bageri")
    client.force_login(world.users["coord_kba"])
    page = client.get(
        reverse("interventions:placement_create", args=[anna_praktik(world).pk])
    ).content.decode()
    assert "Kungsbacka lager" in page and "Mölndals bageri" not in page


def test_the_employer_page_shows_only_placements_the_user_may_see(world, client):
    emp = employer(world, org="molndal", name="Mölndals bageri")
    entry = catalogue_entry(world)
    bo = actions.add_participant_intervention(
        None, world.enrollments["bo"], intervention=entry, start_date=world.enrollments["bo"].start_date
    )
    actions.add_placement(None, bo, employer=emp, workplace_type="handel")
    url = reverse("employers:detail", args=[emp.pk])
    client.force_login(world.users["leader"])
    assert "Bo Berg" in client.get(url).content.decode()
    assert AuditEntry.objects.filter(
        object_type="interventions.placement", action="view", person=world.persons["bo"]
    ).exists()
    client.force_login(world.users["coord_mdl"])
    assert "Bo Berg" in client.get(url).content.decode()
    client.force_login(world.users["coord_kba"])
    assert client.get(url).status_code == 404

"""The participant list opens on the coordinator's own active participants, with a way to widen it."""

import datetime

import pytest
from django.urls import reverse

from stegvis.participants.tests.helpers import names_in
from stegvis.reports.tests.helpers import enrol, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def dan(world):
    """A Kungsbacka participant in Helhetslyftet whose coordinator is the project leader, not coord_kba."""
    dan = person(world, gender="M", first_name="Dan", last_name="Dahl")
    enrol(
        world,
        world.projects["helhetslyftet"],
        dan,
        datetime.date(2023, 5, 1),
        coordinator=world.users["leader"],
    )
    return dan


def test_a_coordinator_first_sees_their_own_active_participants(world, login_as, dan):
    client = login_as(world.users["coord_kba"])
    response = client.get(reverse("participants:list"))
    assert names_in(response) == ["Anna Andersson"]
    html = response.content.decode()
    assert "Dina aktiva deltagare" in html
    assert 'href="/deltagare/?status="' in html
    # The form shows the choices the list was made with.
    form = response.context["filter"].form
    assert (form["coordinator"].value(), form["status"].value()) == (
        str(world.users["coord_kba"].pk),
        "aktiv",
    )
    # Widened: everyone the coordinator may see.
    widened = client.get(reverse("participants:list") + "?status=")
    assert set(names_in(widened)) == {"Anna Andersson", "Dan Dahl"}
    assert "Dina aktiva deltagare" not in widened.content.decode()


def test_without_own_active_participants_the_list_shows_everyone(world, login_as, dan):
    client = login_as(world.users["admin"])  # coordinates nobody
    response = client.get(reverse("participants:list"))
    assert set(names_in(response)) == {"Anna Andersson", "Bo Berg", "Cia Ceder", "Dan Dahl"}
    assert "Dina aktiva deltagare" not in response.content.decode()

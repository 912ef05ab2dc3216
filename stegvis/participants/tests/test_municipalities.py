"""Home municipality as SCB's kommunkod: the list, the look-up, the form, the page and the migration."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from stegvis.participants.models import Person
from stegvis.participants.municipalities import MUNICIPALITIES, municipality_code, municipality_name
from stegvis.participants.tests.test_views_forms import edit_data, person_data

pytestmark = pytest.mark.django_db
migration = importlib.import_module("stegvis.participants.migrations.0010_home_municipality_as_kommunkod")


def test_the_list_has_sweden_s_290_municipalities_with_four_digit_codes():
    assert len(MUNICIPALITIES) == 290 and len(set(MUNICIPALITIES.values())) == 290
    assert all(len(code) == 4 and code.isdigit() for code in MUNICIPALITIES)
    assert MUNICIPALITIES["1384"] == "Kungsbacka" and MUNICIPALITIES["0180"] == "Stockholm"


def test_a_name_or_a_code_gives_the_code_whatever_the_case_and_spaces():
    assert municipality_code(" kungsbacka ") == "1384"
    assert municipality_code("ÖSTRA  göinge") == "1256"
    assert municipality_code("1480") == "1480"
    assert municipality_code("") == "" and municipality_code(None) == ""
    assert municipality_code("Atlantis") is None and municipality_code("9999") is None
    assert municipality_name("1481") == "Mölndal" and municipality_name("Atlantis") == "Atlantis"


def test_the_form_stores_the_code_and_the_page_shows_the_name(world, login_as):
    client = login_as(world.users["coord_kba"])
    response = client.post(reverse("participants:create"), person_data(world, birth_year="1979"))
    assert response.status_code == 302
    person = Person.objects.get(last_name="Ek")
    assert person.home_municipality == "1384"
    html = client.get(reverse("participants:detail", args=[person.pk])).content.decode()
    assert "<dd>Kungsbacka</dd>" in html and "1384" not in html
    response = client.post(
        reverse("participants:edit", args=[person.pk]), edit_data(person, home_municipality="1481")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.home_municipality == "1481"


def test_an_unknown_municipality_is_an_error_at_the_field(world, login_as):
    client = login_as(world.users["coord_kba"])
    response = client.post(
        reverse("participants:create"), person_data(world, birth_year="1979", home_municipality="Atlantis")
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_home_municipality_error"' in html
    assert "Atlantis" in html and "ingen svensk kommun" in html
    assert not Person.objects.filter(last_name="Ek").exists()


def test_the_migration_turns_names_into_codes_and_keeps_what_matches_nothing(world):
    anna, bo = world.persons["anna"], world.persons["bo"]
    Person.objects.filter(pk=anna.pk).update(home_municipality=" göteborg ")
    Person.objects.filter(pk=bo.pk).update(home_municipality="Utlandet")
    migration.names_to_codes(apps, None)
    assert Person.objects.get(pk=anna.pk).home_municipality == "1480"
    assert Person.objects.get(pk=bo.pk).home_municipality == "Utlandet"
    migration.codes_to_names(apps, None)
    assert Person.objects.get(pk=anna.pk).home_municipality == "Göteborg"

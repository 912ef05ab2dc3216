"""A coordinator's daily flow in a real browser: find a person, open the page, register an exit."""

import re

import pytest

PERSON_URL = re.compile(r"/deltagare/\d+/$")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.testing import build_world

    return build_world()


def test_search_open_and_register_exit(page, browser_login, world_tx):
    browser_login("leader")
    page.get_by_role("link", name="Deltagare", exact=True).first.click()
    page.wait_for_url("**/deltagare/")
    rows = page.locator("tbody tr")
    assert rows.count() == 2  # anna and bo, not cia (another project)
    # Typing filters the table in place (htmx) and the address follows the search.
    page.get_by_role("searchbox", name="Sök", exact=True).fill("Berg")
    page.wait_for_url("**q=Berg**")
    page.wait_for_function("document.querySelectorAll('tbody tr').length === 1")
    assert "Bo Berg" in page.locator("tbody").inner_text()

    page.get_by_role("link", name="Bo Berg").click()
    page.wait_for_url(PERSON_URL)
    assert page.get_by_role("heading", level=1).inner_text() == "Bo Berg"
    page.get_by_role("link", name="Registrera avslut").click()
    page.get_by_label("Slutdatum").fill("2023-11-30")
    page.get_by_label("Avslutsorsak").select_option("arbete")
    page.get_by_role("button", name="Registrera avslut").click()
    page.wait_for_url(PERSON_URL)
    assert "Avslutet är registrerat" in page.get_by_role("status").inner_text()
    assert "avslutad" in page.locator(".timeline").inner_text()


def test_bad_personnummer_is_shown_at_the_field(page, browser_login, world_tx):
    browser_login("coord_kba")
    page.goto(page.base_url + "/deltagare/ny/")
    page.get_by_label("Personnummer").fill("19850101-0205")
    page.get_by_label("Förnamn").fill("Test")
    page.get_by_label("Kön").select_option("K")
    page.get_by_role("button", name="Registrera").click()
    error = page.locator("#id_personnummer_error")
    assert "kontrollsiffra" in error.inner_text()
    # The typed values are kept.
    assert page.get_by_label("Förnamn").input_value() == "Test"


def test_protected_identity_number_never_reaches_the_browser(page, browser_login, world_tx):
    browser_login("coord_spik")
    page.goto(page.base_url + "/deltagare/")
    page.get_by_role("link", name="Cia Ceder").click()
    page.wait_for_url(PERSON_URL)
    html = page.content()
    assert "Skyddad identitet" in html
    assert "0202-0209" not in html and "7002020209" not in html

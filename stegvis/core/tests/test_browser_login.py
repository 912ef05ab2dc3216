"""The login flow in a real browser: keyboard use, wrong password, start page."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.testing import build_world

    return build_world()


def test_login_by_keyboard_only(page, world_tx):
    from stegvis.testing import PASSWORD

    page.goto(page.base_url + "/")
    assert "/logga-in/" in page.url
    assert page.evaluate("document.activeElement.id") == "id_username"  # autofocus
    page.keyboard.type("coord_kba")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(page.base_url + "/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hej")
    assert page.locator("html").get_attribute("lang") == "sv"
    # On every page the first Tab reaches the skip link, which moves focus to the content.
    page.reload()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_wrong_password_shows_message(page, world_tx):
    page.goto(page.base_url + "/logga-in/")
    page.get_by_label("Användarnamn").fill("coord_kba")
    page.get_by_label("Lösenord").fill("alldeles-fel")
    page.get_by_role("button", name="Logga in").click()
    assert page.get_by_role("alert").inner_text().startswith("Fel användarnamn eller lösenord")

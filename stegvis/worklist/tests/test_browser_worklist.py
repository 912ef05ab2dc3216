"""In a real browser: a project leader opens the worklist, widens it, follows a link to a form,
and a coordinator dismisses an item from the list by keyboard, at phone width and with axe."""

import pytest

from stegvis.core.tests.phone import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.testing import build_world

    return build_world()


def test_leader_widens_the_worklist_and_opens_a_placement_follow_up(browser_login, world_tx):
    from stegvis.worklist.tests.test_views import add_caseload

    add_caseload(world_tx, 2)
    page = browser_login("leader")
    page.goto(f"{page.base_url}/arbetslista/")
    assert page.get_by_role("heading", name="Arbetslista").is_visible()
    assert "Inget att göra just nu." in page.content()

    page.get_by_label("Deltagare", exact=True).select_option("alla")
    page.get_by_label("Projekt").select_option(label="Helhetslyftet")
    page.get_by_label("Ingen kontakt på (veckor)").fill("4")
    page.get_by_role("button", name="Visa", exact=True).click()
    page.wait_for_url("**/arbetslista/?*scope=alla*")
    assert (
        "Ingen kontakt: 3" in page.locator(".worklist-counts").inner_text()
    )  # Anna, Bo, the active newcomer
    anna = page.locator("article", has=page.get_by_role("heading", name="Anna Andersson"))
    assert "Ingen kontakt på 4 veckor" in anna.inner_text()
    newcomer = page.locator("article", has=page.get_by_role("heading", name="Deltagare0 Test"))
    assert "Äldreboendet Linden 0" in newcomer.inner_text()

    newcomer.get_by_role("link", name="Registrera uppföljning – Deltagare0 Test").first.click()
    page.wait_for_url("**/insatser/arbetsplats/*/uppfoljning/")
    assert "Äldreboendet Linden 0" in page.content()


def test_coordinator_dismisses_an_item_by_keyboard(browser_login, world_tx, axe):
    from stegvis.worklist.tests.test_views import add_caseload

    add_caseload(world_tx, 1)
    page = browser_login("coord_kba")
    page.goto(f"{page.base_url}/arbetslista/?weeks=4")
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert fits_the_screen(page), f"wider than {width} px"
    assert axe(page) == []
    card = page.locator("article", has=page.get_by_role("heading", name="Deltagare0 Test"))
    item = card.locator("li.worklist-item", has_text="Uppföljning av praktik eller arbetsträning")
    summary = item.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")  # opens the details
    item.get_by_label("Avfärda").check()
    item.get_by_label("Skäl").fill("Handledaren ringer själv varje vecka.")
    assert axe(page) == []  # with the form open
    assert fits_the_screen(page), "the open form is wider than 320 px"
    item.get_by_role("button", name="Spara beslut").press("Enter")
    page.wait_for_url("**/arbetslista/?weeks=4")
    assert "Punkten för Deltagare0 Test är avfärdad." in page.content()
    assert (
        "Uppföljning av praktik eller arbetsträning"
        not in page.locator("article", has=page.get_by_role("heading", name="Deltagare0 Test")).inner_text()
    )

    page.get_by_role("link", name="Visa klara, pausade och avfärdade").click()
    page.wait_for_url("**/arbetslista/beslut/")
    assert "Handledaren ringer själv varje vecka." in page.content()
    assert axe(page) == []
    assert fits_the_screen(page)
    page.get_by_role("button", name="Ångra – Praktik eller arbetsträning, Deltagare0 Test").click()
    page.wait_for_url("**/arbetslista/beslut/")
    assert "Beslutet är ångrat." in page.content()

"""In a real browser: a project leader opens the worklist, widens it, and follows a link to a form."""

import pytest

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
    assert "Alla har haft kontakt nyligen." in page.locator("#ingen-kontakt").inner_text()

    page.get_by_label("Deltagare", exact=True).select_option("alla")
    page.get_by_label("Projekt").select_option(label="Helhetslyftet")
    page.get_by_label("Ingen kontakt på (veckor)").fill("4")
    page.get_by_role("button", name="Visa").click()
    page.wait_for_url("**/arbetslista/?*scope=alla*")
    heading = page.locator("#ingen-kontakt-h").inner_text()
    assert "Ingen kontakt på 4 veckor" in heading and "(3)" in heading  # Anna, Bo and the active newcomer
    assert "Anna Andersson" in page.locator("#ingen-kontakt").inner_text()
    placements = page.locator("#praktik")
    assert "Äldreboendet Linden 0" in placements.inner_text()

    placements.get_by_role("link", name="Registrera uppföljning – Deltagare0 Test").click()
    page.wait_for_url("**/insatser/arbetsplats/*/uppfoljning/")
    assert "Äldreboendet Linden 0" in page.content()

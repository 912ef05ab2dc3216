"""The report page in a real browser: reached from the menu, charts named, date form by keyboard."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.testing import build_world

    return build_world()


def test_evaluator_reads_the_report_and_changes_the_date(browser_login, world_tx):
    page = browser_login("evaluator")
    page.get_by_role("link", name="Projekt", exact=True).click()
    page.get_by_role("link", name="Helhetslyftet").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Rapport: Helhetslyftet"

    # Every chart is an image with an accessible name, and its table opens from the keyboard.
    referrers = page.get_by_role("img", name="Inskrivningar per anvisare")
    assert referrers.is_visible()
    assert referrers.bounding_box()["width"] > 200
    summary = page.get_by_text("Visa tabell: Inskrivningar per anvisare")
    summary.focus()
    page.keyboard.press("Enter")
    table = page.get_by_role("table", name="Inskrivningar per anvisare")
    assert table.is_visible()
    assert "Arbetsförmedlingen" in table.inner_text()

    # The report as it stood on 31 January 2023: Anna had started, Bo had not.
    page.get_by_label("Per datum").fill("2023-01-31")
    page.get_by_role("button", name="Visa rapport").click()
    page.wait_for_url("**on=2023-01-31**")
    first_tile = page.locator(".figures .figure").first
    assert first_tile.locator(".figure__label").inner_text() == "Inskrivningar"
    assert first_tile.locator(".figure__value").inner_text() == "<5"  # evaluators see small numbers hidden
    assert "on=2023-01-31" in page.get_by_role("link", name="Ladda ner som JSON").get_attribute("href")

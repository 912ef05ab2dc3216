"""The follow-up page in a real browser: reached from the project menu, a month and an organisation chosen."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.testing import build_world

    return build_world()


def tile(page, label):
    return page.locator(".figures .figure", has=page.get_by_text(label, exact=True)).locator(".figure__value")


def test_evaluator_picks_a_month_and_an_organisation(browser_login, world_tx):
    page = browser_login("evaluator")
    page.get_by_role("link", name="Projekt", exact=True).click()
    page.get_by_role("link", name="Helhetslyftet").click()
    page.get_by_role("navigation", name="Sidor om Helhetslyftet").get_by_role(
        "link", name="Månadsuppföljning"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Månadsuppföljning: Helhetslyftet"

    # February 2023 for Mölndal: bo started on 1 February.
    month = page.get_by_label("Månad", exact=True)
    month.fill("2023-02")
    organisation = page.get_by_label("Organisation", exact=True)
    organisation.focus()
    organisation.select_option(label="Mölndals stad")
    page.keyboard.press("Tab")
    page.get_by_role("button", name="Visa uppföljning").press("Enter")
    page.wait_for_url("**month=2023-02**")
    assert "organization=molndal" in page.url

    assert "Februari 2023" in page.locator(".report-meta").inner_text()
    assert "Mölndals stad" in page.locator(".report-meta").inner_text()
    assert tile(page, "Nya under perioden").inner_text() == "<5"  # evaluators see small numbers hidden
    assert tile(page, "Aktiva").inner_text() == "<5"

    trend = page.get_by_role("img", name="Nya, avslutade och aktiva inskrivningar per månad")
    assert trend.is_visible() and trend.bounding_box()["width"] > 200
    page.get_by_text("Visa tabell: Nya, avslutade och aktiva inskrivningar per månad").click()
    table = page.get_by_role("table", name="Nya, avslutade och aktiva inskrivningar per månad")
    assert "2023-02" in table.inner_text()

    caseload = page.get_by_role("table", name="Aktiva inskrivningar per koordinator")
    assert "Coord_Mdl" in caseload.inner_text() and "Coord_Kba" not in caseload.inner_text()
    assert "organization=molndal" in page.get_by_role("link", name="Ladda ner som JSON").get_attribute("href")

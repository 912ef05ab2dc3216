"""The what-works page in a real browser: reached from the project menu, a date chosen, chart and tables read."""

import pytest

from stegvis.reports.whatworks.tests.helpers import D, catalogue, placement, take

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.testing import build_world

    world = build_world()
    entries = catalogue(world.projects["helhetslyftet"])
    anna = world.enrollments["anna"]
    take(anna, entries["sfi"], D(2023, 2, 1))
    placement(anna, entries["praktik"], D(2023, 3, 1), D(2023, 4, 30), "forskola", "anstallning_har")
    return world


def test_evaluator_reads_what_works_as_of_a_date(browser_login, world_tx, tmp_path):
    page = browser_login("evaluator")
    page.get_by_role("link", name="Projekt", exact=True).click()
    page.get_by_role("link", name="Helhetslyftet").click()
    page.get_by_role("navigation", name="Sidor om Helhetslyftet").get_by_role(
        "link", name="Vad fungerar"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Vad fungerar: Helhetslyftet"
    assert page.get_by_role("heading", name="Beskrivande siffror, inte orsakssamband").is_visible()

    page.get_by_label("Per datum").fill("2023-03-15")
    page.get_by_role("button", name="Visa", exact=True).click()
    page.wait_for_url("**on=2023-03-15**")
    chart = page.get_by_role(
        "img",
        name="Andel till arbete eller studier och andel med positiv stegförflyttning "
        "per kombination av insatser",
    )
    assert chart.is_visible()
    # On 15 March anna's praktik was under way, beside SFI: parallel, and still ongoing.
    placements = page.get_by_role("table", name="Praktik som gav anställning")
    assert "Förskola/skola" in placements.inner_text()
    combination = page.get_by_role("table", name="Utfall per insatskombination")
    parallel = combination.get_by_role("row", name="Arbetsinriktat parallellt med kompetens och/eller hälsa")
    assert parallel.get_by_role("cell").first.inner_text() == "<5"  # evaluators see small numbers hidden
    page.screenshot(path=tmp_path / "vad-fungerar.png", full_page=True)
    assert (tmp_path / "vad-fungerar.png").stat().st_size > 0

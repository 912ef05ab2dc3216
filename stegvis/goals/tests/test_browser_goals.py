"""In a real browser: the project leader adds a goal from the goals page and sees how it stands."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.testing import build_world

    return build_world()


def test_leader_adds_a_gender_balance_goal_and_sees_it_met(browser_login, world_tx):
    page = browser_login("leader")
    page.goto(page.base_url + "/projekt/helhetslyftet/")
    page.get_by_role("navigation", name="Sidor om Helhetslyftet").get_by_role("link", name="Mål").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Mål: Helhetslyftet"
    page.get_by_role("link", name="Nytt mål").click()

    page.get_by_label("Nivå").select_option(label="Deltagarnivå")
    page.get_by_label(re.compile(r"^Mål\b")).fill("Jämn könsfördelning")
    page.get_by_label("Beräknat (indikator och målvärde)").check()
    page.get_by_label("Indikator", exact=True).select_option(label="Könsfördelning (andel kvinnor)")
    page.get_by_label("Målvärde (%)").fill("40")
    page.get_by_label("Övre gräns (%)").fill("30")
    page.get_by_role("button", name="Spara").click()
    # A range upside down is refused at the field, the input kept.
    summary = page.get_by_role("alert")
    assert "Övre gräns: måste vara större än den nedre gränsen (40 %)." in summary.inner_text()
    assert page.get_by_label(re.compile(r"^Mål\b")).input_value() == "Jämn könsfördelning"
    page.get_by_label("Övre gräns (%)").fill("60")
    page.get_by_role("button", name="Spara").click()

    page.wait_for_url("**/projekt/helhetslyftet/mal/#goal-*")
    assert "Målet ”Jämn könsfördelning” är sparat." in page.get_by_role("status").inner_text()
    goal = page.locator(".goal", has=page.get_by_role("heading", name="Jämn könsfördelning"))
    # Anna and Bo: one woman of two, inside 40–60 %: met, said in words, with the bar named.
    assert "Uppnått" in goal.locator(".goal-status").inner_text()
    assert "50 %" in goal.inner_text() and "40–60 %" in goal.inner_text()
    assert goal.get_by_role("img", name="Utfall 50 %, målvärde 40–60 %").is_visible()

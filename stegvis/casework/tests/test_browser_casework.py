"""In a real browser: a coordinator maps an area and adds a plan step, then sees both on the participant page."""

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.testing import build_world

    return build_world()


def test_coordinator_maps_an_area_and_adds_a_plan_step(browser_login, world_tx):
    from stegvis.casework.models import MappingEntry, PlanStep
    from stegvis.casework.testing import anna_goal

    goal = anna_goal(world_tx, text="Jobb inom förskolan")
    person = world_tx.persons["anna"]
    page = browser_login("coord_kba")
    page.goto(f"{page.base_url}/deltagare/{person.pk}/")
    section = page.locator("#kartlaggning-plan")
    assert "0 av 9 områden kartlagda" in section.inner_text()
    section.get_by_role("link", name="Visa och fyll i kartläggningen – Helhetslyftet").click()

    page.get_by_role("link", name="Fyll i", exact=False).nth(1).click()  # the second area: Språk
    assert page.get_by_role("heading", level=1).inner_text() == "Kartläggning: Språk"
    page.get_by_label("Med deltagarens egna ord").fill("Jag förstår mer än jag kan säga.")
    page.get_by_label("Styrkor").fill("Läser SFI kurs B")
    page.get_by_role("button", name="Spara området").click()
    page.wait_for_url("**#omrade-sprak")
    assert "Kartläggningen av Språk är sparad." in page.get_by_role("status").first.inner_text()

    page.goto(f"{page.base_url}/deltagare/{person.pk}/")
    page.locator("#kartlaggning-plan").get_by_role("link", name="Nytt steg – Jobb inom förskolan").click()
    page.get_by_label("Vad").fill("Boka studiebesök på förskolan")
    page.get_by_role("radio", name="Annan aktör").check()
    page.get_by_role("button", name="Spara steget").click()
    # Another actor without a name is refused at its field; the input is kept.
    assert "Vilken aktör: skriv vem som gör steget" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Vad").input_value() == "Boka studiebesök på förskolan"
    page.get_by_label("Vilken aktör").fill("Arbetsförmedlingen")
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    page.get_by_label("Klart senast").fill(yesterday.isoformat())
    page.get_by_role("button", name="Spara steget").click()
    page.wait_for_url(f"**/arbete/inskrivning/{world_tx.enrollments['anna'].pk}/plan/")

    page.goto(f"{page.base_url}/deltagare/{person.pk}/")
    section = page.locator("#kartlaggning-plan")
    text = section.inner_text()
    assert "1 av 9 områden kartlagda" in text
    assert "Boka studiebesök på förskolan – Arbetsförmedlingen" in text and "Försenat" in text
    assert "1 försenat steg" in text
    entry, step = MappingEntry.objects.get(), PlanStep.objects.get()
    assert (entry.area.code, entry.recorded_by.username) == ("sprak", "coord_kba")
    assert (step.goal_id, step.owner, step.due_date) == (goal.pk, "annan", yesterday)

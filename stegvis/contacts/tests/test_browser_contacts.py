"""In a real browser: a coordinator logs a contact from the participant page and sees it there."""

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.testing import build_world

    return build_world()


def test_coordinator_logs_a_contact_and_sees_it_on_the_participant_page(browser_login, world_tx):
    from stegvis.contacts.models import Contact

    today = datetime.date.today()
    page = browser_login("coord_kba")
    page.goto(f"{page.base_url}/deltagare/{world_tx.persons['anna'].pk}/")
    section = page.locator("#kontakter")
    assert "Ingen kontakt på över 3 veckor" in section.inner_text()
    section.get_by_role("link", name="Registrera kontakt").click()

    form = page.get_by_role("form", name="Registrera kontakt")
    assert form.get_by_label("Datum").input_value() == today.isoformat()
    assert form.get_by_role("radio", name="Möte").is_checked()
    assert form.get_by_role("checkbox", name="Coord_Kba").is_checked()  # the coordinator by default
    form.get_by_role("group", name="Kontaktform").get_by_role("radio", name="Walk-and-talk").check()
    form.get_by_label("Längd (minuter)").fill("700")
    form.get_by_label("Anteckning").fill("Promenad till biblioteket, pratade om praktik på förskola.")
    form.get_by_role("button", name="Spara kontakten").click()
    # Too long: refused at its field, the note is kept.
    assert "Längd (minuter)" in page.get_by_role("alert").inner_text()
    assert "biblioteket" in page.get_by_label("Anteckning").input_value()
    page.get_by_label("Längd (minuter)").fill("45")
    page.get_by_role("button", name="Spara kontakten").click()
    assert "Kontakten är registrerad." in page.get_by_role("status").first.inner_text()

    page.get_by_role("link", name="Tillbaka till deltagaren").click()
    section = page.locator("#kontakter")
    text = section.inner_text()
    assert "Walk-and-talk" in text and "Promenad till biblioteket" in text and "45 min" in text
    assert "Ingen kontakt på över" not in text and "Alla kontakter (1)" in text
    contact = Contact.objects.get()
    assert (contact.channel, contact.duration_minutes, contact.contact_date) == ("walk_and_talk", 45, today)

"""In a real browser: a coordinator records a consent on the participant page and withdraws it."""

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.testing import build_world

    return build_world()


def test_coordinator_records_and_withdraws_sus_consent(browser_login, world_tx):
    from stegvis.consent.models import Consent

    today = datetime.date.today()
    page = browser_login("coord_kba")
    page.goto(page.base_url + f"/deltagare/{world_tx.persons['anna'].pk}/")
    section = page.locator("#samtycken")
    assert section.get_by_role("heading", level=2).inner_text() == "Samtycken"
    table = section.get_by_role("table", name="Samtycken i Helhetslyftet")
    sus_row = table.get_by_role("row", name="Rapportering till SUS")
    assert "Samtycke saknas" in sus_row.inner_text()
    sus_row.get_by_role("link", name="Registrera samtycke rapportering till sus, Helhetslyftet").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Registrera samtycke i Helhetslyftet"
    assert page.get_by_label("Samtycke till").input_value() == "sus"
    page.get_by_label("Aktör (namn)").fill("Vårdcentralen Norr")
    page.get_by_role("button", name="Registrera samtycket").click()
    # An actor for SUS consent is refused at its field; the other input is kept.
    assert (
        "Aktör anges bara för samtycke till kontakt med annan aktör."
        in page.get_by_role("alert").inner_text()
    )
    assert page.get_by_label("Samtycke till").input_value() == "sus"
    page.get_by_label("Aktör (namn)").fill("")
    page.get_by_label("Hur samtycket lämnades").select_option(label="Digitalt")
    page.get_by_role("button", name="Registrera samtycket").click()

    page.wait_for_url("**#samtycken")
    assert "Samtycket är registrerat." in page.get_by_role("status").first.inner_text()
    sus_row = page.locator("#samtycken").get_by_role("row", name="Rapportering till SUS")
    assert "Samtycke finns" in sus_row.inner_text() and "digitalt" in sus_row.inner_text()
    consent = Consent.objects.get()
    assert (consent.kind, consent.method, consent.given_on) == ("sus", "digitalt", today)
    assert consent.recorded_by == world_tx.users["coord_kba"]

    sus_row.get_by_role("link", name="Återkalla rapportering till sus, Helhetslyftet").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Återkalla samtycke i Helhetslyftet"
    page.get_by_label("Anteckning").fill("Meddelade i telefon.")
    page.get_by_role("button", name="Registrera återkallelsen").click()

    page.wait_for_url("**#samtycken")
    assert "Återkallelsen är registrerad." in page.get_by_role("status").first.inner_text()
    section = page.locator("#samtycken")
    sus_row = section.get_by_role("row", name="Rapportering till SUS")
    assert (
        "Samtycke saknas" in sus_row.inner_text()
        and f"återkallat {today.isoformat()}" in sus_row.inner_text()
    )
    section.get_by_text("Återkallat samtycke (1)").click()  # the history, kept
    assert "Meddelade i telefon." in section.inner_text()
    consent.refresh_from_db()
    assert consent.withdrawn_on == today and consent.withdrawal_note == "Meddelade i telefon."

"""In a real browser: a coordinator adds an intervention and sees it on the participant's timeline."""

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.testing import build_world

    return build_world()


def test_coordinator_adds_an_intervention_and_sees_it_on_the_timeline(browser_login, world_tx):
    from stegvis.interventions import actions
    from stegvis.interventions.models import Category, Kind, ParticipantIntervention
    from stegvis.interventions.testing import catalogue_entry

    sfi = catalogue_entry(world_tx, name="SFI", category=Category.KOMPETENSHOJANDE, kind=Kind.SFI)
    actions.add_participant_intervention(
        None, world_tx.enrollments["anna"], intervention=sfi, start_date=datetime.date(2023, 2, 1)
    )
    catalogue_entry(world_tx, name="Min Hälsa", category=Category.HALSA, kind=Kind.KURS)

    page = browser_login("coord_kba")
    page.goto(page.base_url + f"/deltagare/{world_tx.persons['anna'].pk}/")
    section = page.locator("#insatser")
    assert section.get_by_role("heading", name="Insatser").is_visible()
    section.get_by_role("link", name="Lägg till insats – Helhetslyftet").click()

    page.get_by_label("Insats").select_option(label="Min Hälsa – Hälsa (Kungsbacka kommun)")
    page.get_by_label("Startdatum").fill("2023-01-01")
    page.get_by_role("button", name="Spara insatsen").click()
    # A start before the enrolment is refused at its field; the choice is kept.
    assert (
        "Startdatum kan inte vara före inskrivningens start (2023-01-10)."
        in page.get_by_role("alert").inner_text()
    )
    page.get_by_label("Startdatum").fill("2023-03-06")
    page.get_by_label("Slutdatum").fill("2023-05-12")
    page.get_by_role("button", name="Spara insatsen").click()

    page.wait_for_url("**#insatser")
    assert "Insatsen är registrerad." in page.get_by_role("status").first.inner_text()
    timeline = page.get_by_role("img", name="Insatser över tid i Helhetslyftet")
    assert timeline.is_visible()
    text = timeline.inner_html()
    assert "Min Hälsa" in text and "Hälsa" in text and "SFI" in text and "idag" in text
    table = page.get_by_role("table", name="Insatser i Helhetslyftet")
    assert "2023-03-06" in table.inner_text() and "2023-05-12" in table.inner_text()
    # The edit link is reachable by keyboard and names the intervention.
    assert table.get_by_role("link", name="Ändra Min Hälsa 2023-03-06").is_visible()
    assert ParticipantIntervention.objects.filter(
        intervention__name="Min Hälsa", end_date=datetime.date(2023, 5, 12)
    ).exists()

"""In a real browser: a coordinator finds an overdue follow-up on the due list and records it."""

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.testing import build_world

    return build_world()


def test_coordinator_records_a_follow_up_from_the_due_list(browser_login, world_tx):
    from stegvis.outcomes.models import ExitFollowUp
    from stegvis.outcomes.schedule import add_months
    from stegvis.outcomes.testing import end_enrollment

    today = datetime.date.today()
    end_enrollment(world_tx.enrollments["anna"], day=add_months(today - datetime.timedelta(days=20), -1))
    page = browser_login("coord_kba")
    page.goto(page.base_url + "/efter-avslut/")
    assert page.get_by_role("heading", level=1).inner_text() == "Uppföljning efter avslut"
    table = page.get_by_role("table", name="Uppföljningar efter avslut att göra")
    assert "försenad" in table.inner_text()
    table.get_by_role("link", name="Registrera – Anna Andersson, +1 mån").click()

    page.get_by_role("combobox", name="Situation", exact=False).first.select_option(
        label="Studier (även arbetsmarknadsutbildning)"
    )
    page.get_by_label("Arbetstid (%)").fill("50")
    page.get_by_role("button", name="Spara uppföljningen").click()
    # Work extent with studies is refused at its field; the choice is kept.
    assert (
        "Arbetstid (%): Arbetstid anges bara när situationen är arbete."
        in page.get_by_role("alert").inner_text()
    )
    assert page.get_by_role("combobox", name="Situation", exact=False).first.input_value() == "studier"
    page.get_by_label("Arbetstid (%)").fill("")
    page.get_by_role("button", name="Spara uppföljningen").click()

    page.wait_for_url("**#efter-avslut")
    assert "Uppföljningen är sparad." in page.get_by_role("status").first.inner_text()
    section = page.locator("#efter-avslut")
    assert "Studier" in section.inner_text() and "gjord" in section.inner_text()
    follow_up = ExitFollowUp.objects.get()
    assert (follow_up.months, follow_up.situation, follow_up.followed_up_on) == (1, "studier", today)
    page.goto(page.base_url + "/efter-avslut/")
    assert "Inga uppföljningar efter avslut att göra just nu." in page.get_by_role("table").inner_text()

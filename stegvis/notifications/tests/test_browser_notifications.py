"""In a real browser: a coordinator turns the reminders to weekly, then finds a message in the log."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.testing import build_world

    return build_world()


def test_coordinator_chooses_weekly_reminders_and_reads_the_log(browser_login, world_tx):
    from stegvis.notifications.models import MessageLog, ReminderPreference

    MessageLog.objects.create(
        channel="sms",
        kind="selfassessment_link",
        address="+4670*****67",
        text="Länken: http://x/s/[dold]/",
        status="failed",
        error="refused",
        person=world_tx.persons["anna"],
    )
    MessageLog.objects.create(
        channel="sms",
        kind="selfassessment_link",
        address="+4670*****11",
        text="Hej",
        status="sent",
        person=world_tx.persons["bo"],
    )
    page = browser_login("coord_kba")
    page.goto(page.base_url + "/meddelanden/paminnelser/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dina påminnelser"
    group = page.get_by_role("group", name="Påminnelser via e-post")
    assert group.get_by_role("radio", name="Varje dag").is_checked()
    group.get_by_role("radio", name="En gång i veckan (måndagar)").check()
    page.get_by_role("button", name="Spara").click()
    assert "Ditt val för påminnelser är sparat." in page.get_by_role("status").first.inner_text()
    assert page.get_by_role("radio", name="En gång i veckan (måndagar)").is_checked()
    assert ReminderPreference.objects.get(user=world_tx.users["coord_kba"]).frequency == "weekly"

    page.get_by_role("link", name="Skickade meddelanden").click()
    table = page.get_by_role("table", name="Skickade meddelanden")
    assert "Anna Andersson" in table.inner_text() and "Bo Berg" not in table.inner_text()
    page.get_by_label("Status").select_option(label="Skickat")
    page.get_by_role("button", name="Filtrera").click()
    assert "Inga meddelanden matchar urvalet." in page.get_by_role("table").inner_text()

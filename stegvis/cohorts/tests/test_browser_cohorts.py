"""In a real browser, with the keyboard only: register a session's attendance."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.testing import build_world

    return build_world()


def test_leader_registers_attendance_with_the_keyboard(browser_login, world_tx):
    from stegvis.cohorts.models import Attendance
    from stegvis.cohorts.testing import kba_cohort

    cohort = kba_cohort(world_tx)
    session = cohort.sessions.order_by("date").first()
    page = browser_login("leader")
    page.goto(page.base_url + f"/startgrupper/traff/{session.pk}/narvaro/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Närvaro {session.date:%Y-%m-%d}"

    all_present = page.get_by_role("button", name="Alla närvarande")
    all_present.focus()
    page.keyboard.press("Enter")
    # Focus is on the first member's "Närvarande"; Tab goes to the next member's group
    # (anna, then bo, sorted by surname), and the arrow key moves bo to "Frånvarande".
    assert page.evaluate("document.activeElement.value") == "narvarande"
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("radio", name="Frånvarande – Bo Berg").is_checked()
    page.get_by_role("button", name="Spara närvaron").focus()
    page.keyboard.press("Enter")

    page.wait_for_url(f"**/startgrupper/{cohort.pk}/")
    assert "Närvaron är sparad (2 ändringar)." in page.get_by_role("status").first.inner_text()
    statuses = dict(Attendance.objects.values_list("member__enrollment__person__first_name", "status"))
    assert statuses == {"Anna": "narvarande", "Bo": "franvarande"}
    matrix = page.get_by_role("table", name="Närvaro per deltagare och träff")
    assert "50 %" in matrix.inner_text()

"""In a real browser, with the keyboard only: type hours into the month grid and save them."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_types_hours_with_the_arrow_keys(browser_login, world_tx):
    from decimal import Decimal

    from stegvis.cohorts.testing import kba_cohort
    from stegvis.timereports.models import TimeEntry

    cohort = kba_cohort(world_tx)
    anna = world_tx.enrollments["anna"]
    page = browser_login("coord_kba")
    page.goto(page.base_url + f"/tidrapporter/startgrupp/{cohort.pk}/2023-03/")
    first = page.get_by_label(f"Anna Andersson, {cohort.name}, 6", exact=True)
    first.fill("2,5")
    page.keyboard.press("ArrowRight")  # at the end of the text: the next day
    page.keyboard.type("1")
    page.keyboard.press("ArrowDown")  # the same day, the next activity
    page.keyboard.type("3")
    block = page.locator("[data-timegrid-block]")
    assert block.locator("[data-timegrid-total]").inner_text() == "6,5"  # the sums follow the typing
    page.keyboard.press("Enter")  # moves down, does not send the form
    page.get_by_role("button", name="Spara tidrapporten").click()
    assert "Tidrapporten är sparad (1 deltagare ändrade)." in page.get_by_role("status").first.inner_text()
    saved = sorted(TimeEntry.objects.filter(report__enrollment=anna).values_list("day__day", "kind", "hours"))
    assert saved == [
        (6, "startgrupp", Decimal("2.50")),
        (7, "samtal", Decimal("3.00")),
        (7, "startgrupp", Decimal("1.00")),
    ]

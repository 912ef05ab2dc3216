"""The staff answer form in a real browser: keyboard only, as in a meeting."""

import pytest

from stegvis.progression import defaults
from stegvis.progression.models import Answer, Instrument, Item, Measurement


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_register_a_card_with_the_keyboard_only(page, browser_login):
    from stegvis.testing import build_world

    # A transactional test may run after another one flushed the migration's default card.
    defaults.install(Instrument, Item)
    world = build_world()
    browser_login("coord_kba")
    page.goto(page.base_url + f"/progression/inskrivning/{world.enrollments['anna'].pk}/matning/ny/")
    page.fill("#id_date", "2023-01-20")
    page.locator("#id_q_q1_0").focus()
    # Digits choose (0 = 10) and move on to the next question; V is "vet inte".
    for key in ["7", "0", "v", "3"]:
        page.keyboard.press(key)
    # Arrow keys move within a question as in any radio group.
    page.keyboard.press("ArrowRight")
    assert page.locator("#id_q_q1_6").is_checked()
    assert page.locator("#id_q_q2_9").is_checked()
    assert page.locator("#id_q_q4_2").is_checked() and page.locator("#id_q_q5_1").is_checked()
    page.get_by_role("button", name="Spara mätning").click()
    page.wait_for_url(f"**/deltagare/{world.persons['anna'].pk}/**")
    measurement = Measurement.objects.get()
    values = dict(Answer.objects.filter(measurement=measurement).values_list("item__code", "value"))
    assert (values["q1"], values["q2"], values["q3"], values["q4"], values["q5"]) == (7, 10, None, 3, 2)

"""In a real browser: the interpreter screen in Arabic, at 1280 and at 320 px, accessible, and saving answers."""

import pytest

from stegvis.core.tests.phone import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_interpreter_screen_in_arabic_is_accessible_reflows_and_registers(browser_login, world_tx, axe):
    from stegvis.progression.models import Measurement

    enrollment = world_tx.enrollments["anna"]
    page = browser_login("coord_kba")
    page.goto(f"{page.base_url}/tolk/inskrivning/{enrollment.pk}/sjalvskattning/?sprak=ar")
    question = page.locator("#fraga-q1")
    assert question.locator('.pair__other[lang="ar"][dir="rtl"]').first.is_visible()
    # Read-aloud is offered in both languages where the browser can speak.
    question.get_by_role("button", name="Läs upp på svenska (fråga 1)").wait_for(state="visible")
    question.get_by_role("button", name="Läs upp på arabiska (fråga 1)").wait_for(state="visible")
    # The two columns stand side by side at 1280 px, Arabic to the right of Swedish.
    swedish, arabic = (
        question.locator(".tolk-q__head .pair__sv"),
        question.locator(".tolk-q__head .pair__other"),
    )
    assert arabic.bounding_box()["x"] > swedish.bounding_box()["x"] + swedish.bounding_box()["width"]
    assert axe(page) == []

    page.set_viewport_size({"width": 320, "height": 740})
    assert fits_the_screen(page)
    assert axe(page) == []

    # Each answer is a radio button named by its words in both languages.
    page.get_by_role("radio", name="3 Jag vet mycket lite").first.check()
    page.locator('#fraga-q2 input[value="8"]').check()
    page.locator('#fraga-q3 input[value="vet-inte"]').check()
    page.get_by_role("button", name="Spara svaren").click()
    page.wait_for_url(f"**/progression/inskrivning/{enrollment.pk}/matningar/")
    measurement = Measurement.objects.get(enrollment=enrollment)
    values = {a.item.code: a.value for a in measurement.answers.select_related("item")}
    assert (values["q1"], values["q2"], values["q3"]) == (3, 8, None)
    assert (measurement.source, measurement.language) == ("meeting", "ar")


def test_read_aloud_is_hidden_where_the_browser_cannot_speak(browser_login, world_tx):
    page = browser_login("coord_kba")
    page.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    page.goto(f"{page.base_url}/tolk/inskrivning/{world_tx.enrollments['anna'].pk}/sjalvskattning/?sprak=ar")
    page.wait_for_load_state("load")  # the deferred script has run
    assert page.locator("#fraga-q1 input").first.is_visible()
    assert page.locator("[data-read-aloud]").first.is_hidden()

"""The participant's self-assessment on a phone-sized screen, in a real headless Chromium."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stegvis.core.tests.phone import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.progression import defaults
    from stegvis.progression.models import Instrument, Item
    from stegvis.testing import build_world

    # A transactional test flushes the tables, data migrations included: put the default card back.
    defaults.install(Instrument, Item)
    return build_world()


@pytest.fixture
def phone_screen():
    """The shared ``phone`` fixture, 360 px wide: the card must fit a small phone."""
    return PHONE


def make_link(world, language="sv"):
    from stegvis.progression.selfassessment import actions

    return actions.create_link(world.users["coord_kba"], world.enrollments["anna"], language=language)


def choose(tab, value):
    tab.locator(f'label.sa-option:has(input[value="{value}"])').tap()


def test_whole_flow_on_a_phone_in_swedish(phone, world_tx):
    from stegvis.progression.models import Measurement, Respondent, SelfAssessmentLink, Source

    link, raw = make_link(world_tx)
    phone.goto(phone.base_url + reverse("selfassessment:start", args=[raw]))
    assert phone.locator("html").get_attribute("lang") == "sv"
    assert "Det finns inga rätta eller fel svar" in phone.content()
    assert "Anna" not in phone.content()
    assert fits_the_screen(phone)
    phone.get_by_role("link", name="Börja").tap()

    for step in range(1, 11):
        phone.wait_for_url(f"**/fraga/{step}/")
        assert phone.locator(".sa-progress__text").inner_text() == f"Fråga {step} av 10"
        assert phone.locator("legend").count() == 1  # one question per screen
        assert phone.locator('input[name="answer"]').count() == 11
        if step == 1:
            assert fits_the_screen(phone)
            for box in [phone.locator("label.sa-option").nth(i).bounding_box() for i in range(11)]:
                assert box["height"] >= 48 and box["width"] >= 48
            assert phone.get_by_role("button", name="Nästa").bounding_box()["height"] >= 48
            assert phone.get_by_role("link", name="Tillbaka").bounding_box()["height"] >= 48
        if step == 3:
            # Back to question 2: the earlier answer is still chosen; change it.
            phone.get_by_role("link", name="Tillbaka").tap()
            phone.wait_for_url("**/fraga/2/")
            assert phone.locator('input[value="2"]').is_checked()
            choose(phone, 9)
            phone.get_by_role("button", name="Nästa").tap()
            phone.wait_for_url("**/fraga/3/")
        choose(phone, "x" if step == 7 else step)
        phone.get_by_role("button", name="Till sammanfattningen" if step == 10 else "Nästa").tap()

    phone.wait_for_url("**/kontroll/")
    summary = phone.locator(".sa-summary").inner_text()
    assert "9 – " in summary and "Vet inte / vill inte svara" in summary
    # Change question 5 from the summary and come straight back.
    phone.get_by_role("link", name="Ändra – fråga 5").tap()
    phone.wait_for_url("**/fraga/5/?fran=kontroll")
    choose(phone, 1)
    phone.get_by_role("button", name="Till sammanfattningen").tap()
    phone.wait_for_url("**/kontroll/")
    assert fits_the_screen(phone)
    phone.get_by_role("button", name="Skicka svaren").tap()
    phone.wait_for_url("**/tack/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Tack för dina svar"

    measurement = Measurement.objects.get()
    assert measurement.respondent == Respondent.PARTICIPANT and measurement.source == Source.SELF_LINK
    values = dict(measurement.answers.values_list("item__code", "value"))
    assert (
        values["q1"] == 1
        and values["q2"] == 9
        and values["q5"] == 1
        and values["q7"] is None
        and values["q10"] == 10
    )
    assert SelfAssessmentLink.objects.get(pk=link.pk).used_at is not None

    # The same link again, on the same phone: gone.
    response = phone.goto(phone.base_url + reverse("selfassessment:start", args=[raw]))
    assert response.status == 410
    assert "Kontakta den som gav dig länken" in phone.content()


def test_read_aloud_button_only_where_the_browser_can_speak(phone, world_tx):
    _link, raw = make_link(world_tx)
    phone.goto(phone.base_url + reverse("selfassessment:question", args=[raw, 1]))
    can_speak = phone.evaluate("'speechSynthesis' in window")
    button = phone.locator("[data-read-aloud]")
    assert button.is_visible() == can_speak
    assert phone.locator("[data-speech-lang]").get_attribute("data-speech-lang") == "sv-SE"


def test_flow_works_without_javascript(browser, live_server, world_tx):
    from stegvis.progression.models import Measurement

    context = browser.new_context(java_script_enabled=False, **PHONE)
    tab = context.new_page()
    try:
        _link, raw = make_link(world_tx)
        tab.goto(live_server.url + reverse("selfassessment:question", args=[raw, 1]))
        assert tab.locator("[data-read-aloud]").is_hidden()  # no script, no read-aloud button
        for _step in range(1, 11):
            tab.locator('input[value="4"]').check()
            tab.locator("button[type=submit]").click()
        tab.wait_for_url("**/kontroll/")
        tab.get_by_role("button", name="Skicka svaren").click()
        tab.wait_for_url("**/tack/")
        assert set(Measurement.objects.get().answers.values_list("value", flat=True)) == {4}
    finally:
        context.close()


def test_arabic_link_is_right_to_left(phone, world_tx):
    _link, raw = make_link(world_tx, language="ar")
    phone.goto(phone.base_url + reverse("selfassessment:start", args=[raw]))
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.locator("html").get_attribute("lang") == "ar"
    assert phone.evaluate("getComputedStyle(document.body).direction") == "rtl"
    phone.get_by_role("link", name="ابدأ").tap()
    phone.wait_for_url("**/fraga/1/")
    assert phone.locator(".sa-progress__text").inner_text() == "السؤال 1 من 10"
    # The number sits on the right-hand side of each answer in a right-to-left layout.
    option = phone.locator("label.sa-option").first
    number = option.locator(".sa-option__value").bounding_box()
    words = option.locator(".sa-option__words").bounding_box()
    assert number["x"] > words["x"]
    assert fits_the_screen(phone)


def test_expired_and_reused_links_show_the_right_pages(phone, world_tx):
    from stegvis.progression.models import SelfAssessmentLink
    from stegvis.progression.selfassessment import actions

    expired, expired_raw = make_link(world_tx)
    SelfAssessmentLink.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(hours=1)
    )
    response = phone.goto(phone.base_url + reverse("selfassessment:start", args=[expired_raw]))
    assert response.status == 410
    assert phone.get_by_role("heading", level=1).inner_text() == "Länken fungerar inte"
    assert "för gammal" in phone.content()

    used, used_raw = make_link(world_tx, language="en")
    actions.submit_answers(used, answers={"q1": 3})
    response = phone.goto(phone.base_url + reverse("selfassessment:question", args=[used_raw, 1]))
    assert response.status == 410
    assert phone.get_by_role("heading", level=1).inner_text() == "The link does not work"

    response = phone.goto(phone.base_url + reverse("selfassessment:start", args=["y" * 32]))
    assert response.status == 404
    assert "Länken fungerar inte" in phone.content()


def test_coordinator_makes_a_qr_link_that_opens_on_the_phone(page, browser_login, phone, world_tx):
    browser_login("coord_kba")
    page.goto(page.base_url + reverse("participants:detail", args=[world_tx.persons["anna"].pk]))
    section = page.locator("#self-link")
    section.get_by_label("Språk").select_option("ar")
    section.get_by_label("Visa QR-kod här").check()
    section.get_by_role("button", name="Skapa länk").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Länken är skapad"
    assert page.get_by_role("img", name="QR-kod med länken till frågorna").is_visible()
    url = page.get_by_label("Länken som text (att kopiera)").input_value()
    assert "/s/" in url

    phone.goto(url)
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert "Anna" not in phone.content()

    page.goto(page.base_url + reverse("participants:detail", args=[world_tx.persons["anna"].pk]))
    assert "väntar på svar" in page.locator("#self-link table").inner_text()

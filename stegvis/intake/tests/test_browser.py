"""In a real headless Chromium: the public form on a phone (Swedish and Arabic), and the staff queue flow."""

import pytest

from stegvis.core.tests.phone import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db, settings):
    from django.core.cache import cache

    from stegvis.testing import build_world

    settings.STEGVIS_INTAKE_RATE = "100/h"  # every request here comes from 127.0.0.1
    cache.clear()
    return build_world()


def fill_form(tab, name):
    tab.locator('input[name="name"]').fill(name)
    tab.locator('label.in-option:has(input[name="contact_method"][value="sms"])').tap()
    tab.locator('input[name="phone"]').fill("070-123 45 67")
    tab.locator('label.in-option:has(input[name="age_group"][value="16_19"])').tap()
    tab.locator('textarea[name="message"]').fill("Hej")


def test_public_form_on_a_phone_in_swedish(phone, world_tx):
    from stegvis.intake.models import IntakeRequest
    from stegvis.intake.testing import make_page

    page = make_page(world_tx)
    phone.goto(f"{phone.base_url}/anmalan/{page.slug}/")
    assert phone.locator("html").get_attribute("lang") == "sv"
    assert phone.locator("html").get_attribute("dir") == "ltr"
    assert fits_the_screen(phone)
    assert phone.get_by_role("navigation", name="Välj språk").get_by_role("link", name="العربية").is_visible()
    honeypot = phone.locator('input[name="webbplats"]').bounding_box()  # hidden from people: off the screen
    assert honeypot["x"] + honeypot["width"] <= 0 or honeypot["x"] >= 390
    for box in [phone.locator("label.in-option").nth(i).bounding_box() for i in range(3)]:
        assert box["height"] >= 44
    # Sending without an age group: the message is shown at the field, the input is kept.
    phone.get_by_label("Ditt namn").fill("Nora Nilsson")
    phone.get_by_role("button", name="Skicka").tap()
    assert "Välj en åldersgrupp." in phone.get_by_role("alert").inner_text()
    assert phone.get_by_label("Ditt namn").input_value() == "Nora Nilsson"
    fill_form(phone, "Nora Nilsson")
    phone.get_by_role("button", name="Skicka").tap()
    phone.wait_for_url("**/tack/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Tack! Vi hör av oss"
    stored = IntakeRequest.objects.get()
    assert (stored.name, stored.contact_method, stored.age_group, stored.language) == (
        "Nora Nilsson",
        "sms",
        "16_19",
        "sv",
    )


def test_public_form_on_a_phone_in_arabic_right_to_left(phone, world_tx):
    from stegvis.intake.models import IntakeRequest
    from stegvis.intake.testing import make_page

    page = make_page(world_tx)
    phone.goto(f"{phone.base_url}/anmalan/{page.slug}/")
    phone.get_by_role("link", name="العربية").tap()
    phone.wait_for_url("**?lang=ar")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.locator("html").get_attribute("lang") == "ar"
    assert phone.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert fits_the_screen(phone)
    assert phone.get_by_role("heading", level=1).inner_text() == "هل تريد دعماً للوصول إلى عمل أو دراسة؟"
    fill_form(phone, "نورا")
    phone.get_by_role("button", name="إرسال").tap()
    phone.wait_for_url("**/tack/?lang=ar")
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.get_by_role("heading", level=1).inner_text() == "شكراً! سنتواصل معك"
    assert IntakeRequest.objects.get().language == "ar"
    phone.get_by_role("link", name="كيف نتعامل مع معلوماتك").tap()
    assert "90" in phone.locator("main").inner_text()


def test_staff_logs_a_call_back_and_converts(browser_login, world_tx):
    from stegvis.intake.models import IntakeRequest
    from stegvis.intake.testing import make_request

    request = make_request(world_tx, name="Nora Nilsson")
    page = browser_login("coord_kba")
    page.goto(page.base_url + "/intag/")
    assert page.get_by_role("heading", level=1).inner_text() == "Intagskö: egenremisser"
    page.get_by_role("link", name="Nora Nilsson").click()
    page.get_by_label("Resultat").select_option("no_answer")
    page.get_by_label("Anteckning").first.fill("Inget svar, ringer i morgon")
    page.get_by_role("button", name="Spara kontaktförsöket").click()
    assert "Kontaktförsöket är sparat." in page.get_by_role("status").first.inner_text()
    assert "Inget svar, ringer i morgon" in page.get_by_role("table").inner_text()

    page.get_by_role("link", name="Skriv in som deltagare").click()
    assert page.get_by_label("Förnamn").input_value() == "Nora"
    page.get_by_label("Kön").select_option("K")
    page.get_by_label("Födelseår").fill("2007")
    page.get_by_role("button", name="Skriv in").click()
    # Today is after the test project's end: the enrolment action's message shows at the field.
    assert "Startdatum kan inte vara efter projektets slut" in page.get_by_role("alert").inner_text()
    page.get_by_label("Startdatum").fill("2024-05-02")
    page.get_by_role("button", name="Skriv in").click()
    assert "är inskriven i Helhetslyftet via egenremiss" in page.get_by_role("status").first.inner_text()
    request = IntakeRequest.objects.get(pk=request.pk)
    assert request.enrollment.intake_channel == "egenremiss"
    assert page.url.endswith(f"/deltagare/{request.enrollment.person_id}/")

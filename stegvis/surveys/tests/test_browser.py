"""The participant's survey on a phone-sized screen, in a real headless Chromium: Swedish and Arabic."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from stegvis.core.tests.phone import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.surveys.defaults import install_defaults
    from stegvis.testing import build_world

    install_defaults()  # a transactional test flushes the tables
    return build_world()


def choose(tab, code, value):
    tab.locator(f'label.sa-option:has(input[name="q_{code}"][value="{value}"])').tap()


def test_answering_on_a_phone_in_swedish(phone, world_tx):
    from stegvis.surveys.models import SurveyAnswer, SurveyLink, SurveyResponse
    from stegvis.surveys.testing import make_link

    link, raw = make_link(world_tx)
    phone.goto(phone.base_url + reverse("surveys:answer", args=[raw]))
    assert phone.locator("html").get_attribute("lang") == "sv"
    assert phone.locator("html").get_attribute("dir") == "ltr"
    assert phone.get_by_role("heading", level=1).inner_text() == "Slutenkät"
    assert "Anna" not in phone.content()
    assert fits_the_screen(phone)
    # Every statement is a group named by its text, every answer a labelled radio button.
    group = phone.get_by_role("group", name="Insatsen har varit till hjälp för mig")
    assert group.get_by_role("radio").count() == 6
    box = phone.locator("label.sa-option").first.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300
    choose(phone, "insatsen-till-hjalp", 5)
    choose(phone, "mer-redo", 4)
    choose(phone, "integration", "x")
    phone.get_by_label("Vad har varit bäst för dig?").fill("Praktiken på biblioteket")
    assert group.get_by_role("radio", name="Stämmer helt").is_checked()
    phone.get_by_role("button", name="Skicka svaren").tap()
    phone.wait_for_url("**/tack/")
    assert phone.get_by_role("heading", level=1).inner_text() == "Tack för dina svar"
    assert fits_the_screen(phone)

    response = SurveyResponse.objects.get()
    assert response.enrollment_id is None
    stored = dict(
        SurveyAnswer.objects.filter(question__kind="statement").values_list("question__code", "value")
    )
    assert stored == {"insatsen-till-hjalp": 5, "mer-redo": 4, "integration": None}
    assert SurveyLink.objects.get(pk=link.pk).is_answered

    again = phone.goto(phone.base_url + reverse("surveys:answer", args=[raw]))
    assert again.status == 410


def test_answering_on_a_phone_in_arabic_right_to_left(phone, world_tx):
    from stegvis.surveys.models import SurveyResponse
    from stegvis.surveys.testing import make_link

    _link, raw = make_link(world_tx, language="ar")
    phone.goto(phone.base_url + reverse("surveys:answer", args=[raw]))
    assert phone.locator("html").get_attribute("lang") == "ar"
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert fits_the_screen(phone)
    group = phone.get_by_role("group", name="كان البرنامج مفيدًا لي")
    # Right to left: the radio button sits at the right edge of its option.
    option = phone.locator("label.sa-option").first
    radio = option.locator("input").bounding_box()
    frame = option.bounding_box()
    assert radio["x"] > frame["x"] + frame["width"] / 2
    with translation.override("ar"):
        agree, send, thanks = gettext("Stämmer helt"), gettext("Skicka svaren"), gettext("Tack för dina svar")
    assert agree != "Stämmer helt" and send != "Skicka svaren"
    group.get_by_role("radio", name=agree).check()
    phone.get_by_role("button", name=send).tap()
    phone.wait_for_url("**/tack/")
    assert phone.get_by_role("heading", level=1).inner_text() == thanks
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert SurveyResponse.objects.count() == 1

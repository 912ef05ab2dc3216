"""The participant's self-assessment on a small phone (360 × 640), in a real headless Chromium.

Every question must show all its answers and the "Nästa" button without scrolling, in Swedish,
in a long language (Somali) and right to left (Arabic), with every touch target at least 44 px
and no sideways scrolling; the start, question, summary and thank-you pages have no WCAG 2.1
A/AA violations that axe-core finds.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stegvis.core.tests.phone import fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 360, "height": 640},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
MIN_TARGET = 44  # px, the smallest touch target

# Where each option, "Nästa" and the page's width stand, measured in the page.
LAYOUT = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, height: r.height, width: r.width}; };
  return {
    height: window.innerHeight,
    scrolls_sideways: document.documentElement.scrollWidth > window.innerWidth,
    options: [...document.querySelectorAll("label.sa-option")].map(box),
    submit: box(document.querySelector("form.sa-form button[type=submit]")),
    back: box(document.querySelector(".sa-nav a")),
  };
}"""


@pytest.fixture
def world_tx(transactional_db):
    from stegvis.progression import defaults
    from stegvis.progression.instruments import default_translations
    from stegvis.progression.models import Instrument, InstrumentText, Item
    from stegvis.testing import build_world

    # A transactional test flushes the tables, data migrations included: put the default card
    # and its draft translations back.
    defaults.install(Instrument, Item)
    default_translations.install(Instrument, Item, InstrumentText)
    return build_world()


@pytest.fixture
def phone_screen():
    """The shared ``phone`` fixture on a small phone: the card must fit 360 × 640."""
    return PHONE


def make_link(world, language="sv"):
    from stegvis.progression.selfassessment import actions

    return actions.create_link(world.users["coord_kba"], world.enrollments["anna"], language=language)


def choose(tab, value):
    tab.locator(f'label.sa-option:has(input[value="{value}"])').tap()


def assert_fits_without_scrolling(tab):
    """Every answer and both buttons inside the first screen, big enough to tap, nothing sideways."""
    layout = tab.evaluate(LAYOUT)
    where = tab.url
    assert not layout["scrolls_sideways"], where
    assert len(layout["options"]) == 11, where
    for box in [*layout["options"], layout["submit"]]:
        assert 0 <= box["top"] and box["bottom"] <= layout["height"], (where, box)
    for box in [*layout["options"], layout["submit"], layout["back"]]:
        assert box["height"] >= MIN_TARGET and box["width"] >= MIN_TARGET, (where, box)


def answer_every_question(tab, axe, *, next_label, last_label, values):
    """Answer the ten questions in order, checking that each screen fits (and the first with axe)."""
    for step, value in enumerate(values, start=1):
        tab.wait_for_url(f"**/fraga/{step}/")
        assert tab.locator("legend").count() == 1  # one question per screen
        assert_fits_without_scrolling(tab)
        if step == 1:
            assert axe(tab) == []
        choose(tab, value)
        tab.get_by_role("button", name=last_label if step == len(values) else next_label).tap()
    tab.wait_for_url("**/kontroll/")


def send_from_the_summary(tab, axe):
    """On the summary: check it, send, and check the thank-you page."""
    assert axe(tab) == []
    tab.locator("form.sa-nav button[type=submit]").tap()
    tab.wait_for_url("**/tack/")
    assert axe(tab) == []


def test_whole_flow_on_a_phone_in_swedish(phone, axe, world_tx):
    from stegvis.progression.models import Measurement, Respondent, SelfAssessmentLink, Source

    link, raw = make_link(world_tx)
    phone.goto(phone.base_url + reverse("selfassessment:start", args=[raw]))
    assert phone.locator("html").get_attribute("lang") == "sv"
    assert "Det finns inga rätta eller fel svar" in phone.content()
    assert "Anna" not in phone.content()
    assert fits_the_screen(phone)
    assert axe(phone) == []
    phone.get_by_role("link", name="Börja").tap()

    phone.wait_for_url("**/fraga/1/")
    assert phone.locator(".sa-progress__text").inner_text() == "Fråga 1 av 10"
    assert_fits_without_scrolling(phone)
    assert axe(phone) == []
    # Every step reads differently: the item's ends and its own words between them.
    words = phone.locator(".sa-option__words").all_inner_texts()
    assert len(set(words)) == 11
    choose(phone, 1)
    phone.get_by_role("button", name="Nästa").tap()
    phone.wait_for_url("**/fraga/2/")
    assert_fits_without_scrolling(phone)  # with the explanation under the question
    choose(phone, 2)
    phone.get_by_role("button", name="Nästa").tap()
    # Back to question 2: the earlier answer is still chosen; change it.
    phone.wait_for_url("**/fraga/3/")
    phone.get_by_role("link", name="Tillbaka").tap()
    phone.wait_for_url("**/fraga/2/")
    assert phone.locator('input[value="2"]').is_checked()
    choose(phone, 9)
    phone.get_by_role("button", name="Nästa").tap()
    phone.wait_for_url("**/fraga/3/")
    for step in range(3, 11):
        phone.wait_for_url(f"**/fraga/{step}/")
        assert_fits_without_scrolling(phone)
        choose(phone, "x" if step == 7 else step)
        phone.get_by_role("button", name="Till sammanfattningen" if step == 10 else "Nästa").tap()

    phone.wait_for_url("**/kontroll/")
    summary = phone.locator(".sa-summary").inner_text()
    assert "9 – Ja, nästan helt säkert" in summary and "Vet inte / vill inte svara" in summary
    assert axe(phone) == []
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
    assert axe(phone) == []

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
    link.refresh_from_db()
    assert link.used_at is not None and link.draft_answers == {}

    # The same link again, on the same phone: gone.
    response = phone.goto(phone.base_url + reverse("selfassessment:start", args=[raw]))
    assert response.status == 410
    assert "Kontakta den som gav dig länken" in phone.content()
    assert SelfAssessmentLink.objects.get(pk=link.pk).used_at is not None


def test_whole_flow_right_to_left_in_arabic(phone, axe, world_tx):
    from stegvis.progression.models import Measurement

    _link, raw = make_link(world_tx, language="ar")
    phone.goto(phone.base_url + reverse("selfassessment:start", args=[raw]))
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert phone.locator("html").get_attribute("lang") == "ar"
    assert phone.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert axe(phone) == []
    phone.get_by_role("link", name="ابدأ").tap()
    phone.wait_for_url("**/fraga/1/")
    assert phone.locator(".sa-progress__text").inner_text() == "السؤال 1 من 10"
    # The number sits on the right-hand side of each answer in a right-to-left layout, and the
    # lowest half of the scale in the right-hand column.
    option = phone.locator("label.sa-option").first
    assert (
        option.locator(".sa-option__value").bounding_box()["x"]
        > option.locator(".sa-option__words").bounding_box()["x"]
    )
    assert option.bounding_box()["x"] > phone.locator("label.sa-option").nth(5).bounding_box()["x"]
    answer_every_question(phone, axe, next_label="التالي", last_label="إلى الملخص", values=range(1, 11))
    send_from_the_summary(phone, axe)
    assert Measurement.objects.get().language == "ar"


def test_whole_flow_in_somali_a_long_language(phone, axe, world_tx):
    from stegvis.progression.models import Measurement

    _link, raw = make_link(world_tx, language="so")
    phone.goto(phone.base_url + reverse("selfassessment:start", args=[raw]))
    assert phone.locator("html").get_attribute("lang") == "so"
    assert axe(phone) == []
    phone.locator("a.sa-button--primary").tap()
    answer_every_question(
        phone,
        axe,
        next_label="Xiga",
        last_label="U gudub soo koobidda",
        values=[10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
    )
    send_from_the_summary(phone, axe)
    assert Measurement.objects.get().language == "so"


def test_answers_survive_a_closed_tab(browser, live_server, world_tx):
    """Four answers, the tab closed; the link opened again goes on at question 5, answers kept."""
    link, raw = make_link(world_tx)
    first = browser.new_context(**PHONE)
    tab = first.new_page()
    tab.goto(live_server.url + reverse("selfassessment:question", args=[raw, 1]))
    for step, value in enumerate([3, 4, 5, 6], start=1):
        tab.wait_for_url(f"**/fraga/{step}/")
        choose(tab, value)
        tab.get_by_role("button", name="Nästa").tap()
    tab.wait_for_url("**/fraga/5/")
    first.close()  # the tab, its cookies and its session are gone

    second = browser.new_context(**PHONE)
    tab = second.new_page()
    try:
        tab.goto(live_server.url + reverse("selfassessment:start", args=[raw]))
        assert "Du har svarat på 4 frågor." in tab.content()
        tab.get_by_role("link", name="Fortsätt där du var").tap()
        tab.wait_for_url("**/fraga/5/")
        tab.get_by_role("link", name="Tillbaka").tap()
        tab.wait_for_url("**/fraga/4/")
        assert tab.locator('input[value="6"]').is_checked()
    finally:
        second.close()
    link.refresh_from_db()
    assert link.draft_answers == {"q1": 3, "q2": 4, "q3": 5, "q4": 6} and link.used_at is None


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
    # Staff choose the language by its Swedish name.
    section.get_by_label("Språk").select_option(label="Arabiska")
    section.get_by_label("Visa QR-kod här").check()
    section.get_by_role("button", name="Skapa länk").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Länken är skapad"
    assert page.get_by_role("img", name="QR-kod med länken till frågorna").is_visible()
    assert "Språk: Arabiska." in page.content()
    url = page.get_by_label("Länken som text (att kopiera)").input_value()
    assert "/s/" in url

    phone.goto(url)
    assert phone.locator("html").get_attribute("dir") == "rtl"
    assert "Anna" not in phone.content()

    page.goto(page.base_url + reverse("participants:detail", args=[world_tx.persons["anna"].pk]))
    assert "väntar på svar" in page.locator("#self-link table").inner_text()
    assert "Arabiska" in page.locator("#self-link table").inner_text()

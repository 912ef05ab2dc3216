"""Min sida on a small phone in a real headless Chromium: Swedish, Arabic (right to left), Somali.

Each page is checked at 360×640 and again at 320 px wide: nothing sticks out sideways, axe finds
no WCAG 2.1 A/AA violation, and the Content-Security-Policy reports nothing.
"""

import pytest
from django.urls import reverse

from stegvis.core.tests.phone import fits_the_screen
from stegvis.minsida.tests.helpers import fill, make_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL = {
    "viewport": {"width": 360, "height": 640},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
WATCH_CSP = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective));"
)


@pytest.fixture
def phone_screen():
    return SMALL


def check(tab, axe):
    for width in (360, 320):
        tab.set_viewport_size({"width": width, "height": 640})
        assert fits_the_screen(tab), f"wider than {width} px"
        assert axe(tab) == [], f"at {width} px"
    assert tab.evaluate("window.__csp") == []


@pytest.mark.parametrize("language", ["sv", "ar", "so"])
def test_min_sida_on_a_small_phone(phone, world_tx, axe, language):
    data = fill(world_tx)
    _link, raw = make_link(world_tx, language=language)
    errors = []
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.add_init_script(WATCH_CSP)
    phone.goto(phone.base_url + reverse("minsida:landing", args=[raw]))
    html = phone.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    check(phone, axe)
    phone.locator("form button[type=submit].ms-button--wide").tap()
    phone.wait_for_url(phone.base_url + "/min-sida/")
    assert raw not in phone.url
    assert phone.locator(".chart--phone").count() == 1
    check(phone, axe)
    assert errors == []  # the read-aloud script runs without errors
    if language == "sv":
        # The participant's own step, from the phone; the page says it is done.
        phone.get_by_role("button", name="Jag har gjort det").tap()
        phone.wait_for_url("**/min-sida/#plan")
        assert "Bra! Nu står det att du har gjort det." in phone.content()
        data["own"].refresh_from_db()
        assert data["own"].status == "klar"
        # The language menu names each language in its own script.
        phone.locator(".ms-lang summary").tap()
        phone.get_by_role("button", name="العربية").tap()
        phone.wait_for_url(phone.base_url + "/min-sida/")
        assert phone.locator("html").get_attribute("dir") == "rtl"
        check(phone, axe)


def test_keyboard_reaches_the_content_and_the_menu(phone, world_tx):
    _link, raw = make_link(world_tx)
    phone.goto(phone.base_url + reverse("minsida:landing", args=[raw]))
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent") == "Gå till innehållet"
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")  # the language menu opens
    assert phone.locator(".ms-lang").get_attribute("open") is not None
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.getAttribute('lang')") == "sv"

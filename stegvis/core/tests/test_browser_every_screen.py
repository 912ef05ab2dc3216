"""What every staff page does in a real browser (stegvis.js and stegvis.css): focus after a form
error, the focus ring's contrast, wide tables as keyboard-scrollable regions, long work that
shows itself and cannot be started twice, and the header at 320 px."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast(first, second):
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _rgb(css):
    return tuple(int(part) for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3])


def test_focus_moves_to_the_error_summary(browser_login, world_tx):
    page = browser_login("coord_kba")
    page.goto(page.base_url + reverse("participants:create"))
    page.get_by_role("button", name="Registrera").click()
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    # Its links lead to the fields.
    first = page.locator(".error-summary a").first
    target = first.get_attribute("href")
    first.click()
    assert page.evaluate("document.activeElement.id") == target.lstrip("#")


def test_focus_ring_contrasts_at_least_three_to_one(browser_login, world_tx):
    page = browser_login("coord_kba")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand, in the dark header
    header = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement); return [s.outlineColor, s.outlineWidth,"
        " getComputedStyle(document.querySelector('.site-header')).backgroundColor]; }"
    )
    assert header[1] == "3px"
    assert _contrast(_rgb(header[0]), _rgb(header[2])) >= 3
    # A link in the page, on the light background.
    page.locator("main a").first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    ring = page.evaluate("() => getComputedStyle(document.activeElement).outlineColor")
    background = page.evaluate(
        "() => getComputedStyle(document.querySelector('.panel') || document.body).backgroundColor"
    )
    assert _contrast(_rgb(ring), _rgb(background)) >= 3


def test_a_wide_table_is_a_named_tab_stop_only_while_it_scrolls(browser_login, world_tx):
    page = browser_login("leader")
    page.goto(page.base_url + reverse("participants:list"))
    wrap = page.locator(".table-wrap").first
    assert wrap.get_attribute("tabindex") is None
    page.set_viewport_size({"width": 320, "height": 700})
    expect(wrap).to_have_attribute("tabindex", "0")
    assert wrap.get_attribute("role") == "region"
    assert wrap.get_attribute("aria-label")
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(wrap).not_to_have_attribute("tabindex", "0")


def test_header_fits_a_320_px_screen(browser_login, world_tx):
    page = browser_login("admin")
    page.set_viewport_size({"width": 320, "height": 700})
    width = page.evaluate("() => document.querySelector('.site-header').scrollWidth")
    assert width <= 320
    logout = page.get_by_role("button", name="Logga ut")
    box = logout.bounding_box()
    assert box["x"] + box["width"] <= 320
    # The button stays on the dark header, so its white text keeps its contrast.
    header = page.locator(".site-header").bounding_box()
    assert header["y"] <= box["y"] and box["y"] + box["height"] <= header["y"] + header["height"]
    # The menu is folded behind "Meny", which opens it and moves focus to its first entry.
    menu = page.locator("#main-nav")
    expect(menu).to_be_hidden()
    toggle = page.get_by_role("button", name="Meny")
    toggle.click()
    expect(menu).to_be_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.evaluate("() => document.activeElement.closest('#main-nav') !== null")
    # The header's search finds a person by reference and opens their page.
    page.get_by_role("searchbox", name="Sök deltagare", exact=True).fill("KBA-1")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/deltagare/{world_tx.persons['anna'].pk}/")
    # At 1280 px the menu is simply there, without a button.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(toggle).to_be_hidden()
    expect(menu).to_be_visible()


def test_a_download_shows_its_work_and_cannot_start_twice(browser_login, world_tx):
    page = browser_login("leader")
    requests = []
    page.on(
        "request", lambda request: requests.append(request.url) if "rapport.xlsx" in request.url else None
    )
    page.goto(page.base_url + reverse("reports:project_report", kwargs={"code": "helhetslyftet"}))
    link = page.locator("a[data-busy][href*='rapport.xlsx']")
    idle_text = link.inner_text()
    # Every state the link passes through is noted, then the link is clicked twice in a row.
    with page.expect_download() as download:
        link.evaluate(
            """(link) => {
                window.seen = [];
                new MutationObserver(() => window.seen.push(
                    [link.className, link.getAttribute("aria-disabled"), link.textContent]
                )).observe(link, {attributes: true, childList: true, characterData: true, subtree: true});
                link.click();
                link.click();
            }"""
        )
    assert download.value.suggested_filename.endswith(".xlsx")
    expect(link).not_to_have_class(re.compile("is-busy"))
    seen = page.evaluate("() => window.seen")
    assert ["button button--secondary is-busy", "true", "Skapar filen …"] in seen
    assert link.inner_text() == idle_text
    assert link.get_attribute("aria-disabled") is None
    assert len(requests) == 1


def test_a_coordinators_day_on_a_tablet_by_keyboard(browser_login, world_tx, axe):
    """Start page, worklist and participant page at 768 × 1024 (a tablet held upright): nothing
    sticks out, and the caseload's sorting and the page's quick actions work from the keyboard."""
    from stegvis.core.tests.test_browser_every_page import OVERFLOW

    page = browser_login("coord_kba")
    page.set_viewport_size({"width": 768, "height": 1024})
    person = world_tx.persons["anna"].pk
    for url in (reverse("home"), reverse("worklist:index"), reverse("participants:detail", args=[person])):
        page.goto(page.base_url + url)
        assert page.evaluate(OVERFLOW) <= 0, url
        assert axe(page) == [], url
    page.goto(page.base_url + reverse("home"))
    page.locator("#caseload-table thead a", has_text="Senaste kontakt").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"caseload-sort=contact"))
    assert page.locator("#caseload-table th[aria-sort]").count() == 1
    page.goto(page.base_url + reverse("participants:detail", args=[person]))
    page.get_by_role("link", name="Registrera kontakt").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#ny-kontakt$"))
    expect(page.locator("#ny-kontakt")).to_be_visible()

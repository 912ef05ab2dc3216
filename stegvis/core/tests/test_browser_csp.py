"""The Content-Security-Policy holds in a real browser: no page needs inline script or style.

One coordinator, one browser tab, the pages people use most (start page, participant list and
its in-place search, a participant page, a one-time link's QR page, a report with charts, the
worklist's print button) and the participant's own pages (the self-assessment card, the
self-referral form). Chromium reports every blocked script, style or handler as a
``securitypolicyviolation`` event; an init script turns each into a console error, and the test
fails on any of them.
"""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any script of every page (and every page htmx swaps in stays in the same document).
WATCH_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error("CSP violation: " + event.effectiveDirective + " blocked " + (event.blockedURI || "?")
    + " in " + event.sourceFile + ":" + event.lineNumber + " " + (event.sample || ""));
});
"""


@pytest.fixture
def world_tx(transactional_db, settings):
    from django.core.cache import cache

    from stegvis.progression import defaults
    from stegvis.progression.models import Instrument, Item
    from stegvis.testing import build_world

    # A transactional test flushes the tables, data migrations included: put the default card back.
    defaults.install(Instrument, Item)
    settings.STEGVIS_INTAKE_RATE = "100/h"
    cache.clear()
    return build_world()


@pytest.fixture
def watched(page):
    """The tab, with a list that collects every CSP violation and every refusal Chromium logs."""
    violations = []

    def listen(message):
        if "CSP violation" in message.text or "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.add_init_script(WATCH_VIOLATIONS)
    page.on("console", listen)
    page.violations = violations
    return page


def visit(page, path):
    """Open ``path``, check that the answer carries the policy, and wait until the page is idle."""
    response = page.goto(page.base_url + path)
    assert response.status == 200, path
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy, policy
    assert "frame-ancestors 'none'" in policy
    page.wait_for_load_state("networkidle")
    return response


def test_main_pages_keep_the_policy(watched, browser_login, world_tx):
    from stegvis.intake.testing import make_page

    page = browser_login("coord_kba")
    page.wait_for_load_state("networkidle")

    # The detector itself: an inline style attribute added to the page must be reported.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<b style=\"color: red\">x</b>')")
    page.wait_for_function("true")
    page.wait_for_timeout(200)
    assert any("style-src" in v for v in page.violations), page.violations
    page.violations.clear()

    visit(page, reverse("participants:list"))
    page.get_by_role("searchbox", name="Sök", exact=True).fill("Anna")  # htmx swaps the table in place
    page.wait_for_url("**q=Anna**")
    page.wait_for_function("document.querySelectorAll('tbody tr').length === 1")

    anna = world_tx.persons["anna"]
    visit(page, reverse("participants:detail", args=[anna.pk]))
    section = page.locator("#self-link")
    section.get_by_label("Visa QR-kod här").check()
    section.get_by_role("button", name="Skapa länk").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Länken är skapad"
    # The address field selects its text on focus (a static script, no onfocus attribute).
    field = page.get_by_label("Länken som text (att kopiera)")
    field.focus()
    card_url = field.input_value()
    assert page.evaluate(
        "document.activeElement.selectionEnd - document.activeElement.selectionStart"
    ) == len(card_url)

    visit(page, reverse("reports:project_report", args=[world_tx.projects["helhetslyftet"].code]))
    assert page.locator("svg.chart").count() > 0

    # "Skriv ut" prints through a listener in a static file (window.print is replaced to see it).
    visit(page, reverse("worklist:index"))
    page.evaluate("() => { window.print = () => { window.printed = true; }; }")
    page.get_by_role("button", name="Skriv ut").click()
    assert page.evaluate("window.printed === true")

    # The participant's pages, as a participant sees them.
    page.goto(card_url)
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Börja").click()
    page.wait_for_url("**/fraga/1/")
    page.wait_for_load_state("networkidle")

    visit(page, reverse("intake:form", args=[make_page(world_tx).slug]))

    assert page.violations == []

"""Two-factor login in a real browser: set up right after login, then log in with the app's code."""

import time

import pytest

from stegvis.accounts.tests.totp import totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_login(page, username):
    from stegvis.testing import PASSWORD

    page.goto(page.base_url + "/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_set_up_after_login_then_log_in_with_the_code(page, world_tx, settings):
    settings.STEGVIS_REQUIRE_2FA = True
    fill_login(page, "coord_kba")
    page.wait_for_url(page.base_url + "/konto/tvafaktor/app/")
    assert "måste använda tvåfaktorsinloggning" in page.locator("main").inner_text()
    assert page.locator(".totp-qr svg").is_visible()
    # Any other page sends the user back here.
    page.goto(page.base_url + "/deltagare/")
    page.wait_for_url(page.base_url + "/konto/tvafaktor/app/")

    secret = page.locator(".totp-secret").inner_text().strip()
    page.get_by_label("Autentiseringskod").fill(totp(secret))
    page.get_by_role("button", name="Slå på").click()
    page.wait_for_url(page.base_url + "/konto/tvafaktor/reservkoder/")
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="Jag har sparat koderna").click()
    page.wait_for_url(page.base_url + "/")
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(page.base_url + "/logga-in/")

    fill_login(page, "coord_kba")
    page.wait_for_url(page.base_url + "/logga-in/tvafaktor/")
    page.get_by_label("Kod").fill(totp(secret, time.time() + 30))
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(page.base_url + "/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hej")


def test_the_lock_out_page_is_swedish(page, world_tx):
    for n in range(5):
        page.goto(page.base_url + "/logga-in/")
        page.get_by_label("Användarnamn").fill("coord_kba")
        page.get_by_label("Lösenord").fill(f"fel-{n}")
        page.get_by_role("button", name="Logga in").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Inloggningen är tillfälligt spärrad"
    assert "Vänta 30 minuter" in page.get_by_role("alert").inner_text()

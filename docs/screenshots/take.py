"""Take the screenshots of a coordinator's day shown in docs/pages.md.

Run against the demo (``make demo`` in another terminal), with the test requirements installed
(Playwright drives Debian's ``chromium``)::

    .venv/bin/python docs/screenshots/take.py [--url http://127.0.0.1:8000] [--chromium /usr/bin/chromium]

It signs in as the demo coordinator and saves PNG files next to this script: the start page, the
worklist and the participant page at laptop width, and the start page and participant page at
phone width. The person shown is the first in need of something who has been measured.
"""

import argparse
import pathlib

from playwright.sync_api import sync_playwright

HERE = pathlib.Path(__file__).parent
DEMO_USER, DEMO_PASSWORD = "koordinator", "stegvis-demo-2026"


def sign_in(page, url):
    page.goto(f"{url}/logga-in/")
    page.get_by_label("Användarnamn").fill(DEMO_USER)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{url}/")


def shoot(page, name, *, height=None, selector=None):
    """Save the window, the page's first ``height`` pixels, or one element, as ``name``.png."""
    target = HERE / f"{name}.png"
    if selector:
        page.locator(selector).first.screenshot(path=target)
    elif height:
        width = page.viewport_size["width"]
        page.screenshot(path=target, full_page=True, clip={"x": 0, "y": 0, "width": width, "height": height})
    else:
        page.screenshot(path=target)
    print(target.name)


def first_with_chart(page, url):
    """The first person needing something whose chart has three measurements or more to choose from."""
    links = page.locator("#caseload-table tbody tr th a")
    hrefs = [links.nth(n).get_attribute("href") for n in range(links.count())]
    for href in hrefs:
        page.goto(f"{url}{href}")
        if page.locator(".progression-chart input[type=checkbox]").count() >= 3:
            return href
    return hrefs[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium)
        laptop = browser.new_page(viewport={"width": 1280, "height": 860})
        sign_in(laptop, args.url)
        shoot(laptop, "start", height=1500)
        person = first_with_chart(laptop, args.url)
        laptop.goto(f"{args.url}/arbetslista/")
        shoot(laptop, "worklist", height=1500)
        laptop.goto(f"{args.url}{person}")
        shoot(laptop, "participant")
        laptop.goto(f"{args.url}{person}#del-progression")
        shoot(laptop, "progression", selector="#del-progression")

        phone = browser.new_page(viewport={"width": 375, "height": 740}, device_scale_factor=2)
        sign_in(phone, args.url)
        shoot(phone, "start-phone")
        phone.goto(f"{args.url}{person}")
        shoot(phone, "participant-phone")
        browser.close()


if __name__ == "__main__":
    main()

"""Every staff page, as every role that may open it, in a real browser at 1280 and 320 CSS px.

The pages come from the access walk's map (:mod:`stegvis.core.tests.url_map`): every URL name
with the roles for which it answers 200. Each page is loaded once per role; at 1280 px and again
at 320 px (WCAG 1.4.10 reflow) it must not be wider than the window, and axe-core must find no
WCAG 2.1 A/AA violation (the ``axe`` fixture). Downloads and JSON answers are not pages and are
left out. The roles' pages are split into chunks so the parallel workers share the work.

A failure lists every page and width that failed at once, so one run shows all there is to fix.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from stegvis.core.tests.roles import OK, ROLES
from stegvis.core.tests.test_url_access import EXPECTED

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, databases=["default", "replica"])]

WIDTHS = (1280, 320)
CHUNK = 25

#: How wide the page is beyond the window (0 when it reflows), measured as the browser sees it.
OVERFLOW = (
    "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth"
)

#: Resolves once the browser has drawn two frames after a change of size: by then the resize
#: event and the resize observers have run, so scripts that react to the width (stegvis.js makes
#: a table that now scrolls a focusable region) are done before the page is checked.
SETTLED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"

#: The innermost elements that reach past the window's right edge, named so a failure says where
#: to look (elements inside a scrolling region do not widen the page and are left out).
CULPRITS = """() => {
  const width = window.innerWidth, found = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(".table-wrap, [data-scroll-region]")) continue;
    const box = el.getBoundingClientRect();
    if (box.right <= width + 1 || box.width === 0) continue;
    if ([...el.children].some((child) => child.getBoundingClientRect().right > width + 1)) continue;
    found.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : ""));
    if (found.length === 3) break;
  }
  return found.join(", ");
}"""


def _chunks():
    cases = []
    for role in ROLES:
        if role == "anonymous":
            continue
        names = sorted(name for name, (_kwargs, expected) in EXPECTED.items() if expected[role] == OK)
        for start in range(0, len(names), CHUNK):
            cases.append(pytest.param(role, names[start : start + CHUNK], id=f"{role}-{start // CHUNK}"))
    return cases


def _logged_in_tab(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="sv-SE", viewport={"width": WIDTHS[0], "height": 900})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    tab = context.new_page()
    tab.set_default_timeout(15000)
    return context, tab


def _addresses(world):
    """``name -> path``, each argument builder called once per world (several names share one)."""
    built = {}

    def path(name):
        kwargs_of, _expected = EXPECTED[name]
        if kwargs_of is None:
            return reverse(name)
        if kwargs_of not in built:
            built[kwargs_of] = kwargs_of(world)
        return reverse(name, kwargs=built[kwargs_of])

    return path


def _is_page(response):
    return response is not None and response.headers.get("content-type", "").startswith("text/html")


@pytest.mark.parametrize("role,names", _chunks())
def test_every_page_reflows_and_has_no_axe_violations(role, names, browser, live_server, world_tx, axe):
    context, tab = _logged_in_tab(browser, live_server, world_tx.users[role])
    path = _addresses(world_tx)
    problems = []
    checked = 0
    try:
        for name in names:
            url = path(name)
            tab.set_viewport_size({"width": WIDTHS[0], "height": 900})
            try:
                response = tab.goto(live_server.url + url)
            except Exception as error:  # a download starts instead of a page
                if "Download is starting" in str(error):
                    continue
                raise
            if not _is_page(response):
                continue
            checked += 1
            assert response.status == OK, f"{role} {url}: {response.status}"
            for width in WIDTHS:
                tab.set_viewport_size({"width": width, "height": 900})
                tab.evaluate(SETTLED)
                overflow = tab.evaluate(OVERFLOW)
                if overflow > 0:
                    culprits = tab.evaluate(CULPRITS)
                    problems.append(f"{url} at {width} px: {overflow} px wider than the window ({culprits})")
                problems.extend(f"{url} at {width} px: {found}" for found in axe(tab))
    finally:
        context.close()
    assert checked, f"no page of {names} was an HTML page"
    if problems:
        pytest.fail(f"{role}, {len(problems)} problems:\n" + "\n".join(problems), pytrace=False)

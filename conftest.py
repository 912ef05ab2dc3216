"""Shared pytest fixtures and the browser-test guard."""

import os
import shutil

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("STEGVIS_VAR_DIR", os.path.join(os.path.dirname(__file__), "var", "test"))
# Hypothesis keeps a cache of each module's constants; beside the tests' other files, not in the checkout's root.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(os.environ["STEGVIS_VAR_DIR"], "hypothesis")
)
# Two-factor login is required by default without DEBUG; tests that need it turn it on (the
# fixture below for this process, the variable for servers and workers that tests start).
os.environ.setdefault("STEGVIS_REQUIRE_2FA", "0")


def _add_replica_for_the_suite():
    """The suite runs with a read replica: the test database itself (TEST MIRROR), so the database
    router (stegvis/core/routers.py) takes part in every test. Added here, not through
    STEGVIS_REPLICA_DATABASE_URL, so the processes some tests start do not inherit it."""
    import copy

    from django.conf import settings
    from django.db import connections

    if "replica" in settings.DATABASES:
        return
    replica = copy.deepcopy(settings.DATABASES["default"])
    replica["TEST"] = {"MIRROR": "default"}
    settings.DATABASES["replica"] = replica
    connections.__dict__.pop("settings", None)  # read again, with the replica
    assert "replica" in connections.settings


# Property-based tests (the input fuzz): a few examples, the same every run and stored nowhere,
# so CI is quick and reproducible; STEGVIS_FUZZ_EXAMPLES=200 explores more, with fresh random
# input each run (docs/security.md).
_FUZZ_EXAMPLES = os.environ.get("STEGVIS_FUZZ_EXAMPLES", "")
hypothesis_settings.register_profile(
    "stegvis",
    max_examples=int(_FUZZ_EXAMPLES or 3),
    derandomize=not _FUZZ_EXAMPLES,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
hypothesis_settings.load_profile("stegvis")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SOFFICE = (shutil.which("soffice") or shutil.which("libreoffice")) if shutil.which("pdftotext") else None
XMLSEC1 = shutil.which("xmlsec1")


@pytest.fixture
def world(db):
    from stegvis.testing import build_world

    return build_world()


@pytest.fixture
def world_tx(transactional_db):
    """The test world in a database the live server's thread sees too (browser tests)."""
    from stegvis.testing import build_world

    return build_world()


@pytest.fixture
def login_as(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def pytest_configure(config):
    """Static files as in development: served from the apps' folders, so tests need no collectstatic.

    Production settings (DEBUG off, as under pytest) use hashed names from collected files; the
    tests that start a real ``stegvis serve`` process get exactly those.
    """
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = True
    _add_replica_for_the_suite()


def _keep_migration_data(item):
    """Tests outside a test transaction end with the tables emptied (flushed), which also empties
    what the migrations put there (life areas, instruments, the cache table's neighbours), so a
    later such test in the same process would find no areas. Serialized rollback puts that data
    back before each of them."""
    marker = item.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server", "world_tx"} & set(item.fixturenames)
    if marker is not None and marker.kwargs.get("transaction"):
        if not marker.kwargs.get("serialized_rollback"):
            kwargs = {**marker.kwargs, "serialized_rollback": True}
            item.add_marker(pytest.mark.django_db(*marker.args, **kwargs), append=False)
    elif transactional and "django_db_serialized_rollback" not in item.fixturenames:
        item.fixturenames.insert(0, "django_db_serialized_rollback")


@pytest.fixture(scope="session", autouse=True)
def _serialized_contents_in_every_context(django_db_setup):
    """Serialized rollback for browser tests too.

    Django keeps the serialized test database on the connection object, and connection objects
    are per context: once Playwright's sync API runs (in its own greenlet context) the test sees
    a fresh connection object without it, and the rollback is silently skipped. Kept on the
    class, every connection object of this process finds it.
    """
    from django.db import connections

    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents


# Tests that need a program the machine lacks are skipped, and the run ends with a loud banner
# (counted from the skip reports, so it also works when xdist's workers did the skipping).
MISSING = [
    (
        "browser",
        CHROMIUM,
        "Debian's chromium is not installed: browser tests NOT run",
        "BROWSER TESTS SKIPPED: {n} tests need Debian's 'chromium' (apt-get install chromium). "
        ".ci/run installs it.",
    ),
    (
        "libreoffice",
        SOFFICE,
        "LibreOffice (soffice) is not installed: DOCX→PDF checks NOT run",
        "LIBREOFFICE TESTS SKIPPED: {n} tests need LibreOffice and poppler "
        "(apt-get install libreoffice-writer-nogui poppler-utils). .ci/run installs them.",
    ),
    (
        "xmlsec1",
        XMLSEC1,
        "xmlsec1 is not installed: SAML single sign-on tests NOT run",
        "SAML TESTS SKIPPED: {n} tests need the 'xmlsec1' program for the test identity provider "
        "(apt-get install xmlsec1). .ci/run installs it.",
    ),
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        _keep_migration_data(item)
        for keyword, program, reason, _banner in MISSING:
            if keyword in item.keywords and not program:
                item.add_marker(pytest.mark.skip(reason=reason))


def _skip_reason(report):
    longrepr = report.longrepr
    return str(longrepr[2]) if isinstance(longrepr, tuple) else str(longrepr)


def pytest_terminal_summary(terminalreporter):
    reasons = [_skip_reason(report) for report in terminalreporter.stats.get("skipped", [])]
    bar = "!" * 78
    for _keyword, _program, reason, banner in MISSING:
        skipped = sum(reason in text for text in reasons)
        if skipped:
            terminalreporter.write_line(bar, red=True, bold=True)
            terminalreporter.write_line(banner.format(n=skipped), red=True, bold=True)
            terminalreporter.write_line(bar, red=True, bold=True)


@pytest.fixture(scope="session")
def migrated_site(tmp_path_factory):
    """A SQLite file migrated by a real ``stegvis migrate`` with the test world, once per session."""
    from stegvis.core.tests.processes import Site

    return Site.migrated(tmp_path_factory.mktemp("migrated") / "site")


@pytest.fixture
def sqlite_site(migrated_site, tmp_path):
    """This test's own copy of the migrated site, for real ``stegvis`` processes (serve, import)."""
    return migrated_site.copy_to(tmp_path / "site")


@pytest.fixture(autouse=True)
def _two_factor_not_required(settings):
    settings.STEGVIS_REQUIRE_2FA = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s per user; tests do not test the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, driven by Playwright (Playwright's own browser download is not used)."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab; ``page.base_url`` is the live server's address."""
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15000)
    tab.base_url = live_server.url
    yield tab
    context.close()


@pytest.fixture
def phone_screen():
    """The phone of the ``phone`` fixture; a test module overrides this fixture for another size."""
    from stegvis.core.tests.phone import PHONE

    return PHONE


@pytest.fixture
def phone(browser, live_server, phone_screen):
    """A tab on a touch-screen phone (see :mod:`stegvis.core.tests.phone`); ``phone.base_url`` is the live server."""
    context = browser.new_context(locale="sv-SE", **phone_screen)
    tab = context.new_page()
    tab.set_default_timeout(15000)
    tab.base_url = live_server.url
    yield tab
    context.close()


#: What the accessibility checks hold pages to: WCAG 2.1 A and AA (a legal requirement for
#: Swedish public services, lagen om tillgänglighet till digital offentlig service) and the
#: WCAG 2.2 AA rules axe-core checks (target size: pointer targets of at least 24 × 24 px).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def axe():
    """``axe(page)``: axe-core's WCAG 2.1 A/AA and 2.2 AA violations on the page as it is now, as short strings.

    Each string names the rule, its impact and the first elements it found, so a failing
    ``assert axe(page) == []`` says what to fix. axe-core comes bundled with the pinned
    axe-playwright-python; it is injected through the browser's debugging protocol, which the
    page's Content-Security-Policy does not govern.
    """
    from axe_playwright_python.sync_playwright import Axe

    engine = Axe()

    def violations(tab):
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        found = engine.run(tab, options=options).response["violations"]
        return [
            f"{v['id']} ({v['impact']}): " + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
            for v in found
        ]

    return violations


@pytest.fixture
def browser_login(page):
    """Log in through the real login form."""
    from stegvis.testing import PASSWORD

    def _login(username):
        page.goto(page.base_url + "/logga-in/")
        page.get_by_label("Användarnamn").fill(username)
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        page.wait_for_url(page.base_url + "/")
        return page

    return _login


@pytest.fixture(autouse=True, scope="session")
def _job_files_in_a_temporary_folder(tmp_path_factory):
    """The files of import and export jobs go to a folder of this test run, not the checkout's var/."""
    from django.conf import settings

    settings.STEGVIS_JOB_FILES_DIR = tmp_path_factory.mktemp("jobs")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    """After every test that used the database, no enrolment's stored age at its start is stale.

    ``Enrollment.age_at_start`` is written by each writer of enrolments and birth dates (see
    stegvis/participants/ages.py); checking after every test, before its data is rolled back,
    catches a writer (or a test's own shortcut) that forgets, wherever it is.
    """
    if "_django_db_helper" not in item.fixturenames and item.get_closest_marker("django_db") is None:
        return
    from stegvis.participants.ages import stale_ages

    try:
        stale = list(stale_ages().values_list("pk", "age_at_start")[:5])
    except RuntimeError:  # the test never reached its database (skipped before the set-up)
        return
    assert not stale, f"enrolments whose stored age at the start disagrees with their person: {stale}"

"""Shared pytest fixtures and the browser-test guard."""

import os
import shutil

import pytest

os.environ.setdefault("STEGVIS_VAR_DIR", os.path.join(os.path.dirname(__file__), "var", "test"))

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
_skipped_browser = []


@pytest.fixture
def world(db):
    from stegvis.core.testing import build_world

    return build_world()




@pytest.fixture
def login_as(client):
    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason="Debian's chromium is not installed: browser tests NOT run")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
            _skipped_browser.append(item.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _skipped_browser:
        bar = "!" * 78
        terminalreporter.write_line(bar, red=True, bold=True)
        terminalreporter.write_line(
            f"BROWSER TESTS SKIPPED: {len(_skipped_browser)} tests need Debian's 'chromium' "
            "(apt-get install chromium). .ci/run installs it.",
            red=True, bold=True,
        )
        terminalreporter.write_line(bar, red=True, bold=True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s per user; tests do not test the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

"""Production settings from the environment: HTTPS behind a proxy, the deployment check, the secret key."""

import runpy
import stat

import pytest

import stegvis.settings
from stegvis.core.tests.processes import Site

SECRET = "s3cr3t-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"  # 58 characters, varied
PRODUCTION = {
    "STEGVIS_DEBUG": "0",
    "STEGVIS_HTTPS": "1",
    "STEGVIS_ALLOWED_HOSTS": "stegvis.kommun.example",
}


def _settings(monkeypatch, tmp_path, **env):
    """The settings module as the environment ``env`` makes it (run afresh, not the loaded one)."""
    for name in ("STEGVIS_HTTPS", "STEGVIS_SECURE_COOKIES", "STEGVIS_CSRF_TRUSTED_ORIGINS", "STEGVIS_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("STEGVIS_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("STEGVIS_SECRET_KEY", SECRET)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(stegvis.settings.__file__)


def test_https_behind_a_proxy(monkeypatch, tmp_path):
    hosts = {"STEGVIS_ALLOWED_HOSTS": "stegvis.kommun.example,.kommun.example"}
    s = _settings(monkeypatch, tmp_path, **{**PRODUCTION, **hosts})
    assert s["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] == 31536000 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert s["SECURE_HSTS_PRELOAD"] is False and "security.W021" in s["SILENCED_SYSTEM_CHECKS"]
    assert s["SESSION_COOKIE_SECURE"] is True and s["CSRF_COOKIE_SECURE"] is True
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://stegvis.kommun.example", "https://*.kommun.example"]


def test_trusted_origins_can_be_given(monkeypatch, tmp_path):
    s = _settings(
        monkeypatch,
        tmp_path,
        **PRODUCTION,
        STEGVIS_CSRF_TRUSTED_ORIGINS="https://a.example, https://b.example",
    )
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://a.example", "https://b.example"]


def test_without_https_nothing_redirects_and_secure_cookies_keep_their_old_switch(monkeypatch, tmp_path):
    s = _settings(monkeypatch, tmp_path, STEGVIS_DEBUG="0")
    assert not s.get("SECURE_SSL_REDIRECT") and not s.get("SECURE_HSTS_SECONDS")
    assert s["SESSION_COOKIE_SECURE"] is True and s["CSRF_TRUSTED_ORIGINS"] == []
    assert (
        _settings(monkeypatch, tmp_path, STEGVIS_DEBUG="0", STEGVIS_SECURE_COOKIES="0")[
            "SESSION_COOKIE_SECURE"
        ]
        is False
    )
    assert _settings(monkeypatch, tmp_path, STEGVIS_DEBUG="1")["SESSION_COOKIE_SECURE"] is False
    # With HTTPS the cookies are secure whatever the older switch says.
    https = _settings(monkeypatch, tmp_path, **PRODUCTION, STEGVIS_SECURE_COOKIES="0")
    assert https["SESSION_COOKIE_SECURE"] is True


def test_production_serves_hashed_static_files_and_development_the_apps_folders(monkeypatch, tmp_path):
    production = _settings(monkeypatch, tmp_path, STEGVIS_DEBUG="0")
    assert (
        production["STORAGES"]["staticfiles"]["BACKEND"]
        == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert production["WHITENOISE_USE_FINDERS"] is False
    development = _settings(monkeypatch, tmp_path, STEGVIS_DEBUG="1")
    assert development["STORAGES"]["staticfiles"]["BACKEND"].endswith(".StaticFilesStorage")
    assert development["WHITENOISE_USE_FINDERS"] is True


def test_sqlite_waits_for_other_writers(monkeypatch, tmp_path):
    s = _settings(monkeypatch, tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    options = s["DATABASES"]["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] == 20
    assert "journal_mode=WAL" in options["init_command"]


@pytest.mark.processes
def test_the_deployment_check_reports_no_issues(tmp_path):
    site = Site(tmp_path)
    result = site.run(
        "check", "--deploy", "--fail-level", "WARNING", env=site.env(**PRODUCTION, STEGVIS_SECRET_KEY=SECRET)
    )
    assert "System check identified no issues" in result.stdout


@pytest.mark.processes
def test_without_a_secret_key_in_production_the_generated_key_file_is_used(tmp_path):
    site = Site(tmp_path)
    env = site.env(**PRODUCTION)
    assert "STEGVIS_SECRET_KEY" not in env
    check = site.run("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert "System check identified no issues" in check.stdout
    key_file = site.var / "secret_key"
    key = key_file.read_text().strip()
    assert len(key) >= 50 and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    # The next process (a restart) reads the same key: sessions survive.
    shown = site.run(
        "shell",
        "--verbosity",
        "0",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env=env,
    )
    assert shown.stdout.strip() == key

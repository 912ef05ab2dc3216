"""``stegvis serve``: the real production server (gunicorn) on a SQLite file, as on a server."""

import os
import re
import signal
import sqlite3
import threading
import time

import pytest

from stegvis.core.tests.processes import form_token
from stegvis.testing import PASSWORD

pytestmark = pytest.mark.processes

PERSONNUMMER = "197001011234"
TOKEN = "Ab3dEfGh1jKlMn0pQrStUvWxYz_-0123"  # the shape of a one-time link's token


def _assert_security_headers(response):
    """The headers every answer carries (docs/security.md), as the real server sends them."""
    policy = dict(
        (directive.split(" ", 1) + [""])[:2]
        for directive in (part.strip() for part in response.headers["Content-Security-Policy"].split(";"))
        if directive
    )
    assert (
        policy["script-src"] == "'self'"
        and "unsafe-inline" not in response.headers["Content-Security-Policy"]
    )
    assert policy["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "no-store" in response.headers["Cache-Control"]


def test_behind_a_tls_proxy_with_hashed_static_files_and_an_access_log_without_query_strings(sqlite_site):
    """STEGVIS_HTTPS=1 as behind nginx: the proxy's header makes a request secure (HSTS, secure
    cookies), a request without it is redirected to HTTPS (not the health check). Static files
    under hashed names come from the app. The access log holds paths only."""
    with sqlite_site.serve(STEGVIS_HTTPS="1", STEGVIS_ALLOWED_HOSTS="127.0.0.1") as server:
        direct = server.client()
        assert direct.get("/halsa/").status == 200
        redirect = direct.get("/logga-in/")
        assert redirect.status == 301 and redirect.headers["Location"] == "https://127.0.0.1/logga-in/"

        client = server.client(headers={"X-Forwarded-Proto": "https"})
        login = client.get("/logga-in/")
        assert login.status == 200 and "Logga in i Stegvis" in login.body
        _assert_security_headers(login)
        health = client.get("/halsa/")
        assert health.status == 200 and '"database": "ok"' in health.body
        _assert_security_headers(health)
        assert login.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
        assert "Secure" in login.headers["Set-Cookie"]
        # Static files under names that carry a hash of their content, served by the app itself.
        stylesheet = re.search(r'href="(/static/stegvis/stegvis\.[0-9a-f]{12}\.css)"', login.body)
        assert stylesheet, "the page does not link the hashed stylesheet"
        css = client.get(stylesheet.group(1))
        assert css.status == 200 and ".site-header" in css.body
        assert "immutable" in css.headers["Cache-Control"]

        assert client.get(f"/deltagare/?q={PERSONNUMMER}").status == 302
        assert client.get(f"/logga-in/?next=/deltagare/%3Fq%3D{PERSONNUMMER}").status == 200
        assert client.get(f"/e/{TOKEN}/").status == 404  # the survey's own "link not valid" page
        missing = client.get("/finns-inte/")
        assert missing.status == 404 and "Sidan finns inte" in missing.body

    log = server.access_log.read_text()
    assert '"GET /deltagare/ HTTP/1.1" 302' in log
    assert '"GET /logga-in/ HTTP/1.1" 200' in log
    assert '"GET /e/[token]/ HTTP/1.1" 404' in log
    assert PERSONNUMMER not in log and "?" not in log
    assert TOKEN not in log


# Twenty participants of Kungsbacka, and twenty separate logins of its coordinator.
SETUP_WRITERS = """
from django.contrib.auth import get_user_model
from django.test import Client
from stegvis.organizations.models import Organization
from stegvis.participants.actions import register_person

kungsbacka = Organization.objects.get(code="kungsbacka")
user = get_user_model().objects.get(username="coord_kba")
for index in range(20):
    person = register_person(
        None, organization=kungsbacka, first_name=f"Person{index}", last_name="Samtidig", gender="X",
        birth_year=1960 + index,
    )
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    print(person.pk, client.cookies["sessionid"].value)
"""


def _edit_form(index, version):
    return {
        "version": version,
        "personnummer": "",
        "birth_year": str(1960 + index),
        "first_name": f"Ändrad{index}",
        "last_name": "Samtidig",
        "gender": "X",
        "home_municipality": "Kungsbacka",
        "language": "",
        "language_other": "",
        "interpreter_needed": "",
        "contact_preference": "",
        "phone": "",
        "email": "",
        "education_level": "",
    }


def test_twenty_concurrent_writers_on_sqlite_get_no_error(sqlite_site):
    """Twenty coordinators press Spara on twenty participants at the same moment: every edit is saved.

    An edit reads (access, duplicates) before it writes inside its transaction: the pattern that
    SQLite's default (deferred) transactions fail with "database is locked" under several processes.
    """
    writers = [line.split() for line in sqlite_site.shell(SETUP_WRITERS).splitlines()]
    assert len(writers) == 20
    with sqlite_site.serve(workers=4) as server:
        start = threading.Barrier(len(writers))
        results = {}

        def edit(index, person, session):
            client = server.client()
            client.cookies["sessionid"] = session
            path = f"/deltagare/{person}/andra/"
            try:
                form = client.get(path)
                version = re.search(r'name="version" value="(\d+)"', form.body).group(1)
                start.wait(timeout=60)
                response = client.post(path, _edit_form(index, version), token=form_token(form.body))
                results[index] = (response.status, response.headers.get("Location", ""), response.body[:300])
            except Exception as error:  # a failure must show in the assertion, not end the thread unseen
                results[index] = (None, "", repr(error))

        threads = [
            threading.Thread(target=edit, args=(index, person, session))
            for index, (person, session) in enumerate(writers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)

    expected = {index: f"/deltagare/{person}/" for index, (person, _session) in enumerate(writers)}
    failed = {i: r for i, r in results.items() if r[:2] != (302, expected[i])}
    assert len(results) == len(writers) and not failed, failed
    errors = server.error_log.read_text()
    assert "Traceback" not in errors and "locked" not in errors
    with sqlite3.connect(sqlite_site.database) as db:
        saved = db.execute(
            "SELECT count(*) FROM participants_person WHERE first_name LIKE 'Ändrad%' AND version = 2"
        ).fetchone()
    assert saved == (len(writers),)


def test_sighup_restarts_the_workers_gracefully_with_the_settings_on_disk(sqlite_site):
    """HUP: new workers replace the old without a failed request, read the settings afresh, and the
    static files are collected again.

    The proof of "afresh" is the generated secret key (var/secret_key): replaced on disk, the new
    workers use the new key, so a session signed with the old one no longer logs anybody in.
    """
    with sqlite_site.serve(workers=2) as server:
        client = server.client()
        client.log_in("coord_kba", PASSWORD)
        assert client.get("/").status == 200
        before = server.workers()
        assert len(before) == 2

        (sqlite_site.var / "secret_key").write_text("k" * 60)
        manifest = sqlite_site.var / "static" / "staticfiles.json"
        manifest.unlink()  # collected again before the new workers start
        answers, stop = [], threading.Event()

        def keep_asking():
            probe = server.client()
            while not stop.is_set():
                try:
                    answers.append(probe.get("/halsa/").status)
                except OSError as error:
                    answers.append(repr(error))
                time.sleep(0.05)

        asking = threading.Thread(target=keep_asking)
        asking.start()
        try:
            os.kill(server.pid, signal.SIGHUP)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                now = server.workers()
                if len(now) == 2 and not now & before:
                    break
                time.sleep(0.2)
            server.wait_until_ready()
            time.sleep(0.5)
        finally:
            stop.set()
            asking.join()

        after = server.workers()
        assert len(after) == 2 and not after & before, (before, after)
        assert server.process.poll() is None  # the master lives on
        assert answers and all(answer == 200 for answer in answers), answers
        assert manifest.exists()
        home = client.get("/")
        assert home.status == 302 and home.headers["Location"].startswith("/logga-in/")
    assert "Hang up" in server.error_log.read_text()

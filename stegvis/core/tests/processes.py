"""Real ``stegvis`` processes for the tests whose behaviour depends on them.

A *site* is a folder with its own SQLite file and var folder, copied from one migrated at the
start of the test session (``migrated_site`` in conftest.py): the production server, imports
and deployment checks then run exactly as on a server, each test on its own database.
"""

import html
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path

STEGVIS = [sys.executable, "-m", "stegvis.cli"]
DATABASE = "stegvis.sqlite3"


class Site:
    """A database file and a var folder, and the environment a ``stegvis`` process needs for them."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.database = folder / DATABASE
        self.var = folder / "var"

    @classmethod
    def migrated(cls, folder: Path) -> "Site":
        """Apply every migration and build the test world (``stegvis.testing``), once per session."""
        site = cls(folder)
        site.var.mkdir(parents=True)
        site.run("migrate", "--no-input", "--verbosity", "0")
        site.shell("from stegvis.testing import build_world; build_world()")
        return site

    def shell(self, code: str) -> str:
        """Run Python code in ``stegvis shell`` on this site; what it prints."""
        return self.run("shell", "--verbosity", "0", "-c", code).stdout

    def copy_to(self, folder: Path) -> "Site":
        shutil.copytree(self.folder, folder)
        return Site(folder)

    def env(self, **extra: str) -> dict:
        """Production settings on this site's files; nothing from the environment the tests run in."""
        ours = ("STEGVIS_", "DJANGO_", "DATABASE_URL")  # e.g. DJANGO_ALLOW_ASYNC_UNSAFE of the browser tests
        env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
        env.update(
            DJANGO_SETTINGS_MODULE="stegvis.settings",
            DATABASE_URL=f"sqlite:///{self.database}",
            STEGVIS_VAR_DIR=str(self.var),
            STEGVIS_DEBUG="0",
            # These tests are about the server, not the login: staff here have no authenticator app.
            STEGVIS_REQUIRE_2FA="0",
        )
        env.update(extra)
        return env

    def run(self, *args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [*STEGVIS, *args], env=env or self.env(), capture_output=True, text=True, timeout=180
        )
        if check:
            assert result.returncode == 0, f"stegvis {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result

    @contextmanager
    def serve(self, *, workers: int = 2, **env: str):
        """``stegvis serve`` on a free port until the block ends; its output goes to files."""
        port = free_port()
        out, err = (self.folder / "serve.out").open("w"), (self.folder / "serve.err").open("w")
        # Plain HTTP in the tests: the cookies may not require HTTPS.
        environment = self.env(STEGVIS_SECURE_COOKIES="0", **env)
        process = subprocess.Popen(
            [*STEGVIS, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
            env=environment,
            stdout=out,
            stderr=err,
        )
        server = Server(process, port, self.folder / "serve.out", self.folder / "serve.err")
        try:
            server.wait_until_ready()
            yield server
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            out.close()
            err.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, process: subprocess.Popen, port: int, access_log: Path, error_log: Path):
        self.process = process
        self.port = port
        self.access_log = access_log
        self.error_log = error_log

    @property
    def pid(self) -> int:
        return self.process.pid

    def client(self, headers: dict | None = None) -> "Client":
        return Client(self.port, headers)

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"stegvis serve stopped:\n{self.error_log.read_text()}")
            try:
                if self.client().get("/halsa/").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"stegvis serve did not answer:\n{self.error_log.read_text()}")

    def workers(self) -> set[int]:
        """The process ids of the master's children (Linux /proc)."""
        children = set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.pid:
                children.add(int(stat.parent.name))
        return children


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: str):
        self.status = status
        self.headers = headers
        self.body = body


class Client:
    """A browser's part of HTTP: cookies, the Origin of a form post, the CSRF token a page's form carries.

    ``headers`` go with every request, e.g. ``X-Forwarded-Proto: https`` as a TLS proxy adds it.
    """

    def __init__(self, port: int, headers: dict | None = None):
        self.port = port
        self.headers = headers or {}
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None) -> Response:
        headers = {"Host": "127.0.0.1", **self.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"{self.headers.get('X-Forwarded-Proto', 'http')}://127.0.0.1"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Response(response.status, response.headers, text)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post_form(self, path: str, data: dict) -> Response:
        """Open the page, then post ``data`` with the CSRF token of its form."""
        page = self.get(path)
        assert page.status == 200, (path, page.status)
        return self.post(path, data, token=form_token(page.body))

    def post(self, path: str, data: dict, *, token: str) -> Response:
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **data})

    def log_in(self, username: str, password: str) -> None:
        response = self.post_form("/logga-in/", {"username": username, "password": password})
        assert response.status == 302, response.body


def form_token(page: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return html.unescape(match.group(1))

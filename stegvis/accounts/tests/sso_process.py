"""Identity providers the SSO tests start as processes of their own, and the server they run in.

A provider module (``python -m stegvis.accounts.tests.oidc_provider CONFIG``) binds a free port
on 127.0.0.1, prepares itself and prints ``READY <base url>``; :func:`provider_process` waits
for that line, yields the address, and stops the process afterwards. What the process writes
to standard error goes to a log file whose end is shown when it does not come up.

The providers answer on 127.0.0.1 while Stegvis' live server answers on ``localhost``: two
sites, so their cookies are kept apart as a browser keeps an organisation's provider and
Stegvis apart.
"""

import contextlib
import json
import os
import select
import socketserver
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

READY = "READY "


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def bind(app: Callable[..., Any] | None = None) -> WSGIServer:
    """A threaded WSGI server on a free port of 127.0.0.1 (the app may be set later)."""
    server = make_server("127.0.0.1", 0, app, server_class=_ThreadingServer, handler_class=_QuietHandler)
    return server


def base_url(server: WSGIServer) -> str:
    return f"http://127.0.0.1:{server.server_port}"


def serve(server: WSGIServer, app: Callable[..., Any]) -> None:
    """Announce the address to the test and serve until stopped (in the provider process)."""
    server.set_app(app)
    print(READY + base_url(server), flush=True)
    server.serve_forever()


@contextlib.contextmanager
def provider_process(
    module: str, config: dict[str, Any], directory: Path, timeout: float = 60
) -> Iterator[str]:
    """Run ``python -m module`` with ``config`` (as a JSON file) and yield its base URL."""
    directory.mkdir(parents=True, exist_ok=True)
    config_file = directory / "config.json"
    config_file.write_text(json.dumps(config))
    log_file = directory / "stderr.log"
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    with log_file.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", module, str(config_file)],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=env,
        )
    try:
        yield _wait_ready(process, log_file, timeout)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


def _wait_ready(process: subprocess.Popen[str], log_file: Path, timeout: float) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _w, _x = select.select([process.stdout], [], [], 0.2)
        if ready:
            line = process.stdout.readline()
            if line.startswith(READY):
                return line[len(READY) :].strip()
        if process.poll() is not None:
            break
    raise RuntimeError(
        f"the identity provider did not start (exit {process.poll()}):\n{log_file.read_text()[-4000:]}"
    )

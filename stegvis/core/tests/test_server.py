"""The gunicorn glue without a process: options from the environment, what the access log may hold."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from gunicorn.config import Config

from stegvis.core import server


@pytest.fixture
def environment(monkeypatch):
    for name in ("STEGVIS_BIND", "STEGVIS_WORKERS", "STEGVIS_REQUEST_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_defaults(environment):
    options = server.Options.from_environment()
    assert options.bind == "127.0.0.1:8000"
    assert options.workers == server.default_workers() >= 3
    assert options.timeout == 120


def test_environment_then_command_line(environment):
    environment.setenv("STEGVIS_BIND", "0.0.0.0:9000")
    environment.setenv("STEGVIS_WORKERS", "3")
    environment.setenv("STEGVIS_REQUEST_TIMEOUT", "300")
    assert server.Options.from_environment() == server.Options("0.0.0.0:9000", 3, 300)
    assert server.Options.from_environment(bind="unix:/run/stegvis.sock", workers=5) == server.Options(
        "unix:/run/stegvis.sock", 5, 300
    )


@pytest.mark.parametrize("value", ["0", "-1", "many"])
def test_a_bad_number_is_refused_in_swedish(environment, value):
    environment.setenv("STEGVIS_WORKERS", value)
    with pytest.raises(CommandError, match="STEGVIS_WORKERS måste vara ett heltal, 1 eller mer"):
        call_command("serve")


def test_no_workers_is_refused_in_swedish(environment):
    with pytest.raises(CommandError, match="--workers måste vara ett heltal, 1 eller mer"):
        call_command("serve", "--workers", "0")


def test_the_options_reach_gunicorn(environment):
    app = server.StegvisServer(server.Options("127.0.0.1:8123", 3, 90))
    cfg = app.cfg
    assert cfg.bind == ["127.0.0.1:8123"] and cfg.workers == 3
    assert cfg.timeout == cfg.graceful_timeout == 90
    assert cfg.logger_class is server.AccessLogger
    assert cfg.control_socket_disable is True
    assert not cfg.preload_app  # the workers import the code, so a HUP loads what is on disk


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/deltagare/12/andra/", "/deltagare/12/andra/"),
        ("/e/Ab3dEfGh1jKlMn0pQrStUvWxYz_-0123/tack/", "/e/[token]/tack/"),
        ("/s/Ab3dEfGh1jKlMn0pQrStUvWxYz_-0123/", "/s/[token]/"),
        ("/static/stegvis/stegvis.65c0a7a1bd71.css", "/static/stegvis/stegvis.65c0a7a1bd71.css"),
    ],
)
def test_one_time_tokens_are_masked(path, logged):
    assert server.loggable_path(path) == logged


def test_an_access_log_line_has_the_path_only():
    logger = server.AccessLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/deltagare/?q=197001011234",
        "PATH_INFO": "/deltagare/",
        "QUERY_STRING": "q=197001011234",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "https://stegvis.example/deltagare/?q=197001011234",
    }
    response = SimpleNamespace(status="200 OK", headers=[], sent=10)
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(milliseconds=5))
    line = server.ACCESS_LOG_FORMAT % atoms
    assert '"GET /deltagare/ HTTP/1.1" 200 10 5ms' in line
    assert "197001011234" not in line
    for atom in ("r", "q", "f"):
        assert "197001011234" not in str(atoms[atom])

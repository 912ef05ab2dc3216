"""The WSGI entry point freezes the worker's long-lived objects after its first request, once."""

import gc

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections

from stegvis import wsgi


@pytest.fixture
def connections_left_open():
    """Django closes the database connection when a request finishes; inside a test's transaction
    on PostgreSQL that would break every later test of the worker (Django's test client does the same)."""
    request_finished.disconnect(close_old_connections)
    yield
    request_finished.connect(close_old_connections)


def test_the_first_request_freezes_the_heap_and_later_ones_do_not(monkeypatch, connections_left_open):
    calls = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    request_finished.disconnect(dispatch_uid=wsgi.FREEZE_UID)  # connected when the module loaded
    wsgi.freeze_after_first_request()
    request_finished.send(sender=None)
    request_finished.send(sender=None)
    assert calls == ["freeze"]


def test_the_server_workers_load_this_entry_point():
    from stegvis.core.server import StegvisServer

    assert StegvisServer.load(object.__new__(StegvisServer)) is wsgi.application

"""The WSGI entry point freezes the worker's long-lived objects after its first request, once."""

import gc

from django.core.signals import request_finished

from stegvis import wsgi


def test_the_first_request_freezes_the_heap_and_later_ones_do_not(monkeypatch):
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

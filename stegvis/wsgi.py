"""WSGI entry point for production servers (``stegvis serve`` loads it in each worker)."""

import gc
import os
from typing import Any

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

FREEZE_UID = "stegvis.wsgi.freeze"


def _freeze(**kwargs: Any) -> None:
    request_finished.disconnect(dispatch_uid=FREEZE_UID)
    gc.freeze()


def freeze_after_first_request() -> None:
    """Move what the process has built so far out of the garbage collector's reach, once.

    After the first request a worker holds tens of thousands of objects that live as long as it
    does: modules, models, URL patterns, templates, translations, the API schema. Python's full
    collection walks all of them, which showed as a 140 ms pause in about one request in twenty
    (a page of 100 rows; ``bench/api.py``). ``gc.freeze()`` leaves them out of every later
    collection; what requests create is collected as before.
    """
    request_finished.connect(_freeze, weak=False, dispatch_uid=FREEZE_UID)


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stegvis.settings")
application = get_wsgi_application()
freeze_after_first_request()

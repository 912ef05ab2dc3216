"""Reading reports, exports and comparisons from a PostgreSQL read replica (``STEGVIS_REPLICA_DATABASE_URL``).

With a replica configured (the ``replica`` database), the heavy reads can leave the primary:

- Code that only reads figures says so with ``with reading_from_replica():`` (the report pages and
  downloads, ``stegvis report``, ``stegvis sus``, the exchange export). Nothing else ever reads
  from the replica: the router sends every other read, and every write, to ``default``.
- Inside that block a read still goes to the primary when the replica could be behind what this
  code must see: inside a transaction (``atomic``) on the primary; after anything in the same
  request or block wrote (a read right after a write sees it); and for a few seconds after the
  same browser changed something (``STEGVIS_REPLICA_STICKY_SECONDS``, a cookie set by
  :class:`ReplicaRoutingMiddleware`), so the page shown after a save never misses the change
  while the replica catches up. Writes of bookkeeping (the audit log, sessions, the cache) keep
  the current request on the primary but do not pin the next ones.

Without a replica every read and write goes to ``default``, as before. See docs/deployment.md.
"""

import functools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.conf import settings
from django.db import connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

DEFAULT = "default"
REPLICA = "replica"

#: Apps whose writes are bookkeeping: they keep the current request on the primary, but a page
#: read a moment later does not need to see them, so they do not pin the browser's next requests.
BOOKKEEPING_APPS = frozenset({"audit", "sessions", "django_cache", "axes"})

COOKIE = "stegvis_primary"

_View = TypeVar("_View", bound=Callable[..., Any])


@dataclass
class _Routing:
    replica_depth: int = 0  # > 0 inside reading_from_replica()
    wrote: bool = False  # something was written: the rest of the request or block reads the primary
    changed: bool = False  # a write other than bookkeeping: the browser's next requests read the primary
    pinned: bool = False  # this browser changed something moments ago


_routing: ContextVar[_Routing | None] = ContextVar("stegvis_routing", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def routing_scope(*, pinned: bool = False) -> Iterator[_Routing]:
    """A fresh routing state, e.g. for one request; ``pinned``: read only from the primary."""
    state = _Routing(pinned=pinned)
    token = _routing.set(state)
    try:
        yield state
    finally:
        _routing.reset(token)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Let the reads in this block go to the replica (when there is one and it is safe)."""
    state = _routing.get()
    token = None
    if state is None:
        state = _Routing()
        token = _routing.set(state)
    state.replica_depth += 1
    try:
        yield
    finally:
        state.replica_depth -= 1
        if token is not None:
            _routing.reset(token)


def read_database() -> str:
    """The database a read made now goes to: ``"replica"`` or ``"default"``."""
    state = _routing.get()
    if (
        state is None
        or not state.replica_depth
        or state.wrote
        or state.pinned
        or not replica_configured()
        or connections[DEFAULT].in_atomic_block
    ):
        return DEFAULT
    return REPLICA


class ReplicaRouter:
    """Django's database router for the rules above (``DATABASE_ROUTERS``)."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return read_database()

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        state = _routing.get()
        if state is not None:
            state.wrote = True
            if model._meta.app_label not in BOOKKEEPING_APPS:
                state.changed = True
        return DEFAULT

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db != REPLICA  # the replica gets its schema from the primary, by replication


class ReplicaRoutingMiddleware:
    """One routing state per request; after a change, the browser reads from the primary for a while."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not replica_configured():
            return self.get_response(request)
        try:
            pinned = float(request.COOKIES.get(COOKIE, "0")) > time.time()
        except ValueError:
            pinned = False
        with routing_scope(pinned=pinned) as state:
            response = self.get_response(request)
        if state.changed:
            seconds = settings.STEGVIS_REPLICA_STICKY_SECONDS
            response.set_cookie(
                COOKIE,
                str(int(time.time() + seconds) + 1),
                max_age=int(seconds) + 1,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def reads_from_replica(view: _View) -> _View:
    """A view that only reads figures: its reads may go to the replica (see :func:`reading_from_replica`)."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with reading_from_replica():
            return view(*args, **kwargs)

    return cast(_View, wrapped)

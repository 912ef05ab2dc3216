"""What ``/halsa/`` reports: the database, and the parts other apps register (the worker's heartbeat).

Core imports no other app, so an app that runs something the check should cover registers it
from its ``AppConfig.ready()``::

    register_health_check("worker", worker_status)

``worker_status()`` returns a small dict with at least ``"status"``; ``"ok"`` means healthy,
any other word makes the whole report ``"degraded"``. It runs only when the database answers.

The HTTP status is for a load balancer: 503 only when this web server cannot reach its database
(it can serve nobody, so traffic should go elsewhere); 200 otherwise, also when a part such as
the worker is ``"degraded"``, because the web server itself still serves users, and taking it out
of rotation would not bring a worker back. Monitoring alerts on ``"status" != "ok"``. The report
holds no personal data: words, counts and times only.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, connection

from stegvis.core.registry import Registry

logger = logging.getLogger("stegvis.health")

OK = "ok"
DEGRADED = "degraded"
ERROR = "error"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class HealthCheck:
    name: str
    check: Callable[[], dict[str, Any]]


_checks: Registry[HealthCheck] = Registry("health check")


def register_health_check(name: str, check: Callable[[], dict[str, Any]]) -> None:
    """Report ``check()`` under ``name`` in ``/halsa/`` (replacing a check of that name)."""
    _checks.register(name, HealthCheck(name, check))


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: the database does not answer")
        return False
    return True


def _run(health_check: HealthCheck) -> dict[str, Any]:
    try:
        return dict(health_check.check())
    except Exception:
        logger.exception("health check %s failed", health_check.name)
        return {"status": ERROR}


def report() -> tuple[int, dict[str, Any]]:
    """``(HTTP status, body)`` for ``/halsa/``."""
    if not _database_answers():
        body: dict[str, Any] = {"status": ERROR, "database": ERROR}
        body.update({item.name: {"status": UNKNOWN} for item in _checks})
        return 503, body
    parts = {item.name: _run(item) for item in _checks}
    healthy = all(part.get("status") == OK for part in parts.values())
    return 200, {"status": OK if healthy else DEGRADED, "database": OK, **parts}

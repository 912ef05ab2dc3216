"""Jobs the background worker runs on a schedule, registered by the apps that own them.

An app registers a job from its ``AppConfig.ready()``::

    register_periodic("intake.retention", purge_expired_requests, every=timedelta(days=1))

A job that should run at a set time of day (a morning e-mail, say) also names the local time,
in ``settings.TIME_ZONE``: ``register_periodic("x", f, every=timedelta(days=1), at=datetime.time(7))``.

``func(now)`` does the work for the moment ``now`` and returns a short summary (a dict of counts)
that the worker keeps with the task's result. A job must be safe to run twice for the same
``now`` (a restarted worker may repeat one), and must do its own auditing.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from stegvis.core.registry import Registry


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: Callable
    every: datetime.timedelta
    description: str
    at: datetime.time | None = None


_jobs: Registry[PeriodicJob] = Registry("periodic job")


def register_periodic(name, func, *, every=datetime.timedelta(days=1), description="", at=None):
    """Run ``func(now)`` every ``every`` (once a day unless told otherwise), at local time ``at`` if given."""
    _jobs.register(name, PeriodicJob(name, func, every, description, at))


def periodic_jobs() -> list[PeriodicJob]:
    """Every registered job, by name."""
    return list(_jobs)


def periodic_job(name: str) -> PeriodicJob:
    """The job called ``name``; ``KeyError`` if none is registered."""
    return _jobs[name]

"""Jobs the background worker runs on a schedule, registered by the apps that own them.

An app registers a job from its ``AppConfig.ready()``::

    register_periodic("intake.retention", purge_expired_requests, every=timedelta(days=1))

``func(now)`` does the work for the moment ``now`` and returns a short summary (a dict of counts)
that the worker keeps with the task's result. A job must be safe to run twice for the same
``now`` (a restarted worker may repeat one), and must do its own auditing.
"""

import datetime
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    func: Callable
    every: datetime.timedelta
    description: str


_jobs: dict[str, PeriodicJob] = {}


def register_periodic(name, func, *, every=datetime.timedelta(days=1), description=""):
    """Run ``func(now)`` every ``every`` (once a day unless told otherwise)."""
    _jobs[name] = PeriodicJob(name, func, every, description)


def periodic_jobs():
    """Every registered job, by name."""
    return [_jobs[name] for name in sorted(_jobs)]


def periodic_job(name):
    """The job called ``name``; ``KeyError`` if none is registered."""
    return _jobs[name]

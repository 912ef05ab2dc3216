"""Jobs for the tests that start real ``stegvis worker`` processes: fast, and recording what really ran.

Installed only by :mod:`stegvis.notifications.tests.worker_settings`. Each job appends a line to
the file named by ``STEGVIS_TEST_JOB_LOG`` for every run (one ``write`` to a file opened with
``O_APPEND``, so lines from several processes never mix): what happened, the job, the moment it
ran for and the process. That file is the tests' own record of what ran, kept apart from the
run table the tests check against it.
"""

import datetime
import os
import time

from django.apps import AppConfig


def _log(event, job, now):
    line = f"{event} {job} {now.isoformat()} {os.getpid()}\n".encode()
    fd = os.open(os.environ["STEGVIS_TEST_JOB_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def tick(now):
    _log("ran", "test.tick", now)
    return {"ticks": 1}


def hourly(now):
    _log("ran", "test.hourly", now)
    return {"hourly": 1}


def slow(now):
    """Takes ``STEGVIS_TEST_SLOW_SECONDS`` (a worker can be killed while it runs)."""
    _log("start", "test.slow", now)
    time.sleep(float(os.environ.get("STEGVIS_TEST_SLOW_SECONDS", "0")))
    _log("ran", "test.slow", now)
    return {"slow": 1}


class FastJobsConfig(AppConfig):
    name = "stegvis.notifications.tests.fastjobs"
    label = "fastjobs"

    def ready(self):
        from stegvis.notifications.periodic import register_periodic

        register_periodic("test.tick", tick, every=datetime.timedelta(seconds=1))
        register_periodic("test.hourly", hourly, every=datetime.timedelta(hours=1))
        register_periodic("test.slow", slow, every=datetime.timedelta(hours=1))

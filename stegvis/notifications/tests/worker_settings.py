"""Settings for the worker processes the tests start: the project's settings and the fast test jobs."""

from stegvis.settings import *  # noqa: F403
from stegvis.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "stegvis.notifications.tests.fastjobs"]

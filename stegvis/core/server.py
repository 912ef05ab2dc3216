"""The production web server: gunicorn with the Stegvis WSGI application embedded.

``stegvis serve`` (the management command) checks that the site is ready, collects the static
files and then replaces its own process with :func:`main` here (``python -m stegvis.core.server``).
The gunicorn master must not have imported Django or the project: gunicorn reloads an
application that is not preloaded when it gets SIGHUP, so the workers it starts then import the
code and the settings afresh from disk, while the old workers finish the requests they have. The
process id stays the one ``stegvis serve`` had, so systemd and ``kill -HUP`` address the master.

The options travel in the environment (``STEGVIS_BIND``, ``STEGVIS_WORKERS``,
``STEGVIS_REQUEST_TIMEOUT``), which is also where a deployment sets their defaults.
"""

import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

DEFAULT_BIND = "127.0.0.1:8000"
DEFAULT_TIMEOUT = 120

# Path only: a query string can carry personal data (a search for a personnummer), and the
# referrer is another page's address with its query string. No user agent either.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'

# A path segment of 20 or more URL-safe characters is a one-time link's token (/e/<token>/):
# whoever reads the log must not be able to open the participant's link.
_TOKEN_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_-]{20,}(?=/|$)")


class ServeError(ValueError):
    """An option ``stegvis serve`` cannot start with: its name and the value given.

    The command says it in Swedish; this module imports no Django, so it has no translations.
    """

    def __init__(self, name: str, value: object) -> None:
        super().__init__(f"{name} must be a whole number, 1 or more, not {value!r}")
        self.name = name
        self.value = value


@dataclass(frozen=True)
class Options:
    bind: str
    workers: int
    timeout: int

    @classmethod
    def from_environment(cls, *, bind: str | None = None, workers: int | None = None) -> "Options":
        """Command-line values first, then the environment, then the defaults."""
        env = os.environ
        bind = bind or env.get("STEGVIS_BIND") or DEFAULT_BIND
        if workers is None:
            workers = _number(env, "STEGVIS_WORKERS", default_workers())
        elif workers < 1:
            raise ServeError("--workers", workers)
        timeout = _number(env, "STEGVIS_REQUEST_TIMEOUT", DEFAULT_TIMEOUT)
        return cls(bind=bind.strip(), workers=workers, timeout=timeout)

    def environment(self) -> dict[str, str]:
        return {
            "STEGVIS_BIND": self.bind,
            "STEGVIS_WORKERS": str(self.workers),
            "STEGVIS_REQUEST_TIMEOUT": str(self.timeout),
        }


def default_workers() -> int:
    """Gunicorn's advice: two per processor core, plus one."""
    return 2 * (os.cpu_count() or 1) + 1


def _number(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ServeError(name, value) from None
    if number < 1:
        raise ServeError(name, value)
    return number


def loggable_path(path: str) -> str:
    """The request path as the access log shows it: one-time-link tokens masked."""
    return _TOKEN_SEGMENT.sub("[token]", path)


class AccessLogger(Logger):  # type: ignore[misc]  # gunicorn has no type hints
    """Gunicorn's logger whose request atoms never hold a query string or a one-time token."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        path = loggable_path(atoms["U"] or "")
        atoms.update(U=path, r=f"{atoms['m']} {path} {atoms['H']}", q="-", f="-")
        return atoms


def collect_static_files(arbiter: Any) -> None:
    """After SIGHUP, before the new workers start: collect the static files of the code on disk.

    The master has not imported Django, so this runs ``stegvis collectstatic`` as a child
    process. If it fails the old files stay and the new workers still start.
    """
    command = [sys.executable, "-m", "stegvis.cli", "collectstatic", "--noinput", "--verbosity", "0"]
    if subprocess.run(command, check=False).returncode != 0:
        arbiter.log.error("collectstatic failed; the static files are the ones collected before")


class StegvisServer(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
    """Gunicorn configured in code (no configuration file, no gunicorn command line)."""

    def __init__(self, options: Options) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        settings: dict[str, Any] = {
            "bind": [self.options.bind],
            "workers": self.options.workers,
            # A request (a large import) may run this long; a restart lets it finish as long.
            "timeout": self.options.timeout,
            "graceful_timeout": self.options.timeout,
            "accesslog": "-",
            "access_log_format": ACCESS_LOG_FORMAT,
            "logger_class": AccessLogger,
            "errorlog": "-",
            "proc_name": "stegvis",
            "on_reload": collect_static_files,
            # gunicorn's runtime control socket lives at one path per user: two servers (or a
            # service account without a home) would collide. Signals do what Stegvis needs.
            "control_socket_disable": True,
        }
        for name, value in settings.items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        """Runs in each worker: Django and the project are imported here, never in the master."""
        from stegvis.wsgi import application

        return application


def replace_process(options: Options) -> NoReturn:
    """Become the gunicorn master: the same process id, nothing of Django loaded."""
    os.environ.update(options.environment())
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", "stegvis.core.server"])


def main() -> None:
    try:
        options = Options.from_environment()
    except ServeError as error:
        sys.exit(str(error))
    StegvisServer(options).run()


if __name__ == "__main__":
    main()

"""SQLite: a consistent copy of the live database through SQLite's online backup API, and the way back.

The backup API copies the database page by page inside one read transaction. Under WAL (the
setting Stegvis uses) readers never block the writers, so the server keeps saving while the
copy is taken, and the copy is the database exactly as it stood when the read began. The copy
is switched to a rollback journal so the archived file stands alone (no -wal/-shm beside it).

Restoring uses the same API the other way: the archived file is copied over the configured
database through Django's own connection, which replaces every page, so the database becomes
exactly the archived one whatever it held before.
"""

import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _

from stegvis.backup.errors import BackupError

MEMBER = "database.sqlite3"
#: Seconds to wait for a lock before giving up (SQLite's backup would otherwise retry forever).
LOCK_TIMEOUT = 60.0


def _deadline(advice: str) -> Callable[[int, int, int], None]:
    """A progress callback for ``Connection.backup`` that stops a copy kept waiting on a lock."""
    give_up = time.monotonic() + LOCK_TIMEOUT

    def check(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > give_up:
            raise BackupError(
                _("Databasen var låst i %(seconds)s sekunder och kunde inte kopieras. %(advice)s")
                % {"seconds": int(LOCK_TIMEOUT), "advice": advice}
            )

    return check


def snapshot(target: Path) -> list[list[str]]:
    """Copy the live database into ``target``; returns the migrations applied in the copy."""
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy, progress=_deadline(_("Försök igen.")), sleep=0.05)
        copy.execute("PRAGMA journal_mode=DELETE")
    return applied_migrations(target)


def applied_migrations(path: Path) -> list[list[str]]:
    """``[app, name]`` of every migration recorded in a database file (none if it was never migrated)."""
    with closing(sqlite3.connect(path)) as database:
        try:
            rows = database.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
        except sqlite3.OperationalError:
            return []
    return [[app, name] for app, name in rows]


def server_version() -> str:
    return sqlite3.sqlite_version


def restore(dump: Path) -> None:
    """Replace the configured database with the archived file."""
    connection.ensure_connection()
    with closing(sqlite3.connect(dump)) as source:
        source.backup(
            connection.connection,
            progress=_deadline(_("Stoppa servern och bakgrundsarbetaren och försök igen.")),
            sleep=0.05,
        )


def location() -> str:
    return str(connection.settings_dict["NAME"])

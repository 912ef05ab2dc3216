"""Telling a busy database from bad data.

A write that waited too long for another writer's lock fails with an ``OperationalError``, as do
real faults of the database; an ``IntegrityError`` is about the data. Whoever turns a database
error into a message for a person must not blame that person's data for a busy database: they
ask :func:`is_busy` first.
"""

import sqlite3

from django.db import DatabaseError, OperationalError

# SQLite: another connection holds the write lock (BUSY) or a table (LOCKED); the extended codes
# (e.g. SQLITE_BUSY_SNAPSHOT) carry the primary code in their low byte.
_SQLITE_BUSY = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}
# PostgreSQL SQLSTATEs of a write that lost to another one: lock_not_available (lock_timeout),
# deadlock_detected, serialization_failure.
_POSTGRES_BUSY = {"55P03", "40P01", "40001"}


def is_busy(error: DatabaseError) -> bool:
    """Whether ``error`` means the database was busy with other writers: try again later.

    Django raises its own ``OperationalError`` with the driver's error as the cause.
    """
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        code = getattr(cause, "sqlite_errorcode", None)
        return code is not None and code & 0xFF in _SQLITE_BUSY
    return getattr(cause, "sqlstate", None) in _POSTGRES_BUSY

"""Inserting many new rows of one model at once, without Django building the SQL value by value.

``bulk_create`` compiles every value of every row through the field's full preparation chain;
for the tens of thousands of rows of a large import (persons and enrolments have some forty
columns each, and every row has its audit entry) that costs more than the database's own work.
:func:`insert` writes the same column values: fields Django passes to the driver unchanged
(numbers, text, booleans, foreign keys) are read straight off the instance, and only the others
(dates, times, JSON, and any field class it does not know) go through the field's own
``pre_save`` and ``get_db_prep_save``. On PostgreSQL many rows go in with ``COPY``; otherwise
(SQLite, and a few rows on PostgreSQL, such as a list page's audit entries) with one
``INSERT`` of many rows.

Every instance has its ``pk`` afterwards, as after ``bulk_create``: on PostgreSQL the keys are
taken from the table's own sequence before the ``COPY`` (safe beside other writers); on SQLite
the ``INSERT`` returns them.

Like ``bulk_create`` it sends no signals and calls no ``save()``.
"""

import sqlite3
from collections.abc import Sequence
from typing import Any

from django.db import connections, models, transaction

# Field classes whose value Django hands to the driver as it is on the instance (for these,
# ``get_db_prep_save`` only checks the type). Subclasses are not assumed to behave the same.
_AS_IS: frozenset[type] = frozenset(
    {
        models.AutoField,
        models.BigAutoField,
        models.SmallAutoField,
        models.IntegerField,
        models.BigIntegerField,
        models.SmallIntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.PositiveBigIntegerField,
        models.CharField,
        models.TextField,
        models.EmailField,
        models.SlugField,
        models.BooleanField,
    }
)


# From this many rows on, PostgreSQL takes them by ``COPY`` (two queries: the keys, then the rows);
# fewer go in one ``INSERT … VALUES … RETURNING``, as ``bulk_create`` would send them, so a list
# page's audit entries stay one query (list pages assert their query counts).
SMALL = 1000

#: Most parameters one PostgreSQL statement takes (the protocol counts them in 16 bits).
POSTGRESQL_PARAMETERS = 65535


def _parameter_limit(connection: Any) -> int:
    if connection.vendor == "postgresql":
        return POSTGRESQL_PARAMETERS
    limit: int = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return limit


def _plain(field: "models.Field[Any, Any]") -> bool:
    if isinstance(field, models.ForeignKey):
        return _plain(field.target_field)
    return type(field) in _AS_IS


def _reserve_ids(connection: Any, model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys from the PostgreSQL sequence of ``model``'s table, in rising order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(model._meta.db_table), model._meta.pk.column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


def _values(
    objs: Sequence[models.Model], fields: "list[models.Field[Any, Any]]", connection: Any
) -> list[list[Any]]:
    """Each instance's column values, as ``bulk_create`` would send them."""
    how = [(f.attname, None) if _plain(f) else (f.attname, f) for f in fields]
    rows = []
    for obj in objs:
        row = []
        for attname, field in how:
            if field is None:
                row.append(getattr(obj, attname))
            else:
                row.append(field.get_db_prep_save(field.pre_save(obj, True), connection))
        rows.append(row)
    return rows


def insert(objs: Sequence[models.Model], *, using: str = "default") -> None:
    """Insert unsaved instances of one model (no multi-table inheritance); sets their ``pk``.

    On PostgreSQL, from :data:`SMALL` rows on, one query takes the keys from the sequence and one
    ``COPY`` writes the rows; otherwise each ``INSERT`` of as many rows as the database's
    parameters allow returns the new keys (the way ``bulk_create`` does on SQLite).
    """
    if not objs:
        return
    model = type(objs[0])
    opts = model._meta
    if opts.parents or not isinstance(opts.pk, models.AutoField) or any(o.pk is not None for o in objs):
        raise TypeError(f"insert() takes new instances of a model with an automatic key, not {model}")
    connection = connections[using]
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(objs) >= SMALL:
            for obj, pk in zip(objs, _reserve_ids(connection, model, len(objs)), strict=True):
                obj.pk = pk
            fields = list(opts.concrete_fields)
            columns = ", ".join(quote(str(f.column)) for f in fields)
            # Django turns the driver's errors into its own (a busy database must stay recognisable,
            # stegvis.core.database.is_busy) around execute(); COPY needs the same.
            with connection.wrap_database_errors, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in _values(objs, fields, connection):
                    copy.write_row(row)
        else:
            fields = [f for f in opts.concrete_fields if f is not opts.pk]
            columns = ", ".join(quote(str(f.column)) for f in fields)
            size = max(1, _parameter_limit(connection) // len(fields))
            marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
            for start in range(0, len(objs), size):
                batch = objs[start : start + size]
                params = [value for row in _values(batch, fields, connection) for value in row]
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) VALUES {', '.join([marks] * len(batch))} "  # noqa: S608
                    f"RETURNING {quote(str(opts.pk.column))}",
                    params,
                )
                for obj, (pk,) in zip(batch, cursor.fetchall(), strict=True):
                    obj.pk = pk
    for obj in objs:
        obj._state.adding = False
        obj._state.db = using

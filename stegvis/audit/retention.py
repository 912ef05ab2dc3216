"""Thinning the audit log under the retention rules (gallring): the only way entries change.

The retention job (:mod:`stegvis.privacy`) decides *which* entries are due; these functions are
how it thins them, so the audit log alone knows how an entry may be altered or removed.

Why they look the way they do:

- On PostgreSQL a trigger refuses UPDATE and DELETE of audit entries. These functions pass it by
  setting ``stegvis.audit_thinning`` with ``set_config(..., is_local => true)`` inside their own
  transaction and clearing it again before they return, so nothing else in the transaction gets
  through. The trigger still lets a thinning change only ``changes``, or remove the whole entry.
  This is a guard against mistakes and against every code path but this one, not against the
  database login: whoever can run SQL with it can set the same setting, and the owner can drop
  the trigger. The hash chain is what detects that (``stegvis audit verify``).
- The chain hashes a digest of the change history, not its values, so dropping the values keeps
  the chain intact. Each thinned entry gets an insert-only :class:`AuditThinning` mark (redacted
  or removed); a removed entry's mark keeps its id, time and hashes so the chain still runs
  through the gap. Verify accepts a dropped value or a missing entry only with its mark; anything
  else is reported as broken.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models import QuerySet

from stegvis.audit import chain
from stegvis.audit.models import AuditEntry, AuditThinning

SETTING = "stegvis.audit_thinning"
BATCH = 1000


@contextmanager
def _thinning(using: str) -> Iterator[None]:
    """A transaction in which the PostgreSQL trigger lets the retention functions through."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', true)", [SETTING])
        yield
        # On an error the rollback undoes the setting; on success it is cleared for what follows.
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'off', true)", [SETTING])


def _mark(kind: str, rows: list[tuple[int, datetime.datetime, str, str]], using: str) -> None:
    AuditThinning.objects.using(using).bulk_create(
        [
            AuditThinning(entry_id=pk, entry_at=at, kind=kind, prev_hash=prev, entry_hash=own)
            for pk, at, prev, own in rows
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )


def redact_changes(entries: "QuerySet[AuditEntry]") -> int:
    """Drop the old and new values from the change history of ``entries``; keep which fields changed.

    Returns how many entries held values that were dropped.
    """
    using = entries.db
    count = 0
    with _thinning(using):
        due = (
            entries.exclude(changes={})
            .order_by("pk")
            .values_list("pk", "at", "prev_hash", "entry_hash", "changes")
        )
        marks = []
        for pk, at, prev, own, changes in due.iterator(BATCH):
            if not isinstance(changes, dict):
                continue
            dropped = chain.redacted(changes)
            if dropped != changes:
                AuditEntry.objects.using(using).filter(pk=pk).update(changes=dropped)
                marks.append((pk, at, prev, own))
                count += 1
        _mark(AuditThinning.Kind.REDACTED, marks, using)
    return count


def remove_entries(entries: "QuerySet[AuditEntry]") -> int:
    """Delete ``entries`` whose retention period has passed. Returns how many were removed.

    Each removed entry leaves a mark with its id, time and hashes, written in the same transaction.
    """
    using = entries.db
    with _thinning(using):
        rows = list(entries.order_by("pk").values_list("pk", "at", "prev_hash", "entry_hash"))
        _mark(AuditThinning.Kind.REMOVED, rows, using)
        removed = 0
        for start in range(0, len(rows), BATCH):
            ids = [row[0] for row in rows[start : start + BATCH]]
            removed += AuditEntry.objects.using(using).filter(pk__in=ids).delete()[0]
    return removed

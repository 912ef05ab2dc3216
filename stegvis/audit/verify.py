"""Checking the audit log's hash chain: is every entry as it was written, and is none missing?

The chain runs through the entries and the marks of removed entries in id order (the order they
were written in, since writers are serialised while they link). For each link it checks that it
points at the link before it and, for an entry, that its hash still matches its content and its
change history still matches its digest (or had its values dropped, with a redaction mark).
The first link that fails is reported: everything after it is suspect too. It reads in batches
and keeps only the previous hash, so a log of millions of entries needs little memory.
"""

import datetime
import heapq
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from stegvis.audit import chain
from stegvis.audit.models import AuditEntry, AuditThinning

BATCH = 5000

ENTRY_COLUMNS = [
    "pk",
    "at",
    "username",
    "action",
    "object_type",
    "object_id",
    "detail",
    "ip_address",
    "changes",
    "changes_digest",
    "prev_hash",
    "entry_hash",
]


@dataclass
class Break:
    """The first link that does not hold."""

    entry_id: int
    at: datetime.datetime
    reason: str


@dataclass
class Outcome:
    entries: int = 0
    redacted: int = 0
    removed: int = 0
    first_at: datetime.datetime | None = None
    last_at: datetime.datetime | None = None
    broken: Break | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return self.broken is None


def _entries(using: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
    marked = AuditThinning.objects.filter(entry_id=OuterRef("pk"), kind=AuditThinning.Kind.REDACTED)
    rows = (
        AuditEntry.objects.using(using)
        .order_by("pk")
        .annotate(redaction_marked=Exists(marked))
        .values(*ENTRY_COLUMNS, "redaction_marked")
    )
    for row in rows.iterator(BATCH):
        yield row["pk"], 0, row


def _removals(using: str) -> Iterator[tuple[int, int, dict[str, Any]]]:
    rows = (
        AuditThinning.objects.using(using)
        .filter(kind=AuditThinning.Kind.REMOVED)
        .order_by("entry_id")
        .values("entry_id", "entry_at", "prev_hash", "entry_hash")
    )
    for row in rows.iterator(BATCH):
        yield row["entry_id"], 1, dict(row)


def _check_entry(row: dict[str, Any], expected_prev: str, previous_id: int | None) -> str | None:
    """Why this entry breaks the chain, or None."""
    if not row["entry_hash"]:
        return _("posten saknar länk i kedjan (den har skrivits förbi loggen)")
    if row["prev_hash"] != expected_prev:
        if previous_id is None:
            return _("posten pekar på en tidigare post som saknas")
        return _(
            "posten pekar inte på föregående post (%(id)s): en post emellan saknas eller har ändrats"
        ) % {"id": previous_id}
    if chain.hash_of(row, row["prev_hash"]) != row["entry_hash"]:
        return _("postens innehåll har ändrats efter att den skrevs")
    if chain.changes_digest(row["changes"]) != row["changes_digest"]:
        if not (row["redaction_marked"] and row["changes"] == chain.redacted(row["changes"])):
            return _("postens ändringshistorik har ändrats efter att den skrevs")
    return None


def verify(using: str = "default") -> Outcome:
    """Walk the whole chain; stop at the first link that does not hold."""
    outcome = Outcome()
    expected_prev = chain.GENESIS
    previous_id: int | None = None
    for link_id, kind, row in heapq.merge(_entries(using), _removals(using), key=lambda item: item[:2]):
        if kind == 1:
            at = row["entry_at"]
            if link_id == previous_id:
                reason: str | None = _("posten finns kvar fast den är markerad som gallrad")
            elif row["prev_hash"] != expected_prev:
                reason = _(
                    "en gallrad post pekar inte på föregående post: en post emellan saknas eller har ändrats"
                )
            else:
                reason = None
        else:
            at = row["at"]
            reason = _check_entry(row, expected_prev, previous_id)
        if reason is not None:
            outcome.broken = Break(entry_id=link_id, at=at, reason=reason)
            return outcome
        if kind == 1:
            outcome.removed += 1
        else:
            outcome.entries += 1
            outcome.redacted += bool(row["redaction_marked"])
        outcome.first_at = outcome.first_at or at
        outcome.last_at = at
        expected_prev = row["entry_hash"]
        previous_id = link_id
    return outcome

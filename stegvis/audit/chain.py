"""The hash chain that makes the audit log tamper-evident.

Every entry stores the hash of the entry before it (``prev_hash``) and its own hash
(``entry_hash``), computed from what the entry says: when, who, what was done to which object,
the description, the address and the change history. Changing any of these, or removing an
entry, breaks the chain from that entry on, and ``stegvis audit verify`` finds it.

Why the change history goes in as a digest: the retention rules (gallring) drop the old and
new values from old entries while keeping which fields changed. The entry keeps the SHA-256
digest of its original ``changes`` (``changes_digest``), and the chain hashes that digest and
the field names, not the values, so values can be dropped without breaking the chain. Verify
then accepts an entry whose values no longer match its digest only when they were dropped the
legitimate way (all values empty, and a redaction mark written by the retention functions).

Why the foreign keys to the user and the person are not hashed: the database sets them to
empty when an account or a person is deleted (``on_delete=SET_NULL``), which must not look like
tampering. The user's name is kept as text and hashed, and the object read or changed
(``object_type`` and ``object_id``) is hashed, so what happened and to what stays covered.

This module only computes; it imports no models, so the data migration that chains the entries
written before the chain existed uses exactly the same functions. The format is persisted:
changing it means a new ``VERSION`` and a verify that knows both.
"""

import datetime
import hashlib
import json
from collections.abc import Mapping
from typing import Any

VERSION = "v1"

#: ``prev_hash`` of the first entry of the chain.
GENESIS = ""


def canonical_json(value: Any) -> str:
    """One spelling of a JSON value, so the same content always gives the same digest."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def changes_digest(changes: Any) -> str:
    """SHA-256 of an entry's change history as written (before any values are dropped)."""
    return hashlib.sha256(canonical_json(changes or {}).encode()).hexdigest()


def redacted(changes: Any) -> dict[str, list[None]]:
    """What a change history looks like after retention: field names kept, values dropped."""
    if not isinstance(changes, Mapping):
        return {}
    return {name: [None, None] for name in changes}


def _timestamp(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def entry_hash(
    *,
    prev_hash: str,
    at: datetime.datetime,
    username: str,
    action: str,
    object_type: str,
    object_id: str,
    detail: str,
    ip_address: str | None,
    changes_digest: str,
    fields: list[str],
) -> str:
    """The hash that links an entry into the chain (see the module docstring for what it covers)."""
    payload = [
        VERSION,
        prev_hash,
        _timestamp(at),
        username,
        action,
        object_type,
        object_id,
        detail,
        ip_address or "",
        changes_digest,
        sorted(fields),
    ]
    return hashlib.sha256(canonical_json(payload).encode()).hexdigest()


def hash_of(values: Mapping[str, Any], prev_hash: str) -> str:
    """:func:`entry_hash` of an entry given as a mapping of its column values."""
    changes = values["changes"] if isinstance(values["changes"], Mapping) else {}
    return entry_hash(
        prev_hash=prev_hash,
        at=values["at"],
        username=values["username"],
        action=values["action"],
        object_type=values["object_type"],
        object_id=values["object_id"],
        detail=values["detail"],
        ip_address=values["ip_address"],
        changes_digest=values["changes_digest"],
        fields=list(changes),
    )

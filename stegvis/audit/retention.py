"""Thinning the audit log under the retention rules (gallring): the only way entries change.

The retention job (:mod:`stegvis.privacy`) decides *which* entries are due; these functions are
how it thins them, so the audit log alone knows how an entry may be altered or removed.
"""

from django.db.models import QuerySet

from stegvis.audit.models import AuditEntry


def redact_changes(entries: "QuerySet[AuditEntry]") -> int:
    """Drop the old and new values from the change history of ``entries``; keep which fields changed.

    Returns how many entries held values that were dropped.
    """
    count = 0
    for entry in entries.exclude(changes={}).only("pk", "changes").iterator():
        if not isinstance(entry.changes, dict):
            continue
        redacted = {name: [None, None] for name in entry.changes}
        if redacted != entry.changes:
            AuditEntry.objects.filter(pk=entry.pk).update(changes=redacted)
            count += 1
    return count


def remove_entries(entries: "QuerySet[AuditEntry]") -> int:
    """Delete ``entries`` whose retention period has passed. Returns how many were removed."""
    removed, _by_model = entries.delete()
    return removed

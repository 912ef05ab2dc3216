"""The audit log: who read or changed which personal data, and when.

Entries are written by :func:`stegvis.audit.log.record` inside the same transaction as the
change they describe, so a change without its entry cannot exist. Entries are never edited:
each is linked into a hash chain when it is written (:mod:`stegvis.audit.chain`), on PostgreSQL
a trigger refuses UPDATE and DELETE, and only the retention functions in
:mod:`stegvis.audit.retention` may thin old entries, leaving a :class:`AuditThinning` mark.
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.audit import chain
from stegvis.core import inserts
from stegvis.core.models import CreatedAtModel

#: The PostgreSQL advisory lock that serialises writers of the chain (any fixed number will do).
CHAIN_LOCK = 0x5354_4547_4155_4449 & 0x7FFF_FFFF_FFFF_FFFF


class AuditAction(models.TextChoices):
    VIEW = "view", _("Läsning")
    CREATE = "create", _("Skapande")
    UPDATE = "update", _("Ändring")
    DELETE = "delete", _("Radering")
    MERGE = "merge", _("Sammanslagning")
    EXPORT = "export", _("Export")
    IMPORT = "import", _("Import")
    LOGIN = "login", _("Inloggning")
    SEARCH = "search", _("Sökning")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def bulk_create(self, objs: Iterable["AuditEntry"], *args: Any, **kwargs: Any) -> list["AuditEntry"]:  # type: ignore[override]
        """Insert entries linked into the chain: one lock and one look-up for the whole batch.

        Written with :func:`stegvis.core.inserts.insert` (``batch_size`` is not needed): the
        entries of a large import are too many for ``bulk_create``'s value-by-value SQL.
        """
        entries = list(objs)
        if not entries:
            return entries
        with transaction.atomic(using=self.db, savepoint=False):
            _link(entries, self.db)
            inserts.insert(entries, using=self.db)
            return entries


def _chain_head(using: str) -> str:
    """The hash of the newest link: the newest entry, or the newest removed one if that is newer."""
    entries = AuditEntry.objects.using(using).order_by().values_list("pk", "entry_hash")
    removed = (
        AuditThinning.objects.using(using)
        .filter(kind=AuditThinning.Kind.REMOVED)
        .order_by()
        .values_list("entry_id", "entry_hash")
    )
    newest = entries.union(removed, all=True).order_by("-pk")[:1]
    rows = list(newest)
    return rows[0][1] if rows else chain.GENESIS


def _link(entries: list["AuditEntry"], using: str) -> None:
    """Give each new entry its place in the chain. Call inside a transaction, just before inserting.

    Two writers must not both read the same head and fork the chain. On PostgreSQL an advisory
    lock held until the transaction ends serialises them (the head is read after the lock is
    taken, in a statement of its own so it sees what the previous holder committed); SQLite
    serialises writers already, because every transaction begins IMMEDIATE (see settings).
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
    prev = _chain_head(using)
    ip_field = AuditEntry._meta.get_field("ip_address")
    for entry in entries:
        entry.at = entry.at or timezone.now()
        entry.detail = entry.detail[:500]
        entry.changes = entry.changes or {}
        entry.ip_address = ip_field.get_prep_value(entry.ip_address) or None
        entry.changes_digest = chain.changes_digest(entry.changes)
        entry.prev_hash = prev
        entry.entry_hash = prev = chain.hash_of(entry.__dict__, prev)


class AuditEntry(models.Model):
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, editable=False, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
        verbose_name=_("användare"),
    )
    # Kept as text too, so the log still says who it was after a user account is removed.
    username = models.CharField(_("användarnamn"), max_length=150, blank=True)
    action = models.CharField(_("händelse"), max_length=16, choices=AuditAction.choices)
    object_type = models.CharField(_("objekttyp"), max_length=64)
    object_id = models.CharField(_("objekt-id"), max_length=64, blank=True)
    person = models.ForeignKey(
        "participants.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
        verbose_name=_("deltagare"),
    )
    changes = models.JSONField(_("ändrade fält"), default=dict, blank=True)
    detail = models.CharField(_("beskrivning"), max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adress"), null=True, blank=True)
    # The chain (stegvis.audit.chain): the digest of ``changes`` as written, the previous link's
    # hash and this entry's own. Set once, when the entry is written.
    changes_digest = models.CharField(max_length=64, blank=True, editable=False)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    entry_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("loggpost")
        verbose_name_plural = _("granskningslogg")
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["user", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Write a new entry linked into the chain; an existing entry is never saved again."""
        if not self._state.adding:
            raise ValueError("Audit entries are never changed; see stegvis.audit.retention.")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            _link([self], using)
            super().save(*args, **kwargs)


class AuditThinning(CreatedAtModel):
    """A mark left by the retention functions when they thin an entry (insert-only, like the log).

    ``redacted``: the entry's values were dropped from its change history. ``removed``: the entry
    was deleted; the mark keeps its id, time and both hashes, so the chain still runs through the
    gap and ``stegvis audit verify`` can tell a thinning from an entry that just went missing.
    The mark holds no personal data: only numbers, a time and hashes.
    """

    class Kind(models.TextChoices):
        REDACTED = "redacted", _("Värden borttagna")
        REMOVED = "removed", _("Post borttagen")

    entry_id = models.BigIntegerField(_("loggpost"), db_index=True)
    entry_at = models.DateTimeField(_("postens tidpunkt"))
    kind = models.CharField(_("gallring"), max_length=16, choices=Kind.choices)
    prev_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("gallring i granskningsloggen")
        verbose_name_plural = _("gallringar i granskningsloggen")
        constraints = [models.UniqueConstraint(fields=["entry_id", "kind"], name="audit_thinning_once")]

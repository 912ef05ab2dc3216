"""Thinning the audit log: values dropped from the change history, due entries removed."""

import pytest

from stegvis.audit.log import record
from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.audit.retention import redact_changes, remove_entries

pytestmark = pytest.mark.django_db


def test_redact_keeps_the_field_names_and_drops_the_values(world):
    anna = world.persons["anna"]
    entry = record(world.users["admin"], AuditAction.UPDATE, anna, changes={"last_name": ["Ek", "Al"]})
    other = record(
        world.users["admin"], AuditAction.UPDATE, world.persons["bo"], changes={"phone": ["1", "2"]}
    )

    assert redact_changes(AuditEntry.objects.filter(pk=entry.pk)) == 1

    entry.refresh_from_db()
    other.refresh_from_db()
    assert entry.changes == {"last_name": [None, None]}
    assert other.changes == {"phone": ["1", "2"]}
    assert redact_changes(AuditEntry.objects.filter(pk=entry.pk)) == 0


def test_remove_deletes_only_the_given_entries(world):
    anna = world.persons["anna"]
    entry = record(world.users["admin"], AuditAction.VIEW, anna)
    kept = record(world.users["admin"], AuditAction.VIEW, world.persons["bo"])

    assert remove_entries(AuditEntry.objects.filter(pk=entry.pk)) == 1

    assert not AuditEntry.objects.filter(pk=entry.pk).exists()
    assert AuditEntry.objects.filter(pk=kept.pk).exists()

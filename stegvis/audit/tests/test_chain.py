"""The hash chain: every entry linked as it is written, verify finds an altered or missing entry."""

from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from stegvis.audit.log import record, record_many
from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.audit.retention import redact_changes, remove_entries
from stegvis.audit.verify import verify

pytestmark = pytest.mark.django_db


def _write_some(world, n=3):
    admin = world.users["admin"]
    entries = [
        record(admin, AuditAction.UPDATE, world.persons["anna"], changes={"last_name": ["Ek", f"Al{i}"]})
        for i in range(n)
    ]
    record_many(admin, AuditAction.VIEW, [world.persons["bo"], world.persons["anna"]], detail="lista")
    return entries


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@contextmanager
def _triggers_off():
    """What a database superuser can do: switch the PostgreSQL triggers off."""
    if connection.vendor == "postgresql":
        _sql("SET LOCAL session_replication_role = replica")
    yield
    if connection.vendor == "postgresql":
        _sql("SET LOCAL session_replication_role = origin")


def _unguarded(statement, params=()):
    with _triggers_off():
        _sql(statement, params)


def test_entries_are_linked_in_the_order_they_are_written(world):
    _write_some(world)
    entries = list(AuditEntry.objects.order_by("pk"))
    assert all(entry.entry_hash and len(entry.entry_hash) == 64 for entry in entries)
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.entry_hash
    outcome = verify()
    assert outcome.intact
    assert outcome.entries == len(entries)


def test_record_many_keeps_the_address_and_is_one_insert(world, django_assert_num_queries):
    staff = world.users["leader"]
    staff._stegvis_ip = "192.0.2.7"
    lock = 1 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(2 + lock):  # (the lock,) the chain's head, one INSERT
        record_many(staff, AuditAction.EXPORT, list(world.persons.values()), detail="SUS")
    exported = AuditEntry.objects.filter(action=AuditAction.EXPORT)
    assert set(exported.values_list("ip_address", flat=True)) == {"192.0.2.7"}
    assert verify().intact


def test_an_edited_entry_is_named(world, capsys):
    entries = _write_some(world)
    target = entries[1]
    _unguarded("UPDATE audit_auditentry SET detail = 'ingenting' WHERE id = %s", [target.pk])

    outcome = verify()
    assert outcome.broken is not None
    assert outcome.broken.entry_id == target.pk
    assert outcome.entries == AuditEntry.objects.filter(pk__lt=target.pk).count()
    with pytest.raises(SystemExit) as exit_:
        call_command("audit", "verify")
    assert exit_.value.code == 1
    assert f"bruten vid post {target.pk} (" in capsys.readouterr().err


@pytest.mark.parametrize(
    "changes",
    ['{"last_name": ["Ek", "Ny"]}', '{"last_name": [null, null]}'],
    ids=["values changed", "values dropped without the retention functions"],
)
def test_an_edited_change_history_is_named(world, changes):
    target = _write_some(world)[0]
    _unguarded("UPDATE audit_auditentry SET changes = %s WHERE id = %s", [changes, target.pk])
    assert verify().broken.entry_id == target.pk


def test_a_deleted_entry_is_found_at_the_next_one(world):
    entries = _write_some(world)
    _unguarded("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    outcome = verify()
    assert outcome.broken.entry_id == entries[2].pk
    assert str(entries[0].pk) in outcome.broken.reason


def test_an_entry_written_around_the_chain_is_named(world):
    _write_some(world)
    _sql(
        "INSERT INTO audit_auditentry (at, username, action, object_type, object_id, changes, detail, "
        "changes_digest, prev_hash, entry_hash) VALUES (%s, 'x', 'view', 'a', '1', '{}', '', '', '', '')",
        ["2026-01-01T00:00:00+00:00"],
    )
    forged = AuditEntry.objects.order_by("-pk").first()
    assert verify().broken.entry_id == forged.pk


def test_thinning_through_the_retention_functions_keeps_the_chain(world, capsys):
    entries = _write_some(world)
    assert redact_changes(AuditEntry.objects.filter(pk__in=[entries[0].pk, entries[2].pk])) == 2
    assert remove_entries(AuditEntry.objects.filter(pk__in=[entries[1].pk, entries[2].pk])) == 2
    record(world.users["admin"], AuditAction.VIEW, world.persons["bo"])

    outcome = verify()
    assert outcome.intact, outcome.broken
    assert (outcome.redacted, outcome.removed) == (1, 2)
    call_command("audit", "verify")
    assert "Granskningsloggen är hel" in capsys.readouterr().out


def test_removing_the_newest_entry_leaves_the_head_for_the_next(world):
    entries = _write_some(world)
    newest = AuditEntry.objects.order_by("-pk").first()
    remove_entries(AuditEntry.objects.filter(pk=newest.pk))
    record(world.users["admin"], AuditAction.VIEW, entries[0])
    assert verify().intact


def test_entries_are_never_saved_again(world):
    entry = _write_some(world)[0]
    entry.detail = "ändrad"
    with pytest.raises(ValueError):
        entry.save()


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


@postgresql_only
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET detail = 'ingenting' WHERE id = %s",
        "UPDATE audit_auditentry SET changes = '{}' WHERE id = %s",
        "UPDATE audit_auditentry SET person_id = NULL, detail = 'x' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
        "UPDATE audit_auditthinning SET entry_hash = '' WHERE entry_id = %s",
        "DELETE FROM audit_auditthinning WHERE entry_id = %s",
    ],
)
def test_the_trigger_refuses_changes_and_deletions(world, statement):
    entry = _write_some(world)[0]
    redact_changes(AuditEntry.objects.filter(pk=entry.pk))
    with pytest.raises(DatabaseError, match="audit log|thinning"), transaction.atomic():
        _sql(statement, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert verify().intact


@postgresql_only
def test_the_retention_setting_ends_with_the_retention_function(world):
    entry = _write_some(world)[0]
    with transaction.atomic():
        redact_changes(AuditEntry.objects.filter(pk=entry.pk))
        with pytest.raises(DatabaseError, match="audit log"), transaction.atomic():
            _sql("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])


@postgresql_only
def test_the_trigger_lets_a_deleted_person_go_from_the_log(world):
    entry = _write_some(world)[0]
    _sql("UPDATE audit_auditentry SET person_id = NULL, user_id = NULL WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).person_id is None
    assert verify().intact


def test_the_migration_links_entries_written_before_the_chain(world):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps

    _write_some(world)
    _unguarded("UPDATE audit_auditentry SET changes_digest = '', prev_hash = '', entry_hash = ''")
    assert not verify().intact

    migration = importlib.import_module("stegvis.audit.migrations.0004_chain_existing_entries")
    with _triggers_off():  # on a real upgrade the trigger is created after this migration
        migration.link_existing(apps, SimpleNamespace(connection=connection))

    outcome = verify()
    assert outcome.intact and outcome.entries == AuditEntry.objects.count()

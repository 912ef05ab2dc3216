"""Two transactions writing entries at once must not both link to the same head (a fork)."""

import threading

import pytest
from django.db import connection, connections, transaction

from stegvis.audit.log import record, record_many
from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.audit.verify import verify

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs two connections to one database; SQLite's test database is in memory "
        "(there, writers are serialised by BEGIN IMMEDIATE)",
    ),
]


def test_a_writer_waits_for_the_one_holding_the_chain(world_tx):
    admin = world_tx.users["admin"]
    first_wrote = threading.Event()
    errors = []

    def slow_writer():
        try:
            with transaction.atomic():
                record(admin, AuditAction.VIEW, world_tx.persons["anna"], detail="först")
                first_wrote.set()
                threading.Event().wait(0.5)  # still holding the chain while the other writes
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
            first_wrote.set()
        finally:
            connections.close_all()

    def bulk_writer():
        try:
            first_wrote.wait(5)
            with transaction.atomic():
                record_many(admin, AuditAction.EXPORT, list(world_tx.persons.values()), detail="sedan")
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=slow_writer), threading.Thread(target=bulk_writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []

    first = AuditEntry.objects.get(detail="först")
    following = AuditEntry.objects.filter(detail="sedan").order_by("pk").first()
    assert following.prev_hash == first.entry_hash
    assert verify().intact

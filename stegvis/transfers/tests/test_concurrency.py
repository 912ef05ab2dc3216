"""Two people acting on one transfer at the same moment: exactly one wins, the other gets a clear message."""

import threading

import pytest
from django.db import connection, connections

from stegvis.core.errors import ActionError
from stegvis.participants.models import CoordinatorAssignment, Enrollment
from stegvis.transfers import actions
from stegvis.transfers.models import CaseTransfer, TransferStatus

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs two connections to one database; SQLite's test database is in memory "
        "(there, writers are serialised by BEGIN IMMEDIATE)",
    ),
]


def _at_once(*calls):
    """Run ``calls`` in threads released together; ``[result or error]`` in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(5)
            results[i] = call()
        except Exception as error:  # noqa: BLE001 - returned to the test
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return results


def test_accept_and_decline_at_once_one_wins(world_tx):
    w = world_tx
    transfer = actions.propose_transfer(
        None, w.enrollments["anna"], to_organization=w.orgs["molndal"], note="Flytt"
    )
    mdl, leader = w.users["coord_mdl"], w.users["leader"]
    results = _at_once(
        lambda: actions.accept_transfer(mdl, transfer, version=transfer.version, coordinator=mdl),
        lambda: actions.decline_transfer(leader, transfer, version=transfer.version, reason="Nej"),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ActionError), results
    transfer.refresh_from_db()
    enrollment = Enrollment.objects.get(pk=w.enrollments["anna"].pk)
    if transfer.status == TransferStatus.ACCEPTED:
        assert enrollment.organization == w.orgs["molndal"]
        assert CoordinatorAssignment.objects.filter(enrollment=enrollment).count() == 2
    else:
        assert transfer.status == TransferStatus.DECLINED
        assert enrollment.organization == w.orgs["kungsbacka"]
        assert CoordinatorAssignment.objects.filter(enrollment=enrollment).count() == 1


def test_two_proposals_at_once_one_is_made(world_tx):
    w = world_tx
    results = _at_once(
        *[
            lambda: actions.propose_transfer(
                w.users["coord_kba"], w.enrollments["anna"], to_organization=w.orgs["molndal"], note="Flytt"
            )
        ]
        * 2
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and "väntar på svar" in errors[0].message_dict["to_organization"][0], results
    assert CaseTransfer.objects.filter(status=TransferStatus.PROPOSED).count() == 1

"""The import and round-trip tests again, with every insert on the path large files take.

:func:`stegvis.core.inserts.insert` hands batches under :data:`~stegvis.core.inserts.SMALL`
rows to ``bulk_create``, so the small files of the other tests would never reach ``COPY`` (on
PostgreSQL) or the returning ``INSERT`` (on SQLite). Here that threshold is one row: the same
tests must give the same rows, audit entries, errors and round trip.
"""

import pytest

from stegvis.core import inserts
from stegvis.exchange.tests.test_import import *  # noqa: F403
from stegvis.exchange.tests.test_round_trip import *  # noqa: F403


@pytest.fixture(autouse=True)
def every_insert_the_large_way(monkeypatch):
    monkeypatch.setattr(inserts, "SMALL", 1)

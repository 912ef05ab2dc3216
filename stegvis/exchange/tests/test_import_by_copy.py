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


def test_a_file_the_database_refuses_is_one_error_however_many_batches(world, monkeypatch):
    """Each person a batch of its own: the first refused batch is the file's one error; nothing is saved."""
    from django.db import IntegrityError

    from stegvis.exchange import bulk
    from stegvis.exchange.importer import import_sources
    from stegvis.exchange.tests.helpers import basic_files
    from stegvis.participants.models import Person

    def refuse(user, new):
        raise IntegrityError("refused")

    monkeypatch.setattr(bulk, "CHUNK", 1)
    monkeypatch.setattr(bulk, "create_persons", refuse)
    before = Person.objects.count()
    result = import_sources(basic_files(), user=world.users["admin"])
    message = (
        "Raderna gick inte att spara. Kontrollera att uppgifterna inte krockar med varandra eller med det "
        "som redan finns i Stegvis."
    )
    # The persons' file once (not once per batch); the enrolments of the unsaved persons fail too.
    assert sorted((e.file, e.line, e.message) for e in result.errors) == [
        ("enrollments.csv", None, message),
        ("participants.csv", None, message),
    ]
    assert Person.objects.count() == before

"""Retention: exactly the expired requests that never became enrolments are deleted, audited."""

import datetime

import pytest
from django.utils import timezone

from stegvis.audit.models import AuditEntry
from stegvis.intake import actions
from stegvis.intake.models import CallbackAttempt, IntakeRequest
from stegvis.intake.retention import purge_expired_requests
from stegvis.intake.testing import make_page, make_request
from stegvis.notifications.periodic import periodic_job

pytestmark = pytest.mark.django_db


def _aged(request, days, now):
    IntakeRequest.objects.filter(pk=request.pk).update(submitted_at=now - datetime.timedelta(days=days))
    request.refresh_from_db()
    return request


def test_retention_deletes_exactly_the_expired_unconverted_requests(world):
    now = timezone.now()
    kba = make_page(world)
    mdl = actions.create_page(
        None,
        organization=world.orgs["molndal"],
        project=world.projects["helhetslyftet"],
        slug="mdl",
        name="Mölndal",
        contact="Ring",
    )
    actions.set_retention_days(None, world.orgs["molndal"], retention_days=30)

    expired_open = _aged(make_request(world, kba, name="Gammal Öppen"), 91, now)
    actions.log_callback(
        None, expired_open, result="no_answer", attempted_at=now - datetime.timedelta(days=90)
    )
    expired_closed = _aged(make_request(world, kba, name="Gammal Stängd"), 120, now)
    actions.close_request(None, expired_closed, version=expired_closed.version, outcome="no_answer")
    young = _aged(make_request(world, kba, name="Ung"), 89, now)
    converted = make_request(world, kba, name="Inskriven")
    actions.convert_request(
        None,
        converted,
        version=converted.version,
        project=world.projects["helhetslyftet"],
        organization=world.orgs["kungsbacka"],
        start_date=datetime.date(2024, 5, 2),
        person_fields={"first_name": "In", "last_name": "Skriven", "gender": "M", "birth_year": 2005},
    )
    _aged(converted, 400, now)
    mdl_expired = _aged(make_request(world, mdl, name="Mölndal 31"), 31, now)
    mdl_young = _aged(make_request(world, mdl, name="Mölndal 29"), 29, now)

    summary = purge_expired_requests(now)

    assert summary == {"deleted": 3, "attempts": 1}
    remaining = set(IntakeRequest.objects.values_list("pk", flat=True))
    assert remaining == {young.pk, converted.pk, mdl_young.pk}
    assert not CallbackAttempt.objects.filter(request_id=expired_open.pk).exists()
    for gone in (expired_open, expired_closed, mdl_expired):
        entry = AuditEntry.objects.get(
            object_type="intake.intakerequest", object_id=str(gone.pk), action="delete"
        )
        assert gone.name not in entry.detail and entry.changes == {} and entry.person is None
        assert "lagringstiden" in entry.detail
    assert not AuditEntry.objects.filter(
        action="delete", object_id__in=[str(young.pk), str(converted.pk)]
    ).exists()

    # Idempotent: a second run finds nothing and writes nothing.
    entries = AuditEntry.objects.count()
    assert purge_expired_requests(now) == {"deleted": 0, "attempts": 0}
    assert AuditEntry.objects.count() == entries


def test_the_job_is_registered_daily():
    job = periodic_job("intake.retention")
    assert job.every == datetime.timedelta(days=1)
    assert job.func is purge_expired_requests


def test_retention_queries_do_not_grow_with_the_requests(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    now = timezone.now()
    page = make_page(world)
    counts = []
    for size in (2, 12):
        for n in range(size):
            r = _aged(make_request(world, page, name=f"Person {n}"), 100 + n, now)
            actions.log_callback(None, r, result="no_answer", attempted_at=r.submitted_at)
        with CaptureQueriesContext(connection) as queries:
            assert purge_expired_requests(now)["deleted"] == size
        counts.append(len(queries))
    assert counts[0] == counts[1]

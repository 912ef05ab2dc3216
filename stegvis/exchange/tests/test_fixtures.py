"""Importing the two shared fixture folders gives exactly the records the seeds describe."""

import datetime
from pathlib import Path

import pytest
from django.db.models import Count

from stegvis.exchange.importer import import_path
from stegvis.exchange.tests.helpers import load_fixture
from stegvis.participants.models import Enrollment, ParticipantRef, Person

FIXTURES = Path(__file__).resolve().parent / "fixtures"

pytestmark = pytest.mark.django_db


def _by(qs, field):
    return dict(qs.values_list(field).annotate(n=Count("pk")).order_by())


def test_kungsbacka_fixture_imports_the_published_figures():
    result = import_path(FIXTURES / "kungsbacka")
    assert result.ok, result.errors
    enrollments = Enrollment.objects.filter(project__code="helhetslyftet-kungsbacka")
    assert enrollments.count() == 47
    assert Person.objects.count() == 47
    assert enrollments.values("person").distinct().count() == 47
    assert _by(Person.objects.all(), "gender") == {"M": 12, "K": 35}
    assert enrollments.filter(end_date__isnull=True).count() == 0
    assert _by(enrollments, "exit_reason") == {
        "flytt": 11,
        "arbete": 16,
        "studier": 6,
        "sjukdom_vard": 3,
        "annat": 11,
    }
    assert enrollments.filter(end_date=datetime.date(2025, 6, 15), exit_reason="annat").count() == 8
    starts = enrollments.order_by("start_date").values_list("start_date", flat=True)
    assert starts[0] >= datetime.date(2022, 10, 1) and starts[len(starts) - 1] <= datetime.date(2024, 10, 31)
    assert _by(enrollments, "referrer") == {"af": 33, "forsorjningsstod": 9, "egenremiss": 5}
    protected = Person.objects.get(protected_identity=True)
    assert protected.personnummer is None and protected.birth_date is not None
    anonymous = Person.objects.filter(personnummer__isnull=True, protected_identity=False)
    assert anonymous.count() == 9 and not anonymous.filter(birth_date__isnull=False).exists()
    assert ParticipantRef.objects.filter(organization__code="kungsbacka").count() == 47


def test_skovde_fixture_has_23_persons_and_25_enrolments():
    result = import_path(FIXTURES / "skovde")
    assert result.ok, result.errors
    assert [name for name in result.counts] == [
        "organizations.csv",
        "projects.csv",
        "participants.xlsx",
        "enrollments.csv",
    ]
    enrollments = Enrollment.objects.filter(project__code="vagen-fram")
    assert enrollments.count() == 25
    assert enrollments.values("person").distinct().count() == 23
    assert Person.objects.filter(personnummer__isnull=False).count() == 20
    assert _by(Person.objects.all(), "gender") == {"K": 10, "M": 13}
    assert enrollments.filter(end_date__isnull=True).count() == 0
    spanning = [e for e in enrollments if e.start_date.year != e.end_date.year]
    assert len(spanning) == 12
    twice = enrollments.values("person").annotate(n=Count("pk")).filter(n=2)
    assert twice.count() == 2
    # What per-year reports add up to: distinct persons per calendar year, summed over the years.
    person_years = {
        (e.person_id, year) for e in enrollments for year in range(e.start_date.year, e.end_date.year + 1)
    }
    assert len(person_years) == 35
    assert _by(enrollments, "exit_reason") == {
        "annan_insats": 1,
        "annat": 3,
        "arbete": 2,
        "arbetsformedlingen": 4,
        "arbetsmarknadsutbildning": 3,
        "avbrott": 1,
        "ingen_kontakt": 3,
        "sjukdom_vard": 5,
        "studier": 3,
    }
    assert _by(enrollments, "referrer") == {"af": 3, "fk": 11, "forsorjningsstod": 7, "vard": 4}


def test_fixtures_import_twice_changes_nothing():
    load_fixture("kungsbacka")
    load_fixture("skovde")
    for name in ("kungsbacka", "skovde"):
        again = load_fixture(name)
        assert all(c.created == 0 and c.updated == 0 for c in again.counts.values()), again.counts
    assert Person.objects.count() == 47 + 23

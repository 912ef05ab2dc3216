"""The benchmark's loader and its hand-written query (``bench/``), on a data set small enough for a test.

What matters most: the one hand-written SQL query the benchmark times against ``build_report``
must compute the same figures, or the comparison means nothing. Loading uses PostgreSQL's COPY,
so these tests need PostgreSQL; on SQLite only the safety checks run.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from bench import handwritten
from bench.large_dataset import TARGET_CODE, Refused, Spec, bench_database, load
from stegvis.organizations.models import Project
from stegvis.participants.models import Enrollment, Person
from stegvis.progression.models import Answer, Measurement
from stegvis.progression.scoring import stale_scores
from stegvis.reports.project_report import build_report

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the benchmark loads with PostgreSQL's COPY; run with DATABASE_URL=postgres://... to test it",
)
TODAY = datetime.date(2025, 6, 15)


def test_refuses_anything_but_a_postgres_bench_database():
    with pytest.raises(Refused, match="PostgreSQL"):
        bench_database("sqlite:////tmp/bench.sqlite3")
    with pytest.raises(Refused, match="does not contain 'bench'"):
        bench_database("postgres://postgres@127.0.0.1:5432/stegvis")
    with pytest.raises(Refused, match="not set"):
        bench_database("")
    assert bench_database("postgres://postgres@127.0.0.1:5432/stegvis_bench")["NAME"] == "stegvis_bench"


@pytest.fixture
def small_dataset(db):
    """200 participants in three projects, 60 of them in the target project, written with COPY."""
    if connection.vendor != "postgresql":
        pytest.skip("the benchmark loads with PostgreSQL's COPY")
    figures = load(
        Spec(participants=200, target_participants=60, projects=3, seed=7, today=TODAY), log=lambda _t: None
    )
    return Project.objects.get(code=TARGET_CODE), figures


@needs_postgres
def test_loads_the_generated_rows_with_every_constraint_in_place(small_dataset):
    project, figures = small_dataset
    assert Person.objects.count() == 200 == figures["rows"]["participants_person"]
    assert Enrollment.objects.filter(project=project).values("person").distinct().count() == 60
    assert Enrollment.objects.count() == figures["rows"]["participants_enrollment"] > 200  # some enrol twice
    assert Answer.objects.count() == figures["rows"]["progression_answer"] == 10 * Measurement.objects.count()
    # The stored scores written with COPY agree with the answers.
    assert Measurement.objects.filter(answered_count__gt=0).exists()
    assert not stale_scores().exists()
    # Every loaded person has an enrolment, and is marked so as the actions would (the intake hint).
    assert not Person.objects.filter(not_yet_enrolled=True).exists()
    assert not Person.objects.exclude(enrollments__isnull=False).exists()
    # Ids continue after the loaded rows (the sequences were moved on).
    person = Person.objects.create(birth_year=1990, gender="K", registered_by=project.owner)
    assert person.pk > Person.objects.exclude(pk=person.pk).order_by("-pk").values_list("pk", flat=True)[0]


@needs_postgres
@pytest.mark.parametrize("on", [TODAY, datetime.date(2024, 12, 31), datetime.date(2023, 9, 30)])
def test_the_hand_written_query_agrees_with_build_report(small_dataset, on):
    project, _figures = small_dataset
    report = build_report(project, on=on)
    figures = handwritten.core_figures(project, on)
    assert handwritten.differences(report, figures) == []
    if on == TODAY:
        # The data exercises every part of the comparison, so agreement is not agreement on zeros.
        assert report["active"] and report["exits"]["total"] and report["work_or_studies"]["count"]
        progression = report["progression"]
        assert progression["measured"] and progression["positive"] and progression["negative"]
        assert report["unique_persons"] < report["enrollments"]


@needs_postgres
def test_a_figure_that_differs_is_reported(small_dataset):
    project, _figures = small_dataset
    report = build_report(project, on=TODAY)
    figures = handwritten.core_figures(project, on=TODAY)
    report["progression"]["positive"] += 1
    report["by_age_band"]["30-39"] += 1
    figures["work_or_studies"]["share"] = float(
        Decimal(str(figures["work_or_studies"]["share"])) + Decimal("0.0001")
    )
    assert [key for key, _ours, _theirs in handwritten.differences(report, figures)] == [
        "by_age_band.30-39",
        "progression.positive",
        "work_or_studies.share",
    ]

"""The figures for the "what works" report: categories, parallel interventions, placement outcomes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stegvis.interventions import actions, figures
from stegvis.interventions.models import Category, Kind, Outcome
from stegvis.interventions.testing import catalogue_entry
from stegvis.participants.models import Enrollment

D = datetime.date
ON = D(2023, 12, 31)


@pytest.fixture
def entries(world):
    return {
        "job": catalogue_entry(world, name="Svensk arbetskultur", kind=Kind.KURS),
        "praktik": catalogue_entry(world),
        "sfi": catalogue_entry(world, name="SFI", category=Category.KOMPETENSHOJANDE, kind=Kind.SFI),
        "health": catalogue_entry(world, name="Min Hälsa", category=Category.HALSA, kind=Kind.KURS),
        "social": catalogue_entry(
            world, name="Föräldragrupp", category=Category.SOCIAL, kind=Kind.ANNAN_AKTOR
        ),
    }


def _add(world, who, entry, start, end=None):
    return actions.add_participant_intervention(
        None, world.enrollments[who], intervention=entry, start_date=start, end_date=end
    )


def _flags(world, on=ON):
    rows = figures.with_intervention_flags(Enrollment.objects.all(), on).values(
        "pk",
        "has_arbetsinriktad",
        "has_kompetenshojande",
        "has_halsa",
        "has_social",
        "parallel_kompetens",
        "parallel_halsa",
        "parallel_any",
    )
    by_pk = {row.pop("pk"): row for row in rows}
    return {name: by_pk[e.pk] for name, e in world.enrollments.items()}


@pytest.mark.django_db
def test_parallel_means_overlapping_dates(world, entries):
    # anna: SFI all year, the job-oriented course in the middle (parallel with competence).
    _add(world, "anna", entries["sfi"], D(2023, 2, 1))
    _add(world, "anna", entries["job"], D(2023, 4, 1), D(2023, 5, 31))
    # bo: health first, then praktik the day after it ended (sequential), and a social group.
    _add(world, "bo", entries["health"], D(2023, 2, 1), D(2023, 3, 31))
    _add(world, "bo", entries["praktik"], D(2023, 4, 1), D(2023, 6, 30))
    _add(world, "bo", entries["social"], D(2023, 4, 1))
    flags = _flags(world)
    assert flags["anna"] == {
        "has_arbetsinriktad": True,
        "has_kompetenshojande": True,
        "has_halsa": False,
        "has_social": False,
        "parallel_kompetens": True,
        "parallel_halsa": False,
        "parallel_any": True,
    }
    assert flags["bo"] == {
        "has_arbetsinriktad": True,
        "has_kompetenshojande": False,
        "has_halsa": True,
        "has_social": True,
        "parallel_kompetens": False,
        "parallel_halsa": False,
        "parallel_any": False,
    }
    assert not any(flags["cia"].values())
    counts = figures.combination_counts(Enrollment.objects.all(), ON)
    assert counts == {
        "total": 3,
        "none": 1,
        "job_only": 0,
        "partners_only": 0,
        "job_parallel": 1,
        "job_parallel_kompetens": 1,
        "job_parallel_halsa": 0,
        "job_sequential": 1,
    }


@pytest.mark.django_db
def test_same_day_counts_as_overlap_and_open_ends_run_until_the_report_date(world, entries):
    _add(world, "bo", entries["health"], D(2023, 2, 1), D(2023, 4, 1))
    _add(world, "bo", entries["praktik"], D(2023, 4, 1), D(2023, 6, 30))
    _add(world, "anna", entries["health"], D(2023, 2, 1))  # ongoing
    _add(world, "anna", entries["praktik"], D(2023, 9, 1), D(2023, 10, 31))
    assert _flags(world)["bo"]["parallel_halsa"] is True
    assert _flags(world)["anna"]["parallel_halsa"] is True
    # As it stood before the praktik began, nothing job-oriented had happened yet.
    assert _flags(world, on=D(2023, 8, 31))["anna"] == {
        "has_arbetsinriktad": False,
        "has_kompetenshojande": False,
        "has_halsa": True,
        "has_social": False,
        "parallel_kompetens": False,
        "parallel_halsa": False,
        "parallel_any": False,
    }


@pytest.mark.django_db
def test_figures_take_the_callers_scope_and_use_one_query(world, entries):
    _add(world, "anna", entries["sfi"], D(2023, 2, 1))
    _add(world, "anna", entries["job"], D(2023, 4, 1), D(2023, 5, 31))
    scope = Enrollment.objects.filter(organization=world.orgs["molndal"])
    with CaptureQueriesContext(connection) as queries:
        counts = figures.combination_counts(scope, ON)
    assert len(queries) == 1 and counts["total"] == 1 and counts["job_parallel"] == 0 and counts["none"] == 1


@pytest.mark.django_db
def test_placement_outcomes_by_workplace_type(world, entries):
    def placement(who, workplace_type, outcome, start):
        participation = _add(world, who, entries["praktik"], start, start + datetime.timedelta(days=60))
        actions.add_placement(
            None, participation, workplace_name="X", workplace_type=workplace_type, outcome=outcome
        )

    placement("anna", "forskola", Outcome.ANSTALLNING_HAR, D(2023, 2, 1))
    placement("anna", "forskola", Outcome.INGEN_ANSTALLNING, D(2023, 5, 1))
    placement("bo", "lager", Outcome.ANNAN_ANSTALLNING, D(2023, 3, 1))
    placement("bo", "forskola", Outcome.PAGAR, D(2023, 6, 1))
    with CaptureQueriesContext(connection) as queries:
        result = figures.placement_outcomes(Enrollment.objects.all())
    assert len(queries) == 1
    assert list(result) == ["forskola", "lager", "alla"]
    assert result["forskola"] == {
        "pagar": 1,
        "anstallning_har": 1,
        "annan_anstallning": 0,
        "ingen_anstallning": 1,
        "total": 3,
        "employed": 1,
    }
    assert (
        result["lager"]["employed"] == 1 and result["alla"]["total"] == 4 and result["alla"]["employed"] == 2
    )
    only_anna = figures.placement_outcomes(Enrollment.objects.filter(pk=world.enrollments["anna"].pk))
    assert only_anna["alla"]["total"] == 2 and "lager" not in only_anna
    assert figures.placement_outcomes(Enrollment.objects.none()) == {
        "alla": {
            "pagar": 0,
            "anstallning_har": 0,
            "annan_anstallning": 0,
            "ingen_anstallning": 0,
            "total": 0,
            "employed": 0,
        }
    }

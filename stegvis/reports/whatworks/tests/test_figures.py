"""The ``what_works`` section's definitions, each on a small hand-built world."""

from decimal import Decimal

import pytest

from stegvis.participants.models import Enrollment
from stegvis.reports.project_report import build_report, scoped_enrollments
from stegvis.reports.tests.helpers import enrol, make_project, person
from stegvis.reports.whatworks.figures import what_works
from stegvis.reports.whatworks.tests.helpers import (
    D,
    catalogue,
    contacts,
    coordinators,
    measure,
    measure_items,
    placement,
    take,
)

pytestmark = pytest.mark.django_db

ON = D(2023, 12, 31)


@pytest.fixture
def project(world):
    return make_project(world)


@pytest.fixture
def entries(project):
    return catalogue(project)


def section(project, on=ON):
    return build_report(project, on=on)["what_works"]


def group(enrollments, exits, wos, measured, positive):
    return {
        "enrollments": enrollments,
        "exits": exits,
        "work_or_studies": {"count": wos, "share": round(wos / exits, 4) if exits else 0},
        "measured": measured,
        "positive": {"count": positive, "share": round(positive / measured, 4) if measured else 0},
    }


def test_by_combination_and_the_progression_threshold(world, project, entries):
    project.progression_threshold = Decimal("0.5")
    project.save()
    # Parallel: SFI all spring, praktik inside it; left for work; clearly better (3 -> 6).
    parallel = enrol(world, project, person(world), D(2023, 1, 1), end=D(2023, 6, 30), reason="arbete")
    take(parallel, entries["sfi"], D(2023, 2, 1), D(2023, 6, 30))
    take(parallel, entries["praktik"], D(2023, 3, 1), D(2023, 4, 30))
    measure(parallel, D(2023, 1, 10), 3)
    measure(parallel, D(2023, 6, 1), 6)
    # Sequential: Min Hälsa, then praktik the day after; moved away; worse (6 -> 3).
    sequential = enrol(world, project, person(world), D(2023, 1, 1), end=D(2023, 8, 31), reason="flytt")
    take(sequential, entries["min_halsa"], D(2023, 2, 1), D(2023, 3, 31))
    take(sequential, entries["praktik"], D(2023, 4, 1), D(2023, 5, 31))
    measure(sequential, D(2023, 1, 10), 6)
    measure(sequential, D(2023, 8, 1), 3)
    # One kind: SFI only, active, a change of exactly the threshold (5 -> 5.5): not positive.
    sfi_only = enrol(world, project, person(world), D(2023, 1, 1))
    take(sfi_only, entries["sfi"], D(2023, 2, 1))
    measure(sfi_only, D(2023, 1, 10), 5)
    measure_items(sfi_only, D(2023, 9, 1), [6, 6, 6, 6, 6, 5, 5, 5, 5, 5])
    # One kind: praktik only, left for studies, measured once (not "measured").
    praktik_only = enrol(world, project, person(world), D(2023, 1, 1), end=D(2023, 9, 30), reason="studier")
    take(praktik_only, entries["praktik"], D(2023, 2, 1), D(2023, 5, 31))
    measure(praktik_only, D(2023, 1, 10), 2)
    # One kind: a social group only; just over the threshold (5 -> 5.6): positive.
    social_only = enrol(world, project, person(world), D(2023, 1, 1))
    take(social_only, entries["foraldragrupp"], D(2023, 3, 1))
    measure(social_only, D(2023, 1, 10), 5)
    measure_items(social_only, D(2023, 9, 1), [6, 6, 6, 6, 6, 6, 5, 5, 5, 5])
    # None: no intervention; left for work.
    enrol(world, project, person(world), D(2023, 1, 1), end=D(2023, 3, 31), reason="arbete")

    by_combination = section(project)["by_combination"]
    assert list(by_combination) == ["none", "one_kind", "parallel", "sequential"]
    assert by_combination["none"] == group(1, 1, 1, 0, 0)
    assert by_combination["one_kind"] == group(3, 1, 1, 2, 1)
    assert by_combination["parallel"] == group(1, 1, 1, 1, 1)
    assert by_combination["sequential"] == group(1, 1, 0, 1, 0)

    # As it stood on 15 February: the praktik had not begun, no one had left, no second measurement.
    early = section(project, on=D(2023, 2, 15))["by_combination"]
    assert early["parallel"]["enrollments"] == early["sequential"]["enrollments"] == 0
    assert (
        early["one_kind"]["enrollments"] == 4
    )  # the SFI-only, SFI-so-far, Min Hälsa-so-far and praktik-only
    assert early["none"]["enrollments"] == 2  # the social group and nothing at all
    assert sum(g["exits"] + g["measured"] for g in early.values()) == 0


def test_by_coordinator_changes_up_to_the_report_date(world, project):
    coordinator = world.users["admin"]
    enrol(world, project, person(world), D(2023, 1, 1))  # no history at all: no change
    one = enrol(world, project, person(world), D(2023, 1, 1))
    coordinators(one, coordinator, [D(2023, 1, 1)])  # the first assignment is not a change
    two = enrol(world, project, person(world), D(2023, 1, 1), end=D(2023, 11, 30), reason="arbete")
    coordinators(two, coordinator, [D(2023, 1, 1), D(2023, 5, 1)])
    three = enrol(world, project, person(world), D(2023, 1, 1))
    coordinators(three, coordinator, [D(2023, 1, 1), D(2023, 3, 1), D(2023, 12, 1)])

    changes = section(project)["by_coordinator_changes"]
    assert list(changes) == ["0", "1", "2+"]
    assert changes["0"] == group(2, 0, 0, 0, 0)
    assert changes["1"] == group(1, 1, 1, 0, 0)
    assert changes["2+"] == group(1, 0, 0, 0, 0)
    # Before the December change the third had changed once.
    earlier = section(project, on=D(2023, 11, 30))["by_coordinator_changes"]
    assert [earlier[b]["enrollments"] for b in ("0", "1", "2+")] == [2, 2, 0]


def test_by_contacts_per_month_enrolled(world, project):
    # 31 days enrolled (1–31 December) is 31/30.4375 months.
    december = D(2023, 12, 1)
    enrol(world, project, person(world), december)  # no contacts: under 2
    a_few = enrol(world, project, person(world), december)
    contacts(a_few, [D(2023, 12, 4), D(2023, 12, 11), D(2023, 12, 18)])  # 2.95 a month
    many = enrol(world, project, person(world), december)
    contacts(many, [D(2023, 12, d) for d in (4, 6, 8, 11, 13)])  # 4.91 a month
    # Left after 61 days (1 Jan – 2 Mar) with 3 contacts: 1.5 a month, counted to the exit, not to ON.
    left = enrol(world, project, person(world), D(2023, 1, 1), end=D(2023, 3, 2), reason="arbete")
    contacts(left, [D(2023, 1, 5), D(2023, 2, 5), D(2023, 3, 1)])

    bands = section(project)["by_contact_frequency"]
    assert list(bands) == ["under_2", "2_4", "over_4"]
    assert bands["under_2"] == group(2, 1, 1, 0, 0)
    assert bands["2_4"] == group(1, 0, 0, 0, 0)
    assert bands["over_4"] == group(1, 0, 0, 0, 0)
    # On 8 December (8 days enrolled) the few had one contact so far (3.8 a month; with the two
    # later ones it would be 11.4) and the many three (11.4): later contacts do not count.
    mid = section(project, on=D(2023, 12, 8))["by_contact_frequency"]
    assert [mid[b]["enrollments"] for b in ("under_2", "2_4", "over_4")] == [2, 1, 1]


def test_placement_outcomes_by_workplace_type_as_of_the_date(world, project, entries):
    first = enrol(world, project, person(world), D(2023, 1, 1))
    second = enrol(world, project, person(world), D(2023, 1, 1))
    placement(first, entries["praktik"], D(2023, 2, 1), D(2023, 3, 31), "forskola", "anstallning_har")
    placement(first, entries["praktik"], D(2023, 5, 1), D(2023, 6, 30), "forskola", "ingen_anstallning")
    placement(second, entries["praktik"], D(2023, 2, 1), D(2023, 4, 30), "lager", "annan_anstallning")
    placement(second, entries["praktik"], D(2023, 9, 1), None, "aldreomsorg", "pagar")

    placements = section(project)["placements"]
    assert list(placements) == ["forskola", "aldreomsorg", "lager", "alla"]
    assert placements["forskola"] == {
        "pagar": 0,
        "anstallning_har": 1,
        "annan_anstallning": 0,
        "ingen_anstallning": 1,
        "total": 2,
        "employed": 1,
        "finished": 2,
        "employed_share": 0.5,
    }
    assert placements["alla"]["total"] == 4 and placements["alla"]["employed"] == 2
    assert placements["alla"]["finished"] == 3 and placements["alla"]["employed_share"] == 0.6667

    # On 31 March: the September one had not begun; the lager one had not ended (counts as ongoing).
    march = section(project, on=D(2023, 3, 31))["placements"]
    assert list(march) == ["forskola", "lager", "alla"]
    assert march["lager"]["pagar"] == 1 and march["lager"]["employed"] == 0
    assert march["alla"] == {
        "pagar": 1,
        "anstallning_har": 1,
        "annan_anstallning": 0,
        "ingen_anstallning": 0,
        "total": 2,
        "employed": 1,
        "finished": 1,
        "employed_share": 1.0,
    }


def test_note_says_descriptive_and_the_section_is_three_queries(
    world, project, entries, django_assert_num_queries
):
    who = enrol(world, project, person(world), D(2023, 1, 1))
    take(who, entries["sfi"], D(2023, 2, 1))
    scope = scoped_enrollments(ON, queryset=Enrollment.objects.filter(project=project))
    with django_assert_num_queries(3):
        result = what_works(project, scope, ON)
    assert "orsakssamband" in result["note"]
    assert result["progression_threshold"] == 0.0
    assert result["by_combination"]["one_kind"]["enrollments"] == 1


def _round(world, project, entries, coordinator):
    """Four enrolments with interventions, placements, contacts, coordinator changes and measurements."""
    parallel = enrol(world, project, person(world), D(2023, 1, 1), end=D(2023, 10, 31), reason="arbete")
    take(parallel, entries["sfi"], D(2023, 1, 15))
    placement(parallel, entries["praktik"], D(2023, 3, 1), D(2023, 5, 31), "handel", "anstallning_har")
    contacts(parallel, [D(2023, 2, 1), D(2023, 3, 1)])
    coordinators(parallel, coordinator, [D(2023, 1, 1), D(2023, 6, 1)])
    measure(parallel, D(2023, 1, 10), 3)
    measure(parallel, D(2023, 10, 1), 6)
    sequential = enrol(world, project, person(world), D(2023, 2, 1))
    take(sequential, entries["min_halsa"], D(2023, 2, 1), D(2023, 3, 31))
    take(sequential, entries["praktik"], D(2023, 4, 1), D(2023, 6, 30))
    contacts(sequential, [D(2023, 2, d) for d in (2, 9, 16, 23)])
    measure(sequential, D(2023, 2, 10), 4)
    measure(sequential, D(2023, 9, 1), 4)
    social = enrol(world, project, person(world), D(2023, 3, 1), end=D(2023, 9, 30), reason="studier")
    take(social, entries["foraldragrupp"], D(2023, 3, 1))
    enrol(world, project, person(world), D(2023, 4, 1))


def test_query_count_does_not_grow_with_casework(world, project, entries, django_assert_max_num_queries):
    """The same number of queries for the whole report with 4 and with 16 enrolments full of casework."""
    captured = None
    for rounds, more in ((1, 1), (4, 3)):
        for _i in range(more):
            _round(world, project, entries, world.users["admin"])
        with django_assert_max_num_queries(len(captured) if captured else 46) as queries:
            result = build_report(project, on=ON)["what_works"]
        captured = captured or queries.captured_queries
        assert result["by_combination"]["parallel"] == group(rounds, rounds, rounds, rounds, rounds)
        assert result["by_combination"]["sequential"]["measured"] == rounds
        assert result["by_coordinator_changes"]["1"]["enrollments"] == rounds
        assert result["placements"]["handel"]["employed"] == rounds

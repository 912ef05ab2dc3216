"""Each ``data_quality`` count on crafted data, as the report has it."""

import datetime

import pytest

from stegvis.consent.testing import give
from stegvis.contacts.models import Contact
from stegvis.participants import actions
from stegvis.progression.actions import record_measurement
from stegvis.progression.measuring.testing import default_card
from stegvis.progression.models import Measurement
from stegvis.quality.duplicates import DuplicatePairs
from stegvis.quality.kinds import KINDS
from stegvis.quality.testing import end, enrol, person, quality_project
from stegvis.reports.counting import project_scope
from stegvis.reports.project_report import build_report

pytestmark = pytest.mark.django_db

D = datetime.date
ON = D(2023, 12, 31)


def counts(project, on=ON):
    return build_report(project, on=on)["data_quality"]


def consented(enrollment):
    give(enrollment, "registrering", given_on=enrollment.start_date)
    return enrollment


def contact(enrollment, day):
    return Contact.objects.create(enrollment=enrollment, contact_date=day, channel="besok")


def test_the_section_has_every_key_of_the_spec_and_a_clean_project_counts_nothing(world):
    project = quality_project(world)
    consented(enrol(world, project, person(world), start=D(2023, 12, 1)))
    assert list(counts(project)) == list(KINDS)
    assert set(counts(project).values()) == {0}


def test_missing_exit_after_the_project_ended(world):
    project = quality_project(world, end_date=D(2023, 6, 30))
    active = consented(enrol(world, project, person(world), start=D(2023, 6, 1)))
    contact(active, D(2023, 6, 20))
    ended = consented(enrol(world, project, person(world, "Olle"), start=D(2023, 6, 1)))
    end(ended, D(2023, 6, 30), income_source_exit="lon", occupation_exit="arbete")
    assert counts(project, on=D(2023, 6, 30))["missing_exit"] == 0  # the last day is still in it
    assert counts(project, on=D(2023, 7, 1))["missing_exit"] == 1


def test_missing_exit_after_180_days_without_a_registration(world):
    project = quality_project(world)
    quiet = consented(enrol(world, project, person(world), start=D(2023, 1, 1)))
    # 179 days after the start it is still fine; after 180 days without anything it is listed.
    assert counts(project, on=D(2023, 6, 29))["missing_exit"] == 0
    assert counts(project, on=D(2023, 6, 30))["missing_exit"] == 1
    # A contact resets the clock; one dated after the report date does not exist yet.
    contact(quiet, D(2023, 8, 1))
    assert counts(project, on=D(2023, 7, 1))["missing_exit"] == 1
    assert counts(project, on=D(2023, 8, 1))["missing_exit"] == 0
    assert counts(project, on=D(2024, 1, 27))["missing_exit"] == 0
    assert counts(project, on=D(2024, 1, 28))["missing_exit"] == 1


def test_a_measurement_is_a_registration_too(world):
    project = quality_project(world)
    enrollment = consented(enrol(world, project, person(world), start=D(2023, 1, 1)))
    record_measurement(
        None, enrollment, default_card(), respondent="deltagare", date=D(2023, 10, 1), answers={"q1": 5}
    )
    assert counts(project)["missing_exit"] == 0
    assert counts(project, on=D(2024, 4, 1))["missing_exit"] == 1


def test_missing_status_at_start_and_at_exit(world):
    project = quality_project(world)
    consented(enrol(world, project, person(world), start=D(2023, 12, 1), income_source_start=""))
    consented(enrol(world, project, person(world, "Olle"), start=D(2023, 12, 1), occupation_start=""))
    done = enrol(world, project, person(world, "Pia"), start=D(2023, 11, 1))
    end(done, D(2023, 12, 1), income_source_exit="lon")  # no occupation at exit
    complete = enrol(world, project, person(world, "Rut"), start=D(2023, 11, 1))
    end(complete, D(2023, 12, 1), income_source_exit="lon", occupation_exit="arbete")
    later = enrol(world, project, person(world, "Siv"), start=D(2023, 11, 1))
    end(later, D(2024, 2, 1))  # an exit after the report date is not an exit yet
    figures = counts(project)
    assert figures["missing_status_at_start"] == 2
    assert figures["missing_status_at_exit"] == 1


def test_measurements_outside_the_enrolment(world):
    project = quality_project(world)
    enrollment = consented(enrol(world, project, person(world), start=D(2023, 3, 1)))
    end(enrollment, D(2023, 9, 30), income_source_exit="lon", occupation_exit="arbete")
    for day in (D(2023, 3, 1), D(2023, 6, 1), D(2023, 9, 30), D(2023, 6, 2), D(2023, 6, 3)):
        record_measurement(
            None, enrollment, default_card(), respondent="deltagare", date=day, answers={"q1": 5}
        )
    # Dates an import or an old edit could leave: before the start and after the end.
    Measurement.objects.filter(date=D(2023, 6, 2)).update(date=D(2023, 2, 28))
    Measurement.objects.filter(date=D(2023, 6, 3)).update(date=D(2023, 10, 1))
    assert counts(project)["measurements_outside_enrollment"] == 2
    assert counts(project, on=D(2023, 9, 30))["measurements_outside_enrollment"] == 1  # not taken yet


def test_missing_consent_counts_active_enrolments_without_registration_consent_in_force(world):
    project = quality_project(world)
    enrol(world, project, person(world), start=D(2023, 12, 1))  # never given
    withdrawn = give(
        enrol(world, project, person(world, "Olle"), start=D(2023, 12, 1)), given_on=D(2023, 12, 1)
    )
    from stegvis.consent.actions import withdraw_consent

    withdraw_consent(None, withdrawn, version=withdrawn.version, withdrawn_on=D(2023, 12, 20), note="")
    consented(enrol(world, project, person(world, "Pia"), start=D(2023, 12, 1)))
    gone = enrol(world, project, person(world, "Rut"), start=D(2023, 11, 1))
    end(gone, D(2023, 12, 1), income_source_exit="lon", occupation_exit="arbete")  # ended: not counted
    assert counts(project)["missing_consent"] == 2
    assert counts(project, on=D(2023, 12, 19))["missing_consent"] == 1


def _pairs(project, on=ON):
    return list(DuplicatePairs(project_scope(project, on))[0:100])


def test_likely_duplicates_by_birth_date_and_similar_name(world):
    project = quality_project(world)
    born = {"personnummer": "19900505-1231"}
    same_day = D(1990, 5, 5)

    def enrolled(first, last, **fields):
        who = person(world, first, last, **fields)
        enrol(world, project, who, start=D(2023, 12, 1))
        return who

    original = enrolled("Anna-Karin", "Öberg", **born)
    spelled = enrolled("annakarin", "OBERG", birth_year=1990, birth_date=same_day)
    swapped = enrolled("Öberg", "Anna Karin", birth_year=1990, birth_date=same_day)
    short = enrolled("Anna", "Öberg", birth_year=1990, birth_date=same_day)
    enrolled("Anna-Karin", "Öberg", birth_year=1990, birth_date=D(1990, 5, 6))  # another day
    enrolled("Britt", "Öberg", birth_year=1990, birth_date=same_day)  # another name
    enrolled("", "", birth_year=1990, birth_date=same_day)  # no name: never a pair
    elsewhere = person(world, "Anna-Karin", "Öberg", birth_year=1990, birth_date=same_day)
    enrol(world, quality_project(world, code="annat"), elsewhere, start=D(2023, 12, 1))
    # Equal once normalised, swapped, and "Anna" the beginning of "annakarin" with the same last
    # name; the swapped and the short one share neither part, so they are no pair.
    pairs = {
        (original, spelled),
        (original, swapped),
        (original, short),
        (spelled, swapped),
        (spelled, short),
    }
    assert _pairs(project) == sorted((a.pk, b.pk) for a, b in pairs)
    assert counts(project)["likely_duplicate_persons"] == 5
    # A merged person is history, not a duplicate.
    actions.merge_persons(None, original, duplicate=spelled)
    assert counts(project)["likely_duplicate_persons"] == 2


def test_likely_duplicates_among_anonymous_persons_by_birth_year_and_name(world):
    project = quality_project(world)
    for first, last, year in [
        ("Bo", "Berg", 1990),
        ("bo", "berg", 1990),
        ("Bo", "Berg", 1991),
        ("Bo", "Bergman", 1990),
    ]:
        enrol(world, project, person(world, first, last, birth_year=year), start=D(2023, 12, 1))
    # With a personnummer the birth year alone is not enough: the number tells them apart.
    enrol(world, project, person(world, "Bo", "Berg", personnummer="19900606-1239"), start=D(2023, 12, 1))
    assert counts(project)["likely_duplicate_persons"] == 1
    assert len(_pairs(project)) == 1


def test_the_section_takes_two_queries(world, django_assert_num_queries):
    from stegvis.quality.report import data_quality_figures

    project = quality_project(world)
    for i in range(5):
        enrol(world, project, person(world, f"P{i}"), start=D(2023, 1, 1), income_source_start="")
    scope = project_scope(project, ON)
    with django_assert_num_queries(2):
        figures = data_quality_figures(project, scope, ON)
    assert figures["missing_status_at_start"] == 5 and figures["missing_exit"] == 5

import datetime

from stegvis.participants import actions
from stegvis.reports.project_report import build_report


def test_gender_is_counted_as_registered_at_the_enrolments_start(world):
    """Bo's gender is corrected after his enrolment: the enrolment keeps what was registered then,
    a new enrolment takes the new registration; counts of persons follow the person."""
    bo = world.persons["bo"]
    enrollment = world.enrollments["bo"]
    actions.register_exit(
        None, enrollment, version=enrollment.version, end_date=datetime.date(2023, 6, 30), exit_reason="flytt"
    )
    actions.update_person(None, bo, version=bo.version, gender="X")
    actions.enroll_participant(
        None,
        bo,
        project=world.projects["helhetslyftet"],
        organization=world.orgs["molndal"],
        start_date=datetime.date(2024, 1, 8),
    )
    report = build_report(world.projects["helhetslyftet"], on=datetime.date(2024, 6, 1))
    assert report["by_gender"] == {"K": 1, "M": 1, "X": 1}
    assert report["exits"]["by_reason_and_gender"]["flytt"] == {"K": 0, "M": 1, "X": 0}
    assert report["by_gender_persons"] == {"K": 1, "M": 0, "X": 1}

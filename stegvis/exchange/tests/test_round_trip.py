"""Export -> import round trips, writing by set, its audit entries, and the progress callback."""

import datetime

from stegvis.audit.log import diff, snapshot
from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.exchange.exporter import export_project
from stegvis.exchange.importer import import_path, import_sources
from stegvis.exchange.tests.helpers import basic_files, csv_file
from stegvis.exchange.tests.test_export import wipe
from stegvis.participants import actions
from stegvis.participants.actions import PERSON_FIELDS
from stegvis.participants.models import Enrollment, ParticipantRef, Person
from stegvis.progression.actions import record_measurement
from stegvis.progression.models import Instrument, Measurement
from stegvis.progression.scoring import stale_scores

FILES = ("organizations", "projects", "participants", "enrollments", "measurements", "language_levels")
CARD = {f"q{i}": 5 + i % 3 for i in range(1, 11)}


def counts(result):
    return {name: (c.created, c.updated, c.unchanged) for name, c in result.counts.items()}


def add_the_demo_cases(world):
    """The people whose export did not import back unchanged before (docs/exchange.md).

    - Dan: registered by Mölndal with a personnummer and Mölndal's reference, enrolled in
      Helhetslyftet by Kungsbacka, which has no reference for him (exported as ``stegvis-<id>``);
    - Eva: anonymous and without any reference, enrolled by Kungsbacka (``stegvis-<id>`` too);
    - Anna (Kungsbacka's KBA-1) enrolled again later by Mölndal, which has no reference for her;
    - Bo: a measurement dated after his exit, which was registered later with an earlier date.
    """
    project, kungsbacka, molndal = (
        world.projects["helhetslyftet"],
        world.orgs["kungsbacka"],
        world.orgs["molndal"],
    )
    dan = actions.register_person(
        None, organization=molndal, personnummer="19900315-0209", gender="M", ref="MDL-7"
    )
    eva = actions.register_person(None, organization=kungsbacka, gender="K", birth_year=1979)
    for person, org, start in (
        (dan, kungsbacka, datetime.date(2023, 3, 1)),
        (eva, kungsbacka, datetime.date(2023, 4, 1)),
    ):
        actions.enroll_participant(None, person, project=project, organization=org, start_date=start)
    anna = world.enrollments["anna"]
    actions.register_exit(
        None, anna, version=anna.version, end_date=datetime.date(2023, 6, 30), exit_reason="arbete"
    )
    actions.enroll_participant(
        None,
        world.persons["anna"],
        project=project,
        organization=molndal,
        start_date=datetime.date(2024, 1, 8),
    )
    instrument = Instrument.objects.get(code="progressionskort")
    bo = world.enrollments["bo"]
    record_measurement(
        None, bo, instrument, respondent="deltagare", date=datetime.date(2023, 5, 2), answers=CARD
    )
    bo.refresh_from_db()
    actions.register_exit(
        None, bo, version=bo.version, end_date=datetime.date(2023, 4, 28), exit_reason="studier"
    )
    return dan, eva


def test_an_unchanged_export_checked_against_the_same_database_is_all_unchanged(world, tmp_path):
    dan, eva = add_the_demo_cases(world)
    export_project(world.projects["helhetslyftet"], tmp_path)
    refs = (tmp_path / "participants.csv").read_text()
    assert f"stegvis-{dan.pk}" in refs and f"stegvis-{eva.pk}" in refs
    before = (Person.objects.count(), ParticipantRef.objects.count(), Enrollment.objects.count())
    result = import_path(tmp_path, dry_run=True)
    assert result.ok, result.errors
    assert all(c.created == 0 and c.updated == 0 for c in result.counts.values()), counts(result)
    assert counts(result)["participants.csv"] == (0, 0, 4)
    assert counts(result)["measurements.csv"] == (0, 0, 1)
    # And for real: nothing is written, no reference is invented for Kungsbacka or Mölndal.
    result = import_path(tmp_path)
    assert all(c.created == 0 and c.updated == 0 for c in result.counts.values()), counts(result)
    assert (Person.objects.count(), ParticipantRef.objects.count(), Enrollment.objects.count()) == before


def test_export_import_into_an_empty_database_export_again_is_byte_identical(world, tmp_path):
    add_the_demo_cases(world)
    first, second = tmp_path / "first", tmp_path / "second"
    export_project(world.projects["helhetslyftet"], first)
    wipe()
    result = import_path(first)
    assert result.ok, result.errors
    assert not stale_scores().exists()
    export_project(Enrollment.objects.first().project, second)
    for name in FILES:
        assert (second / f"{name}.csv").read_bytes() == (first / f"{name}.csv").read_bytes(), name


def test_a_measurement_after_the_exit_belongs_to_the_enrolment_that_ended_before_it(world):
    """Stegvis keeps a measurement dated after an exit registered later; the import takes it too."""
    files = [
        *basic_files(),
        csv_file(
            "measurements.csv",
            "participant_ref,project,instrument,date,respondent,item,value\n"
            "P-1,helhetslyftet,progressionskort,2024-01-15,deltagare,q1,6\n",
        ),
    ]
    result = import_sources(files)
    assert result.ok, result.errors
    measurement = Measurement.objects.select_related("enrollment").get()
    assert measurement.enrollment.end_date == datetime.date(2023, 12, 31)
    assert (measurement.answered_sum, measurement.answered_count) == (6, 1)


def test_new_rows_written_by_set_are_audited_as_the_actions_audit_them(world):
    files = [
        *basic_files(),
        csv_file(
            "measurements.csv",
            "participant_ref,project,instrument,date,respondent,item,value\n"
            "P-1,helhetslyftet,progressionskort,2023-03-01,deltagare,q1,6\n"
            "P-1,helhetslyftet,progressionskort,2023-03-01,deltagare,q2,8\n",
        ),
    ]
    result = import_sources(files, user=world.users["admin"])
    assert result.ok, result.errors
    person = Person.objects.get(refs__ref="P-1")
    created = AuditEntry.objects.get(
        person=person, action=AuditAction.CREATE, object_type="participants.person"
    )
    assert created.changes == diff({}, snapshot(person, PERSON_FIELDS))
    assert created.user == world.users["admin"]
    enrollment = person.enrollments.get()
    entry = AuditEntry.objects.get(
        object_type="participants.enrollment", action=AuditAction.CREATE, person=person
    )
    assert entry.changes["project"] == [None, "helhetslyftet"]
    assert entry.changes["start_date"] == [None, "2023-02-01"]
    exit_entry = AuditEntry.objects.get(object_type="participants.enrollment", detail="avslut", person=person)
    assert exit_entry.changes == {"end_date": [None, "2023-12-31"], "exit_reason": ["", "arbete"]}
    assert enrollment.version == 2
    measured = AuditEntry.objects.get(object_type="progression.measurement", person=person)
    assert measured.changes["answers"] == [None, {"q1": 6, "q2": 8}]
    assert not stale_scores().exists()


def test_progress_is_reported_per_stage(world):
    calls = []
    result = import_sources(basic_files(), progress=lambda *args: calls.append(args))
    assert result.ok, result.errors
    stages = [stage for stage, *_rest in calls]
    assert stages[0] == "check" and stages[-1] == "write" and set(stages) == {"check", "write"}
    _stage, done, total, errors = calls[-1]
    assert done == total == 4 and errors == 0
    check_total = next(total for stage, _done, total, _errors in calls if stage == "check")
    assert check_total == 4  # two participants rows and two enrolment rows

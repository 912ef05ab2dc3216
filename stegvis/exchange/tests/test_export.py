import csv
import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.exchange.exporter import build_tables, export_project
from stegvis.exchange.importer import import_path
from stegvis.organizations.models import NeedGroup, Organization, Project
from stegvis.participants.models import Enrollment, Person
from stegvis.progression.actions import record_language_level, record_measurement
from stegvis.progression.models import Answer, Instrument, LanguageLevel, Measurement

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def persons_as_rows():
    """Every person's details by their references, in a form that survives a round trip."""
    rows = set()
    for p in Person.objects.prefetch_related("refs__organization"):
        refs = tuple(sorted((r.organization.code, r.ref) for r in p.refs.all()))
        rows.add(
            (
                refs,
                p.personnummer,
                p.birth_year,
                None if p.protected_identity else p.birth_date,
                p.gender,
                p.home_municipality,
                p.language,
                p.interpreter_needed,
                p.education_level,
                p.protected_identity,
            )
        )
    return rows


def enrollments_as_rows():
    return {
        (
            e.person.refs.get(organization=e.organization).ref,
            e.project.code,
            e.organization.code,
            e.referrer,
            e.need_group.name if e.need_group else "",
            e.start_date,
            e.end_date,
            e.exit_reason,
            e.coordinator.username if e.coordinator else "",
        )
        for e in Enrollment.objects.select_related(
            "person", "project", "organization", "need_group", "coordinator"
        )
    }


def measurements_as_rows():
    """Every answer (including 'not answered') with the keys the exchange format identifies it by."""
    return {
        (
            a.measurement.enrollment.person.refs.get(organization=a.measurement.enrollment.organization).ref,
            a.measurement.enrollment.start_date,
            a.measurement.instrument.code,
            a.measurement.date,
            a.measurement.respondent,
            a.item.code,
            a.value,
        )
        for a in Answer.objects.select_related(
            "measurement__enrollment__person", "measurement__instrument", "item"
        )
    }


def levels_as_rows():
    return {
        (lv.person.refs.get().ref, lv.date, lv.framework, lv.level)
        for lv in LanguageLevel.objects.select_related("person")
    }


def add_progression():
    """Measurements (one item not answered) and language levels for the first three enrolments."""
    instrument = Instrument.objects.get(code="progressionskort")
    for n, enrollment in enumerate(Enrollment.objects.order_by("start_date", "pk")[:3]):
        later = min(enrollment.start_date + datetime.timedelta(days=90), enrollment.end_date)
        record_measurement(
            None,
            enrollment,
            instrument,
            respondent="deltagare",
            date=enrollment.start_date,
            answers={"q1": 3 + n, "q2": 4, "q3": None},
        )
        record_measurement(
            None,
            enrollment,
            instrument,
            respondent="deltagare",
            date=later,
            answers={"q1": 6, "q2": 5 + n, "q3": 7},
        )
        record_measurement(
            None,
            enrollment,
            instrument,
            respondent="handlaggare",
            date=later,
            answers={f"q{i}": i for i in range(1, 11)},
        )
        record_language_level(None, enrollment.person, date=enrollment.start_date, framework="sfi", level="B")
        record_language_level(None, enrollment.person, date=later, framework="cefr", level="A2")
    # A level long before the project is the person's, not the project's: not exported.
    record_language_level(None, enrollment.person, date=datetime.date(2010, 1, 1), framework="sfi", level="A")


def wipe():
    Measurement.objects.all().delete()
    LanguageLevel.objects.all().delete()
    Enrollment.objects.all().delete()
    Person.objects.all().delete()
    NeedGroup.objects.all().delete()
    Project.objects.all().delete()
    Organization.objects.filter(staff_roles__isnull=True).delete()


@pytest.mark.django_db
def test_export_wipe_import_gives_the_same_records(tmp_path):
    assert import_path(FIXTURES / "kungsbacka").ok
    add_progression()
    persons, enrollments = persons_as_rows(), enrollments_as_rows()
    answered = {row for row in measurements_as_rows() if row[-1] is not None}
    levels = {row for row in levels_as_rows() if row[1].year > 2010}
    protected_year = Person.objects.get(protected_identity=True).birth_year
    call_command("export", "helhetslyftet-kungsbacka", str(tmp_path), stdout=io.StringIO())
    wipe()
    assert Person.objects.count() == 0
    result = import_path(tmp_path)
    assert result.ok, result.errors
    assert persons_as_rows() == persons
    assert enrollments_as_rows() == enrollments
    # "Not answered" has no row in the file, so only the answered items come back.
    assert measurements_as_rows() == answered and len(answered) == 3 * (2 + 3 + 10)
    assert levels_as_rows() == levels and len(levels) == 6
    assert result.counts["measurements.csv"].created == 9
    protected = Person.objects.get(protected_identity=True)
    assert protected.birth_year == protected_year and protected.birth_date is None
    # And the export of the imported data is the same files.
    again = tmp_path / "again"
    call_command("export", "helhetslyftet-kungsbacka", str(again), stdout=io.StringIO())
    for name in (
        "organizations",
        "projects",
        "participants",
        "enrollments",
        "measurements",
        "language_levels",
    ):
        assert (again / f"{name}.csv").read_text() == (tmp_path / f"{name}.csv").read_text()


def test_export_then_import_into_the_same_database_changes_nothing(world, tmp_path):
    export_project(world.projects["helhetslyftet"], tmp_path)
    result = import_path(tmp_path)
    assert result.ok, result.errors
    assert all(c.created == 0 and c.updated == 0 for c in result.counts.values()), result.counts


def test_protected_identity_is_exported_without_number_and_refs_are_stable(world):
    tables = build_tables(world.projects["spik"])
    cia = world.persons["cia"]
    (row,) = tables["participants"]
    assert row["participant_ref"] == f"stegvis-{cia.pk}"
    assert row["personnummer"] == "" and row["protected_identity"] == "ja" and row["birth_year"] == 1970
    assert (
        build_tables(world.projects["spik"])["participants"][0]["participant_ref"] == row["participant_ref"]
    )
    enrollment = tables["enrollments"][0]
    assert (
        enrollment["participant_ref"] == row["participant_ref"] and enrollment["coordinator"] == "coord_spik"
    )


def test_export_writes_audit_entries_as_the_system(world, tmp_path):
    out = io.StringIO()
    call_command("export", "helhetslyftet", str(tmp_path), "--zip", stdout=out)
    path = tmp_path / "helhetslyftet.zip"
    assert str(path) in out.getvalue()
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        participants = list(
            csv.DictReader(io.StringIO(archive.read("helhetslyftet/participants.csv").decode("utf-8")))
        )
    assert names == [
        f"helhetslyftet/{n}.csv"
        for n in (
            "enrollments",
            "language_levels",
            "measurements",
            "organizations",
            "participants",
            "projects",
        )
    ]
    assert {r["participant_ref"] for r in participants} == {"KBA-1", "MDL-1"}
    assert {r["personnummer"] for r in participants} == {"19850101-0204", ""}
    entries = AuditEntry.objects.filter(action=AuditAction.EXPORT)
    assert entries.filter(object_type="organizations.project", user__isnull=True).count() == 1
    assert set(entries.exclude(person=None).values_list("person", flat=True)) == {
        world.persons["anna"].pk,
        world.persons["bo"].pk,
    }


def test_export_of_unknown_project_is_a_clear_error(world, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="finns inte"):
        call_command("export", "nope", str(tmp_path))


def test_export_as_a_user_contains_only_what_they_may_see(world):
    tables = build_tables(world.projects["helhetslyftet"], user=world.users["coord_mdl"])
    assert [r["participant_ref"] for r in tables["participants"]] == ["MDL-1"]
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT, object_type="organizations.project")
    assert entry.user == world.users["coord_mdl"]


def test_measurement_rows_leave_out_unanswered_items(world):
    instrument = Instrument.objects.get(code="progressionskort")
    record_measurement(
        None,
        world.enrollments["cia"],
        instrument,
        respondent="deltagare",
        date=datetime.date(2021, 3, 1),
        answers={"q1": 2, "q2": None},
    )
    tables = build_tables(world.projects["spik"])
    ref = tables["participants"][0]["participant_ref"]
    assert tables["measurements"] == [
        {
            "participant_ref": ref,
            "project": "spik",
            "instrument": "progressionskort",
            "date": "2021-03-01",
            "respondent": "deltagare",
            "item": "q1",
            "value": 2,
        }
    ]


def test_export_as_a_user_leaves_out_measurements_they_may_not_see(world):
    instrument = Instrument.objects.get(code="progressionskort")
    for name in ("anna", "bo"):
        record_measurement(
            None,
            world.enrollments[name],
            instrument,
            respondent="deltagare",
            date=datetime.date(2023, 3, 1),
            answers={"q1": 5},
        )
        record_language_level(
            None, world.persons[name], date=datetime.date(2023, 3, 1), framework="sfi", level="C"
        )
    tables = build_tables(world.projects["helhetslyftet"], user=world.users["coord_mdl"])
    assert [r["participant_ref"] for r in tables["measurements"]] == ["MDL-1"]
    assert [r["participant_ref"] for r in tables["language_levels"]] == ["MDL-1"]


def test_measurement_export_queries_do_not_grow_with_rows(world, django_assert_max_num_queries):
    instrument = Instrument.objects.get(code="progressionskort")
    for name in ("anna", "bo"):
        record_measurement(
            None,
            world.enrollments[name],
            instrument,
            respondent="deltagare",
            date=datetime.date(2023, 3, 1),
            answers={f"q{i}": i for i in range(1, 11)},
        )
    with django_assert_max_num_queries(12):
        tables = build_tables(world.projects["helhetslyftet"])
    assert len(tables["measurements"]) == 20

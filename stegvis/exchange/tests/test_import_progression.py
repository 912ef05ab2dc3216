"""Importing measurements.csv and language_levels.csv: grouping, matching, errors, idempotency, dry run."""

import datetime

import pytest

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.exchange.importer import import_sources
from stegvis.exchange.tests.helpers import basic_files, csv_file, xlsx_file
from stegvis.progression.models import Answer, Instrument, LanguageLevel, Measurement, Source

MEASUREMENT_HEADER = "participant_ref,project,instrument,date,respondent,item,value\n"
LEVEL_HEADER = "participant_ref,date,framework,level\n"


def measurements(*lines, delimiter=","):
    return csv_file(
        "measurements.csv", MEASUREMENT_HEADER + "".join(line + "\n" for line in lines), delimiter=delimiter
    )


def levels(*lines):
    return csv_file("language_levels.csv", LEVEL_HEADER + "".join(line + "\n" for line in lines))


def card(ref, date, respondent="deltagare", values=(5, 6, 7), project="helhetslyftet"):
    """Rows of one measurement: items q1, q2, ... with the given values."""
    return [
        f"{ref},{project},progressionskort,{date},{respondent},q{i},{v}"
        for i, v in enumerate(values, start=1)
    ]


def counts(result):
    return {name: (c.created, c.updated, c.unchanged) for name, c in result.counts.items()}


def errors(result):
    return [(p.file, p.line, p.column) for p in result.errors]


def answers_of(measurement):
    return dict(measurement.answers.values_list("item__code", "value"))


def snapshot():
    return (
        Measurement.objects.count(),
        Answer.objects.count(),
        LanguageLevel.objects.count(),
        AuditEntry.objects.count(),
    )


def test_rows_with_the_same_key_are_one_measurement_of_an_existing_participant(world):
    files = [
        measurements(
            *card("KBA-1", "2023-02-01"),
            *card("KBA-1", "2023-02-01", "handlaggare", (3, 4)),
            *card("KBA-1", "2023-05-02", values=(8, 8, 9)),
        )
    ]
    result = import_sources(files)
    assert result.ok, result.errors
    assert counts(result) == {"measurements.csv": (3, 0, 0)}
    anna = world.enrollments["anna"]
    first, staff, latest = Measurement.objects.filter(enrollment=anna).order_by("date", "respondent")
    assert (first.respondent, first.date, first.source) == (
        "deltagare",
        datetime.date(2023, 2, 1),
        Source.IMPORT,
    )
    assert answers_of(first) == {"q1": 5, "q2": 6, "q3": 7}
    assert staff.respondent == "handlaggare" and answers_of(staff) == {"q1": 3, "q2": 4}
    assert answers_of(latest) == {"q1": 8, "q2": 8, "q3": 9}
    # Written through the action: audited against the person.
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.CREATE, object_type="progression.measurement", person=world.persons["anna"]
        ).count()
        == 3
    )


def test_measurements_of_participants_in_the_same_import(world):
    files = [
        *basic_files(),
        measurements(*card("P-1", "2023-03-01"), *card("P-2", "2023-03-15", values=(2,))),
    ]
    result = import_sources(files)
    assert result.ok, result.errors
    assert counts(result)["measurements.csv"] == (2, 0, 0)
    assert Measurement.objects.filter(enrollment__person__refs__ref="P-2").get().answers.get().value == 2


def test_the_measurement_belongs_to_the_enrolment_that_covers_its_date(world):
    files = [
        *basic_files(extra_enrollments=["P-1,helhetslyftet,kungsbacka,af,,2024-02-01,,,"]),
        measurements(*card("P-1", "2023-06-01"), *card("P-1", "2024-03-01")),
    ]
    result = import_sources(files)
    assert result.ok, result.errors
    dates = {m.date: m.enrollment.start_date for m in Measurement.objects.select_related("enrollment")}
    assert dates == {
        datetime.date(2023, 6, 1): datetime.date(2023, 2, 1),
        datetime.date(2024, 3, 1): datetime.date(2024, 2, 1),
    }


def test_importing_twice_changes_nothing_and_a_different_answer_is_an_update(world):
    files = [measurements(*card("KBA-1", "2023-02-01"))]
    assert import_sources(files).ok
    before = snapshot()
    again = import_sources(files)
    assert again.ok and counts(again) == {"measurements.csv": (0, 0, 1)}
    # Only the import's own audit entry is new.
    assert snapshot() == (*before[:3], before[3] + 1)

    # q2 corrected, q3 left out: the correction is an update, the missing row erases nothing.
    changed = import_sources(
        [
            measurements(
                "KBA-1,helhetslyftet,progressionskort,2023-02-01,deltagare,q1,5",
                "KBA-1,helhetslyftet,progressionskort,2023-02-01,deltagare,q2,9",
            )
        ]
    )
    assert changed.ok, changed.errors
    assert counts(changed) == {"measurements.csv": (0, 1, 0)}
    measurement = Measurement.objects.get()
    assert answers_of(measurement) == {"q1": 5, "q2": 9, "q3": 7}
    assert measurement.version == 2
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="progression.measurement").get()
    assert entry.changes == {"q2": [6, 9]}


def test_a_not_answered_item_already_in_stegvis_is_not_a_difference(world):
    from stegvis.progression.actions import record_measurement

    instrument = Instrument.objects.get(code="progressionskort")
    record_measurement(
        None,
        world.enrollments["anna"],
        instrument,
        respondent="deltagare",
        date=datetime.date(2023, 2, 1),
        answers={"q1": 5, "q2": 6, "q3": 7, "q4": None},
    )
    result = import_sources([measurements(*card("KBA-1", "2023-02-01"))])
    assert counts(result) == {"measurements.csv": (0, 0, 1)}


def test_the_newest_active_version_of_the_instrument_is_used(world):
    old = Instrument.objects.get(code="progressionskort")
    newer = Instrument.objects.create(code="progressionskort", version=2, name="Progressionskort")
    for item in old.items.all():
        item.pk, item.instrument = None, newer
        item.save()
    Instrument.objects.create(code="progressionskort", version=3, name="Utkast", is_active=False)
    assert import_sources([measurements(*card("KBA-1", "2023-02-01"))]).ok
    assert Measurement.objects.get().instrument == newer


def test_dry_run_reports_the_same_and_writes_nothing(world):
    files = [
        *basic_files(),
        measurements(*card("P-1", "2023-03-01"), *card("KBA-1", "2023-02-01")),
        levels("P-1,2023-03-01,sfi,B"),
    ]
    before = snapshot()
    dry = import_sources(files, dry_run=True)
    assert dry.ok, dry.errors
    assert snapshot() == before and Measurement.objects.count() == 0
    real = import_sources(files)
    assert counts(real) == counts(dry)
    assert counts(real)["measurements.csv"] == (2, 0, 0) and counts(real)["language_levels.csv"] == (1, 0, 0)


def test_row_errors_name_file_line_and_column_and_nothing_is_written(world):
    files = [
        measurements(
            "KBA-1,helhetslyftet,progressionskort,2023-02-01,deltagare,q1,5",  # 2 fine
            "KBA-1,helhetslyftet,okant-kort,2023-02-01,deltagare,q1,5",  # 3 unknown instrument
            "KBA-1,helhetslyftet,progressionskort,2023-02-01,deltagare,q99,5",  # 4 unknown item
            "KBA-1,helhetslyftet,progressionskort,2023-02-01,deltagare,q2,11",  # 5 outside the scale
            "KBA-1,helhetslyftet,progressionskort,2023-02-01,deltagare,q3,",  # 6 empty value
            "KBA-1,helhetslyftet,progressionskort,2023-02-01,deltagare,q4,sju",  # 7 not a number
            "KBA-1,helhetslyftet,progressionskort,2023-02-01,kusin,q5,5",  # 8 unknown respondent
            "KBA-1,helhetslyftet,progressionskort,2023-02-30,deltagare,q6,5",  # 9 no such date
            "NOBODY,helhetslyftet,progressionskort,2023-02-01,deltagare,q1,5",  # 10 unknown participant
            "KBA-1,okant-projekt,progressionskort,2023-02-01,deltagare,q1,5",  # 11 unknown project
            "KBA-1,helhetslyftet,progressionskort,2023-02-01,deltagare,q1,6",  # 12 the same item twice
        )
    ]
    before = snapshot()
    result = import_sources(files)
    assert errors(result) == [
        ("measurements.csv", 3, "instrument"),
        ("measurements.csv", 4, "item"),
        ("measurements.csv", 5, "value"),
        ("measurements.csv", 6, "value"),
        ("measurements.csv", 7, "value"),
        ("measurements.csv", 8, "respondent"),
        ("measurements.csv", 9, "date"),
        ("measurements.csv", 10, "participant_ref"),
        ("measurements.csv", 11, "project"),
        ("measurements.csv", 12, "item"),
    ]
    messages = {(p.line, p.column): p.message for p in result.errors}
    assert "okant-kort" in messages[(3, "instrument")]
    assert "q99" in messages[(4, "item")] and "q1, q2" in messages[(4, "item")]
    assert "1–10" in messages[(5, "value")]
    assert "vet inte" in messages[(6, "value")]
    assert "rad 2" in messages[(12, "item")]
    assert snapshot() == before


def test_a_date_outside_every_enrolment_is_an_error_at_the_date(world):
    # Anna's enrolment starts 2023-01-10; Bo has no enrolment in spik.
    files = [measurements(*card("KBA-1", "2022-12-01"), *card("MDL-1", "2023-03-01", project="spik"))]
    result = import_sources(files)
    assert errors(result) == [("measurements.csv", 2, "date"), ("measurements.csv", 5, "participant_ref")]
    assert "2023-01-10" in result.errors[0].message
    assert "ingen inskrivning" in result.errors[1].message
    assert Measurement.objects.count() == 0


def test_a_refused_answer_points_at_its_own_row(world):
    """A measurement dated in the future is refused by the action; the error lands on the date."""
    future = datetime.date.today() + datetime.timedelta(days=30)
    result = import_sources([measurements(*card("KBA-1", future.isoformat()))])
    assert errors(result) == [("measurements.csv", 2, "date")]


def test_a_wrong_enrolment_row_is_reported_once(world):
    files = [
        *basic_files(extra_enrollments=["P-3,helhetslyftet,kungsbacka,,,2023-04-01,,,"]),
        measurements(*card("P-3", "2023-05-01")),
    ]
    result = import_sources(files)
    assert [e for e in errors(result) if e[0] == "measurements.csv"] == []
    assert ("enrollments.csv", 4, "participant_ref") in errors(result)


def test_measurements_from_an_xlsx_file_with_semicolon_free_cells(world):
    rows = [MEASUREMENT_HEADER.strip().split(",")] + [
        ["KBA-1", "helhetslyftet", "progressionskort", datetime.date(2023, 2, 1), "deltagare", "q1", 4]
    ]
    result = import_sources([xlsx_file("measurements.xlsx", rows)])
    assert result.ok, result.errors
    assert answers_of(Measurement.objects.get()) == {"q1": 4}


# --- language levels -------------------------------------------------------------------------------


def test_language_levels_are_imported_once(world):
    files = [
        *basic_files(),
        levels("P-1,2023-03-01,sfi,b", "P-1,2023-09-01,SFI,C", "KBA-1,2023-02-01,cefr,a2"),
    ]
    result = import_sources(files)
    assert result.ok, result.errors
    assert counts(result)["language_levels.csv"] == (3, 0, 0)
    assert list(LanguageLevel.objects.filter(person__refs__ref="P-1").values_list("framework", "level")) == [
        ("sfi", "B"),
        ("sfi", "C"),
    ]
    assert LanguageLevel.objects.get(person=world.persons["anna"]).level == "A2"
    again = import_sources(files)
    assert again.ok and counts(again)["language_levels.csv"] == (0, 0, 3)
    assert LanguageLevel.objects.count() == 3


def test_another_level_on_the_same_date_is_an_error(world):
    assert import_sources([levels("KBA-1,2023-02-01,sfi,B")]).ok
    result = import_sources([levels("KBA-1,2023-02-01,sfi,C")])
    assert errors(result) == [("language_levels.csv", 2, "level")]
    assert "B" in result.errors[0].message
    assert LanguageLevel.objects.get().level == "B"


def test_language_level_row_errors(world):
    result = import_sources(
        [
            levels(
                "KBA-1,2023-02-01,sfi,E",  # 2 no such SFI level
                "KBA-1,2023-02-01,gers,B1",  # 3 unknown framework
                "KBA-1,,cefr,B1",  # 4 date missing
                "NOBODY,2023-02-01,cefr,B1",  # 5 unknown participant
                "KBA-1,2023-03-01,cefr,B1",  # 6 fine
                "KBA-1,2023-03-01,cefr,B2",  # 7 same date as line 6
            )
        ]
    )
    assert errors(result) == [
        ("language_levels.csv", 2, "level"),
        ("language_levels.csv", 3, "framework"),
        ("language_levels.csv", 4, "date"),
        ("language_levels.csv", 5, "participant_ref"),
        ("language_levels.csv", 7, "date"),
    ]
    assert "A, B, C, D" in result.errors[0].message
    assert LanguageLevel.objects.count() == 0


def test_missing_column_stops_the_file(world):
    result = import_sources(
        [csv_file("measurements.csv", "participant_ref,project,instrument,date,item,value\n")]
    )
    assert errors(result) == [("measurements.csv", 1, "respondent")]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_summary_counts_measurements_not_rows(world, delimiter):
    from stegvis.exchange.summary import render_summary

    result = import_sources(
        [measurements(*card("KBA-1", "2023-02-01", values=(1, 2, 3, 4, 5)), delimiter=delimiter)]
    )
    assert counts(result) == {"measurements.csv": (1, 0, 0)}
    assert "measurements.csv" in render_summary(result)


def test_a_user_cannot_import_measurements_of_someone_they_may_not_change(world):
    files = [measurements(*card("KBA-1", "2023-02-01")), levels("KBA-1,2023-02-01,sfi,B")]
    result = import_sources(files, user=world.users["coord_mdl"])
    assert errors(result) == [("measurements.csv", 2, ""), ("language_levels.csv", 2, "")]
    assert "behörighet" in result.errors[0].message
    assert Measurement.objects.count() == 0 and LanguageLevel.objects.count() == 0
    allowed = import_sources(files, user=world.users["coord_kba"])
    assert allowed.ok, allowed.errors
    assert Measurement.objects.get().registered_by == world.users["coord_kba"]

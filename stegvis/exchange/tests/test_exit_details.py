"""What an exit says besides its reason, through export and import (docs/exchange.md)."""

import csv
import datetime

from stegvis.exchange.exporter import HEADERS, export_project
from stegvis.exchange.importer import import_path, import_sources
from stegvis.exchange.tests.helpers import csv_file, participants
from stegvis.exchange.tests.test_export import wipe
from stegvis.exchange.tests.test_round_trip import FILES
from stegvis.participants import actions, exit_reasons
from stegvis.participants.models import Enrollment, ProjectExitReason

D = datetime.date
HEADER = HEADERS["enrollments"]


def _header(folder):
    with (folder / "enrollments.csv").open(encoding="utf-8") as f:
        return next(csv.reader(f))


def _details():
    return sorted(
        Enrollment.objects.filter(end_date__isnull=False).values_list(
            "exit_reason", "project_exit_reason__label", "project_exit_reason__standard_reason", "next_actor"
        )
    )


def test_a_project_without_exit_details_exports_exactly_the_formats_columns(world, tmp_path):
    anna = world.enrollments["anna"]
    actions.register_exit(None, anna, version=anna.version, end_date=D(2023, 6, 30), exit_reason="arbete")
    export_project(world.projects["helhetslyftet"], tmp_path)
    assert _header(tmp_path) == HEADER


def test_exit_details_and_registrations_in_error_round_trip(world, tmp_path):
    project = world.projects["helhetslyftet"]
    back = exit_reasons.add_exit_reason(
        None, project, label="Åter till Försäkringskassan", standard_reason="annat"
    )
    anna, bo = world.enrollments["anna"], world.enrollments["bo"]
    actions.register_exit(
        None,
        anna,
        version=anna.version,
        end_date=D(2023, 6, 30),
        exit_reason=None,
        project_exit_reason=back,
        next_actor="fk",
    )
    actions.register_exit(
        None,
        bo,
        version=bo.version,
        end_date=D(2023, 5, 31),
        exit_reason="arbete",
        other_outcomes=["studier"],
    )
    wrong = actions.enroll_participant(
        None,
        world.persons["anna"],
        project=project,
        organization=world.orgs["kungsbacka"],
        start_date=D(2024, 1, 8),
    )
    actions.register_exit(
        None, wrong, version=wrong.version, end_date=D(2024, 1, 9), exit_reason="felregistrering"
    )
    before = _details()
    first, second = tmp_path / "first", tmp_path / "second"
    export_project(project, first)
    assert _header(first) == [*HEADER, "project_exit_reason", "next_actor", "other_outcomes"]
    rows = (first / "enrollments.csv").read_text(encoding="utf-8")
    lines = {line.split(",")[6]: line.split(",")[7:] for line in rows.splitlines()[1:]}
    assert lines["2023-06-30"] == ["annat", "coord_kba", "Åter till Försäkringskassan", "fk", ""]
    assert lines["2023-05-31"] == ["arbete", "coord_mdl", "", "", "studier"]
    assert lines["2024-01-09"] == ["felregistrering", "", "", "", ""]
    wipe()
    result = import_path(first)
    assert result.ok, result.errors
    assert any("Åter till Försäkringskassan lades till" in note for note in result.notes)
    assert _details() == before
    assert Enrollment.objects.get(exit_reason="arbete").other_outcomes.get().outcome == "studier"
    export_project(Enrollment.objects.first().project, second)
    for name in FILES:
        assert (second / f"{name}.csv").read_bytes() == (first / f"{name}.csv").read_bytes(), name


def _enrollments(*lines):
    header = ",".join([*HEADER, "project_exit_reason", "next_actor", "other_outcomes"])
    return csv_file("enrollments.csv", header + "\n" + "".join(line + "\n" for line in lines))


def _problems(result):
    return [(p.file, p.line, p.column) for p in result.errors]


def test_a_project_reason_counting_as_another_reason_is_refused_at_its_column(world):
    exit_reasons.add_exit_reason(
        None, world.projects["helhetslyftet"], label="Till annan insats", standard_reason="annan_insats"
    )
    result = import_sources(
        [
            participants("P-1,19900315-0209,,K,Kungsbacka,ar,ja,2,"),
            _enrollments(
                "P-1,helhetslyftet,kungsbacka,af,,2023-02-01,2023-12-31,arbete,,till annan insats,,"
            ),
        ]
    )
    assert _problems(result) == [("enrollments.csv", 2, "project_exit_reason")]
    assert "räknas som annan_insats" in result.errors[0].message
    assert not Enrollment.objects.filter(person__personnummer="199003150209").exists()


def test_exit_details_need_an_exit_and_consistent_outcomes(world):
    result = import_sources(
        [
            participants("P-1,19900315-0209,,K,Kungsbacka,ar,ja,2,", "P-2,,1988,M,,so,nej,,"),
            _enrollments(
                "P-1,helhetslyftet,kungsbacka,af,,2023-02-01,,,,,fk,",
                "P-2,helhetslyftet,kungsbacka,af,,2023-02-01,2023-12-31,flytt,,,,arbete",
            ),
        ]
    )
    assert _problems(result) == [
        ("enrollments.csv", 2, "next_actor"),
        ("enrollments.csv", 3, "other_outcomes"),
    ]
    assert not ProjectExitReason.objects.exists()

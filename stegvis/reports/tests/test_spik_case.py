"""SPiK's published figures, reproduced from record-level files through import and report.

The folder ``stegvis/exchange/tests/fixtures/spik/`` is written by
``stegvis/exchange/tests/make_spik_fixture.py`` to match the final report of SPiK (seed 003):
267 participants, 123 women and 144 men, the age bands, exits to work 24, studies 9 and
training 7, Växjö 48 and FK 47 enrolments, just under nine months enrolled, and of 108 with two
or more progression measurements 71 positive, 26 negative and 11 unchanged, women 40-49 moving
most and ages 50-59 most often moving back. The test runs it the way a project administrator
would: ``stegvis import`` of the folder, then ``stegvis report spik --format json``.
"""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURE = Path(__file__).resolve().parents[2] / "exchange" / "tests" / "fixtures" / "spik"


@pytest.fixture
def progression_provider():
    """The progression app's provider fills the report's ``progression`` section.

    Some report tests swap the provider for their own; this makes sure the real one is in place
    for these tests, whatever ran before, and puts back what was there.
    """
    from stegvis.progression.statistics.rule import progression_provider as provider
    from stegvis.reports import project_report

    previous = project_report._progression_provider
    project_report.register_progression_provider(provider)
    yield
    project_report.register_progression_provider(previous)


@pytest.fixture
def spik_report(db, progression_provider):
    """``stegvis import`` of the folder, then the report on the project's last day."""
    out = io.StringIO()
    call_command("import", str(FIXTURE), stdout=out, stderr=io.StringIO())
    report_out = io.StringIO()
    call_command("report", "spik", "--format", "json", "--on", "2022-10-31", stdout=report_out)
    return out.getvalue(), json.loads(report_out.getvalue())


def test_spik_register_figures(spik_report):
    summary, report = spik_report
    # The import read every file: one row per participant and enrolment, measurements counted as cards.
    assert "Importen är klar." in summary
    lines = {line.split()[0]: line.split()[1:] for line in summary.splitlines() if ".csv" in line}
    assert lines["participants.csv"] == ["267", "0", "0"]
    assert lines["enrollments.csv"] == ["267", "0", "0"]
    cards = {(r["participant_ref"], r["date"], r["respondent"]) for r in _rows("measurements.csv")}
    assert lines["measurements.csv"] == [str(len(cards)), "0", "0"]

    # Participants, gender and age at start.
    assert report["project"] == "spik" and report["on"] == "2022-10-31"
    assert report["enrollments"] == 267
    assert report["unique_persons"] == 267
    assert report["active"] == 0
    assert report["by_gender"] == {"K": 123, "M": 144, "X": 0}
    assert report["by_age_band"] == {"-19": 0, "20-29": 96, "30-39": 59, "40-49": 47, "50-59": 52, "60-": 13}

    # Exits: work 24 (9 women, 15 men), CSN studies 9 (5/4), training 7 (5/2); 40 to work or studies.
    exits = report["exits"]
    assert exits["total"] == 267
    assert exits["by_reason"]["arbete"] == 24
    assert exits["by_reason"]["studier"] == 9
    assert exits["by_reason"]["arbetsmarknadsutbildning"] == 7
    assert exits["by_reason_and_gender"]["arbete"] == {"K": 9, "M": 15, "X": 0}
    assert exits["by_reason_and_gender"]["studier"] == {"K": 5, "M": 4, "X": 0}
    assert exits["by_reason_and_gender"]["arbetsmarknadsutbildning"] == {"K": 5, "M": 2, "X": 0}
    assert sum(exits["by_reason"].values()) == 267
    assert report["work_or_studies"] == {"count": 40, "share": round(40 / 267, 4)}

    # "Per referrer" in the seed is by sending organisation: Växjö 48, FK 47 (28 men, 19 women).
    assert report["by_organization"]["vaxjo"] == 48
    assert report["by_organization"]["fk"] == 47
    assert sum(report["by_organization"].values()) == 267
    assert report["by_referrer"]["fk"] == 47
    assert report["by_referrer_and_gender"]["fk"] == {"K": 19, "M": 28, "X": 0}
    # Växjö 34 men, 14 women: the report has no organisation x gender table, so count the records.
    participants = {r["participant_ref"]: r["gender"] for r in _rows("participants.csv")}
    vaxjo = [
        participants[r["participant_ref"]] for r in _rows("enrollments.csv") if r["organization"] == "vaxjo"
    ]
    assert (vaxjo.count("M"), vaxjo.count("K")) == (34, 14)

    # "Just under nine months".
    assert 255 <= report["enrollment_days"]["mean"] <= 270

    # Importing the same folder again changes nothing.
    again = io.StringIO()
    call_command("import", str(FIXTURE), stdout=again, stderr=io.StringIO())
    counts = {line.split()[0]: line.split()[1:] for line in again.getvalue().splitlines() if ".csv" in line}
    assert counts["measurements.csv"] == ["0", "0", str(len(cards))]
    assert all(created == changed == "0" for created, changed, _same in counts.values()), counts


def test_spik_progression_figures(spik_report):
    _summary, report = spik_report
    progression = report["progression"]
    assert progression is not None, "the progression section is not filled (no provider registered)"
    assert progression["instrument"] == "progressionskort"
    assert progression["respondent"] == "deltagare"
    assert progression["measured"] == 108
    assert progression["positive"] == 71
    assert progression["negative"] == 26
    assert progression["unchanged"] == 11

    # Women 40-49 moved most; ages 50-59 most often moved back.
    cells = {
        (gender, band): figures
        for gender, bands in progression["by_gender_and_age_band"].items()
        for band, figures in bands.items()
        if figures and figures.get("measured")
    }
    assert cells[("K", "40-49")]["measured"] == 12 and cells[("K", "40-49")]["positive"] == 10
    assert max(cells, key=lambda cell: cells[cell]["mean_change"]) == ("K", "40-49")

    by_band = {}
    for (_gender, band), figures in cells.items():
        measured, negatives = by_band.get(band, (0, 0))
        by_band[band] = (measured + figures["measured"], negatives + figures["negative"])
    assert sum(m for m, _n in by_band.values()) == 108
    assert max(by_band, key=lambda band: by_band[band][1] / by_band[band][0]) == "50-59"
    # "Women and men aged 50 to 59": both genders' 50-59 cells have the highest shares moving back.
    share = {cell: figures["negative"] / figures["measured"] for cell, figures in cells.items()}
    assert set(sorted(share, key=share.get, reverse=True)[:2]) == {("K", "50-59"), ("M", "50-59")}


def _rows(name):
    with open(FIXTURE / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_checked_in_files_are_what_the_generator_writes():
    """The generator checks the figures before writing; the files must be its current output."""
    from stegvis.exchange.tests.make_spik_fixture import build

    for name, (columns, rows) in build().items():
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        assert (FIXTURE / name).read_text(encoding="utf-8") == buffer.getvalue(), name

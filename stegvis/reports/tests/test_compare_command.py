"""``stegvis compare``: each project's report exactly as ``stegvis report`` prints it, in the order
given; the spreadsheet with the projects side by side; Swedish errors naming the bad value, exit 2."""

import io
import json

import openpyxl
import pytest
from django.core.management import call_command

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.participants import actions
from stegvis.reports.tests.helpers import D, enrol, make_project, person

pytestmark = pytest.mark.django_db


def run(command, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(*args):
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("compare", *args, stdout=out, stderr=err)
    return exit_info.value.code, err.getvalue()


def _without_time(report):
    return {key: value for key, value in report.items() if key != "generated_at"}


@pytest.fixture
def two_projects(world):
    """Helhetslyftet (anna, bo and a few more) and a test project of Kungsbacka's with small numbers."""
    project = make_project(world)
    group = actions.need_group_named(project, "Nyanlända")
    enrol(world, project, person(world, gender="K"), D(2021, 1, 1), end=D(2021, 3, 1), reason="studier")
    enrol(world, project, person(world, gender="M"), D(2021, 2, 1), referrer="af", need_group=group)
    for i in range(6):
        enrol(world, project, person(world, gender="K", birth_year=1980 + i), D(2021, 3, 1), referrer="af")
    return world.projects["helhetslyftet"], project


OPTION_SETS = [
    ("--on", "2022-01-01"),
    ("--on", "2022-01-01", "--from", "2021-02-01", "--to", "2021-12-31"),
    ("--on", "2022-01-01", "--filter", "referrer=af"),
    ("--on", "2022-01-01", "--filter", "referrer=af", "--filter", "intake_channel=okand"),
    ("--on", "2022-01-01", "--suppress-small"),
    ("--on", "2022-01-01", "--suppress-small", "--min-cell", "3", "--filter", "referrer=af"),
]


@pytest.mark.parametrize("options", OPTION_SETS, ids=[" ".join(o) for o in OPTION_SETS])
def test_each_project_is_exactly_its_report_with_the_same_options(two_projects, options):
    codes = [p.code for p in two_projects]
    out, err = run("compare", *codes, "--format", "json", *options)
    assert err == ""
    data = json.loads(out)
    assert data["on"] == "2022-01-01"
    assert [report["project"] for report in data["projects"]] == codes
    for code, report in zip(codes, data["projects"], strict=True):
        alone = json.loads(run("report", code, "--format", "json", *options)[0])
        assert _without_time(report) == _without_time(alone)


def test_the_order_given_is_kept_and_json_is_the_default(two_projects):
    codes = [p.code for p in reversed(two_projects)]
    data = json.loads(run("compare", *codes, "--on", "2022-01-01")[0])
    assert [report["project"] for report in data["projects"]] == codes


def test_suppression_uses_each_owners_n_and_marks_small_counts(two_projects):
    data = json.loads(
        run("compare", *(p.code for p in two_projects), "--on", "2022-01-01", "--suppress-small")[0]
    )
    small = data["projects"][1]
    assert small["suppressed"]["min_cell"] == 5
    assert small["by_gender"]["M"] == "<5"


def test_each_report_is_audited(two_projects):
    run("compare", *(p.code for p in two_projects), "--on", "2022-01-01", "--filter", "referrer=af")
    entries = AuditEntry.objects.filter(action=AuditAction.EXPORT)
    assert entries.count() == 2
    assert all(e.detail.startswith("stegvis compare: json on=2022-01-01") for e in entries)
    assert all("referrer=af" in e.detail for e in entries)


@pytest.mark.parametrize(
    "args, message",
    [
        (("helhetslyftet", "okänt"), "Det finns inget projekt med koden 'okänt'"),
        (("helhetslyftet", "helhetslyftet"), "Projektet 'helhetslyftet' är angivet två gånger"),
        (("helhetslyftet", "spik", "--filter", "färg=blå"), 'helhetslyftet: --filter: Okänt filter "färg"'),
        (("helhetslyftet", "spik", "--filter", "referrer=xyz"), 'Filtret referrer: "xyz" finns inte'),
        (("spik", "helhetslyftet", "--on", "2023-13-01"), "--on: '2023-13-01' är inte ett giltigt datum"),
        (
            ("spik", "helhetslyftet", "--min-cell", "3"),
            "--min-cell: gäller bara tillsammans med --suppress-small",
        ),
        (("spik", "--suppress-small", "--min-cell", "1"), "--min-cell: '1' är inte ett heltal"),
    ],
)
def test_errors_name_the_bad_value_and_exit_2(world, args, message):
    code, err = run_failing(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_a_filter_value_one_project_lacks_names_that_project(two_projects):
    # "Nyanlända" is a need group of the test project only.
    code, err = run_failing("testprojekt", "helhetslyftet", "--filter", "need_group=nyanlända")
    assert code == 2
    assert err.startswith("helhetslyftet: --filter:") and '"nyanlända" finns inte' in err


def test_xlsx_puts_the_projects_side_by_side_with_charts(two_projects, tmp_path):
    path = tmp_path / "jamforelse.xlsx"
    out, _err = run(
        "compare", *(p.code for p in two_projects), "--format", "xlsx", "--on", "2022-01-01", "-o", str(path)
    )
    assert str(path) in out
    sheet = openpyxl.load_workbook(path).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    header = next(row for row in rows if row[0] == "Nyckeltal")
    assert header[1:3] == ("Helhetslyftet", "Projekt testprojekt")
    by_label = {row[0]: row[1:3] for row in rows if row[0]}
    helhetslyftet = json.loads(run("report", "helhetslyftet", "--format", "json", "--on", "2022-01-01")[0])
    assert by_label["Inskrivningar"] == (helhetslyftet["enrollments"], 8)
    assert by_label["Till arbete eller studier"] == (helhetslyftet["work_or_studies"]["count"], 1)
    assert "Avslutsorsaker" in by_label and "Andelar: Kön" in by_label
    assert len(sheet._charts) >= 5  # gender, age, referrers, exits (2), ...
    assert (
        AuditEntry.objects.filter(
            action=AuditAction.EXPORT, detail__startswith="stegvis compare: xlsx"
        ).count()
        == 2
    )


def test_xlsx_default_file_name(two_projects, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run(
        "compare",
        "helhetslyftet",
        "testprojekt",
        "--format",
        "xlsx",
        "--on",
        "2022-01-01",
        "--suppress-small",
    )
    (written,) = tmp_path.iterdir()
    assert written.name == "jamforelse-helhetslyftet-testprojekt-2022-01-01.xlsx"
    rows = list(openpyxl.load_workbook(written).active.iter_rows(values_only=True))
    assert any(row[0] == "Små tal" for row in rows)
    assert any("<5" in row for row in rows)

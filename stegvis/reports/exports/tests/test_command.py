"""``stegvis report --format xlsx|docx`` and ``--organization``: the same files as the web, audited."""

import json

import pytest

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.reports.exports.tests.helpers import document, heading_texts, sheet_rows, workbook
from stegvis.reports.tests.test_report_command import run, run_failing

pytestmark = pytest.mark.django_db


def test_xlsx_to_output_is_written_and_audited(project, tmp_path):
    target = tmp_path / "tabeller.xlsx"
    out, err = run("helhetslyftet", "--format", "xlsx", "--on", "2024-06-30", "--output", str(target))
    assert err == "" and f"Skrev {target}" in out
    book = workbook(target.read_bytes())
    key = {row[0]: row[1] for row in sheet_rows(book["Nyckeltal"])[1:] if row[0]}
    assert key["Inskrivningar"] == 8
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.user is None and entry.username == ""
    assert entry.object_type == "organizations.project" and entry.object_id == str(project.pk)
    assert entry.detail == "stegvis report: xlsx on=2024-06-30"


def test_docx_goes_to_the_default_name_in_the_current_folder(project, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out, _err = run("helhetslyftet", "--format", "docx", "--on", "2024-06-30")
    path = tmp_path / "slutrapport-helhetslyftet-2024-06-30.docx"
    assert "slutrapport-helhetslyftet-2024-06-30.docx" in out
    assert "Stegförflyttning" in heading_texts(document(path.read_bytes()), level=2)
    assert AuditEntry.objects.get(action=AuditAction.EXPORT).detail == "stegvis report: docx on=2024-06-30"


def test_organization_limits_the_json(project):
    out, _err = run("helhetslyftet", "--format", "json", "--on", "2024-06-30", "--organization", "molndal")
    data = json.loads(out)
    assert data["organization"] == "molndal" and data["enrollments"] == 1
    # The JSON hands the whole report out too, so it is recorded like the files.
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.detail == "stegvis report: json on=2024-06-30 organization=molndal"


def test_json_and_text_to_output(world, tmp_path):
    target = tmp_path / "r.json"
    out, _err = run("helhetslyftet", "--format", "json", "--on", "2024-06-30", "-o", str(target))
    assert out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["project_name"] == "Helhetslyftet"
    run("helhetslyftet", "--on", "2024-06-30", "-o", str(tmp_path / "r.txt"))
    assert "Projektrapport: Helhetslyftet" in (tmp_path / "r.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "code,message",
    [
        (
            "finns-inte",
            "--organization: Det finns ingen organisation med koden 'finns-inte' i projektet helhetslyftet.",
        ),
        ("af", "Organisationer i projektet: kungsbacka, molndal."),  # a partner of SPiK, not of Helhetslyftet
    ],
)
def test_unknown_organisation_is_a_swedish_error(world, code, message):
    status, _out, err = run_failing("helhetslyftet", "--format", "xlsx", "--organization", code)
    assert status == 2 and message in err
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_unwritable_output_is_a_swedish_error(world, tmp_path):
    status, _out, err = run_failing(
        "helhetslyftet", "--format", "xlsx", "--output", str(tmp_path / "saknas" / "r.xlsx")
    )
    assert status == 2 and "--output: kunde inte skriva filen" in err
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()

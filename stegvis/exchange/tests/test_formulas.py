"""The exchange format and spreadsheet formulas: text that could start one is written with an
apostrophe, which the importer takes off again, so export -> import stays exact."""

import csv
import io

import pytest
from openpyxl import Workbook

from stegvis.exchange.exporter import export_project
from stegvis.exchange.importer import import_path
from stegvis.exchange.readers import read_tables
from stegvis.exchange.tests.test_export import enrollments_as_rows, persons_as_rows, wipe
from stegvis.organizations.models import NeedGroup, Organization, Project
from stegvis.participants.models import Enrollment, ParticipantRef, Person

pytestmark = pytest.mark.django_db

NAMES = {"kungsbacka": "=1+1", "molndal": "'=x"}  # the second already starts with an apostrophe
PROJECT_NAME = "@home"
REFS = {"anna": "+46 70 123 45 67", "bo": "-"}
NEED_GROUPS = {"anna": "''-y", "bo": "\t=SUM(A1)"}


def read_csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_export_neutralises_formulas_and_import_restores_them_exactly(world, tmp_path):
    project = world.projects["helhetslyftet"]
    # Only Helhetslyftet is exported: leave out SPiK's person, who would not come back.
    Enrollment.objects.exclude(project=project).delete()
    Person.objects.filter(pk=world.persons["cia"].pk).delete()
    for code, name in NAMES.items():
        Organization.objects.filter(code=code).update(name=name)
    Project.objects.filter(pk=project.pk).update(name=PROJECT_NAME)
    project.refresh_from_db()
    for key, ref in REFS.items():
        ParticipantRef.objects.filter(person=world.persons[key]).update(ref=ref)
        need_group = NeedGroup.objects.create(project=project, name=NEED_GROUPS[key])
        Enrollment.objects.filter(pk=world.enrollments[key].pk).update(need_group=need_group)
    persons, enrollments = persons_as_rows(), enrollments_as_rows()

    first = tmp_path / "first"
    export_project(project, first)
    organizations = {row["code"]: row["name"] for row in read_csv(first / "organizations.csv")}
    assert organizations["kungsbacka"] == "'=1+1" and organizations["molndal"] == "''=x"
    assert read_csv(first / "projects.csv")[0]["name"] == "'@home"
    refs = {row["participant_ref"] for row in read_csv(first / "participants.csv")}
    assert refs == {"'+46 70 123 45 67", "'-"}
    need_groups = {row["need_group"] for row in read_csv(first / "enrollments.csv")}
    assert need_groups == {"'''-y", "'\t=SUM(A1)"}

    wipe()
    # Organisations with staff stay; give them other names so the import has to bring them back.
    Organization.objects.update(name="Annat namn")
    result = import_path(first)
    assert result.ok, result.errors
    assert {o.code: o.name for o in Organization.objects.filter(code__in=NAMES)} == NAMES
    assert Project.objects.get(code="helhetslyftet").name == PROJECT_NAME
    assert persons_as_rows() == persons
    # A leading tab is whitespace, which the importer has always stripped from a cell.
    assert enrollments_as_rows() == {
        row if row[4] != NEED_GROUPS["bo"] else (*row[:4], "=SUM(A1)", *row[5:]) for row in enrollments
    }

    again = tmp_path / "again"
    export_project(Project.objects.get(code="helhetslyftet"), again)
    for name in ("organizations", "projects", "participants"):
        assert (again / f"{name}.csv").read_bytes() == (first / f"{name}.csv").read_bytes()


def test_a_hand_made_file_is_read_as_written_except_an_apostrophe_before_a_formula_sign():
    content = "code;name;kind\na;=1+1;kommun\nb;'=1+1;kommun\nc;'Anna;kommun\nd;''@x;kommun\ne;-5;kommun\n"
    tables, errors, _warnings = read_tables([("organizations.csv", content.encode())])
    assert not errors
    names = [cells["name"] for _line, cells in tables["organizations"].rows]
    assert names == ["=1+1", "=1+1", "'Anna", "'@x", "-5"]


def test_xlsx_cells_are_read_the_same_way():
    book = Workbook()
    book.active.append(["code", "name", "kind"])
    for code, name in [("a", "'=1+1"), ("b", "'Anna"), ("c", -5)]:
        book.active.append([code, name, "kommun"])
    out = io.BytesIO()
    book.save(out)
    tables, errors, _warnings = read_tables([("organizations.xlsx", out.getvalue())])
    assert not errors
    assert [cells["name"] for _line, cells in tables["organizations"].rows] == ["=1+1", "'Anna", "-5"]

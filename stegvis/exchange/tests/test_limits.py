"""Limits of an import: uploads, zip and xlsx bombs, rows, and how many errors are listed."""

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.urls import reverse

from stegvis.exchange import readers
from stegvis.exchange.importer import import_path, import_sources
from stegvis.exchange.readers import Problem, ProblemList
from stegvis.exchange.summary import render_summary
from stegvis.exchange.tests.helpers import ORGS, basic_files, xlsx_file
from stegvis.organizations.models import Organization
from stegvis.participants.models import Person

MB = 1024 * 1024


def zipped(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def bomb(unpacked=3 * MB):
    """A zip whose organizations.csv is a header and then ``unpacked`` bytes of blanks: it packs ~1000 times."""
    return zipped([("organizations.csv", ORGS.encode() + b" " * unpacked)])


def upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def post(client, *files, dry_run=True):
    """Upload on the import page: the form's answer, or (when the job started) the finished job's page."""
    data = {"files": list(files)}
    if dry_run:
        data["dry_run"] = "on"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("exchange:import"), data)
    if response.status_code == 302:
        return client.get(response["Location"])
    return response


@pytest.fixture(autouse=True)
def _jobs_run_at_once(immediate_tasks):
    """The page's jobs run when their transaction commits, so the job's page shows the outcome."""


# --- zip: refused from its table of contents ---------------------------------------------------------


def test_a_zip_bomb_is_refused_for_its_ratio_before_it_is_unpacked():
    with pytest.raises(readers.SourceError) as refused:
        readers.sources_from_zip(bomb())
    assert "gånger sin packade storlek (högst 100 gånger" in str(refused.value)


@override_settings(STEGVIS_IMPORT_MAX_UNPACKED_BYTES=1 * MB, STEGVIS_IMPORT_MAX_RATIO=10_000)
def test_a_zip_that_unpacks_to_too_much_is_refused_with_the_limit_in_mb():
    content = zipped([("organizations.csv", ORGS.encode() + b"x" * (2 * MB))], compression=zipfile.ZIP_STORED)
    with pytest.raises(readers.SourceError, match="Filen packas upp till mer än 1 MB \\(2,1 MB\\)"):
        readers.sources_from_zip(content)


@override_settings(STEGVIS_IMPORT_MAX_MEMBERS=3)
def test_a_zip_with_too_many_files_is_refused():
    content = zipped([(f"fil{n}.csv", b"a,b\n") for n in range(5)])
    with pytest.raises(readers.SourceError, match="Filen innehåller 5 filer. Högst 3 filer"):
        readers.sources_from_zip(content)


def test_a_zip_whose_table_of_contents_lies_about_the_size_is_not_read_beyond_it(db):
    """The central directory says 10 bytes; the member is longer. Reading stops and says the file is damaged."""
    rows = "".join(f"org{n},Organisation {n},kommun\n" for n in range(2000))
    content = bytearray(zipped([("organizations.csv", ORGS + rows)]))
    central = content.rindex(b"PK\x01\x02")
    content[central + 24 : central + 28] = struct.pack("<I", 10)  # uncompressed size
    result = import_sources(readers.sources_from_zip(bytes(content)))
    assert not result.ok
    assert result.errors[0].file == "organizations.csv"
    assert "skadad" in result.errors[0].message
    assert not Organization.objects.filter(code="org1").exists()


# --- xlsx: a zip too ---------------------------------------------------------------------------------


def test_an_xlsx_bomb_is_refused_before_openpyxl_opens_it():
    _name, content = xlsx_file("organizations.xlsx", [["code", "name", "kind"], ["a", "A", "kommun"]])
    buffer = io.BytesIO(content)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (3 * MB))
    tables, errors, _warnings = readers.read_tables([("organizations.xlsx", buffer.getvalue())])
    assert not tables
    assert errors[0].file == "organizations.xlsx"
    assert "gånger sin packade storlek" in errors[0].message


@override_settings(STEGVIS_IMPORT_MAX_ROWS=2)
def test_an_xlsx_with_too_many_rows_is_refused():
    rows = [["code", "name", "kind"]] + [[f"o{n}", f"O {n}", "kommun"] for n in range(3)]
    tables, errors, _warnings = readers.read_tables([xlsx_file("organizations.xlsx", rows)])
    assert not tables and "fler än 2 rader" in errors[0].message


# --- CSV: streamed -----------------------------------------------------------------------------------


@override_settings(STEGVIS_IMPORT_MAX_ROWS=3)
def test_a_file_with_too_many_rows_is_refused_and_nothing_is_checked(db):
    rows = "".join(f"org{n},Organisation {n},kommun\n" for n in range(4))
    result = import_sources([("organizations.csv", (ORGS + rows).encode())])
    assert [(p.file, p.line) for p in result.errors] == [("organizations.csv", None)]
    assert "Filen har fler än 3 rader under rubrikraden" in result.errors[0].message
    assert not Organization.objects.filter(code="org0").exists()


def test_non_utf8_far_into_a_file_is_found_while_streaming():
    text = ORGS + "".join(f"org{n},Organisation {n},kommun\n" for n in range(5000)) + "malmo,Malmö,kommun\n"
    content = text.encode("latin-1")
    assert len(content) > 100_000  # past the first buffers the decoder reads
    tables, errors, _warnings = readers.read_tables([("organizations.csv", content)])
    assert not tables
    assert "inte sparad som UTF-8" in errors[0].message


def test_a_header_line_that_never_ends_is_refused():
    tables, errors, _warnings = readers.read_tables([("organizations.csv", b"code" * 40_000)])
    assert not tables and "för lång för att vara en rubrikrad" in errors[0].message


@override_settings(STEGVIS_IMPORT_MAX_FILE_BYTES=1 * MB)
def test_a_file_of_a_folder_that_is_too_big_is_refused(tmp_path):
    (tmp_path / "organizations.csv").write_bytes(ORGS.encode() + b" " * (MB + MB // 2))
    result = import_path(tmp_path)
    assert "organizations.csv: Filen är 1,6 MB. Högst 1 MB kan läsas in" in result.errors[0].message


# --- the error list ----------------------------------------------------------------------------------


def test_problem_list_counts_everything_and_keeps_the_first_in_reading_order():
    problems = ProblemList(limit=3)
    for line in range(100, 1, -1):  # found last line first
        problems.append(Problem("participants.csv", line, "", "fel"))
    problems.append(Problem("organizations.csv", 7, "", "fel"))
    problems.sort()
    assert problems.total == 100 and problems.more == 97
    assert [(p.file, p.line) for p in problems] == [
        ("organizations.csv", 7),
        ("participants.csv", 2),
        ("participants.csv", 3),
    ]


@override_settings(STEGVIS_IMPORT_MAX_ERRORS_SHOWN=5)
def test_only_the_first_errors_are_listed_and_the_rest_are_counted(db):
    rows = "".join(f"org{n},Organisation {n},planet\n" for n in range(12))
    result = import_sources([("organizations.csv", (ORGS + rows).encode())])
    assert result.errors.total == 12 and len(result.errors) == 5
    assert [p.line for p in result.errors] == [3, 4, 5, 6, 7]
    text = render_summary(result)
    assert "Importen avbröts: 12 fel hittades." in text
    assert "… och 7 fel till (bara de första visas)." in text


# --- the page and the command ------------------------------------------------------------------------


def test_the_page_refuses_a_zip_bomb_with_a_clear_message(world, login_as):
    client = login_as(world.users["admin"])
    response = post(client, upload("projekt.zip", bomb()))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Importen avbröts: 1 fel hittades." in text
    assert "gånger sin packade storlek" in text


@override_settings(STEGVIS_IMPORT_MAX_FILE_BYTES=1 * MB)
def test_the_page_refuses_an_upload_that_is_too_big(world, login_as):
    client = login_as(world.users["admin"])
    response = post(client, upload("organizations.csv", ORGS.encode() + b" " * (MB + MB // 2)))
    assert response.status_code == 200
    text = response.content.decode()
    assert "organizations.csv: Filen är större än 1 MB, mer än som kan läsas in." in text
    assert "Detta fält" not in text and "Importen avbröts" not in text


@override_settings(STEGVIS_IMPORT_MAX_FILE_BYTES=1 * MB)
def test_the_form_refuses_a_file_that_is_too_big_even_when_it_was_received(world):
    from stegvis.exchange.forms import ImportForm

    form = ImportForm({}, {"files": upload("organizations.csv", ORGS.encode() + b" " * (MB + MB // 2))})
    assert not form.is_valid()
    assert form.errors["files"] == [
        "organizations.csv: Filen är 1,6 MB. Högst 1 MB kan läsas in: dela upp den i flera filer."
    ]


@override_settings(STEGVIS_IMPORT_MAX_FILE_BYTES=100 * 1024)
def test_the_upload_handler_drops_a_big_file_while_it_arrives(world, login_as, monkeypatch):
    """Of a too-big file no more than the limit is ever stored; the rest is read and dropped."""
    from django.core.files import uploadhandler

    stored = []
    original = uploadhandler.TemporaryFileUploadHandler.receive_data_chunk

    def spy(self, raw_data, start):
        stored.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(uploadhandler.TemporaryFileUploadHandler, "receive_data_chunk", spy)
    client = login_as(world.users["admin"])
    text = post(client, upload("organizations.csv", ORGS.encode() + b" " * (3 * MB))).content.decode()
    assert "organizations.csv: Filen är större än 0,1 MB" in text
    assert sum(stored) <= 100 * 1024


@override_settings(STEGVIS_IMPORT_MAX_MEMBERS=2)
def test_the_page_refuses_too_many_files_at_once(world, login_as):
    client = login_as(world.users["admin"])
    files = [upload(f"organizations{n}.csv", ORGS.encode()) for n in range(3)]
    assert "Högst 2 filer kan laddas upp på en gång." in post(client, *files).content.decode()


@override_settings(STEGVIS_IMPORT_MAX_ERRORS_SHOWN=4)
def test_the_page_lists_the_first_errors_and_says_how_many_more(world, login_as):
    client = login_as(world.users["admin"])
    rows = "".join(f"org{n},Organisation {n},planet\n" for n in range(10))
    text = post(client, upload("organizations.csv", (ORGS + rows).encode())).content.decode()
    assert "Importen avbröts: 10 fel hittades." in text
    assert "… och 6 fel till. Bara de första 4 visas" in text
    assert text.count("<tr><td>organizations.csv</td>") == 4


@override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=10)
def test_uploads_spooled_to_disk_are_streamed_and_imported(world, login_as):
    client = login_as(world.users["admin"])
    response = post(client, *(upload(name, content) for name, content in basic_files()), dry_run=False)
    assert "Importen är klar." in response.content.decode()
    assert Person.objects.filter(refs__ref="P-1").exists()


def test_the_command_refuses_a_zip_bomb_and_exits_1(db, tmp_path):
    path = tmp_path / "projekt.zip"
    path.write_bytes(bomb())
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import", str(path), stdout=out)
    assert failed.value.returncode == 1
    assert "gånger sin packade storlek" in out.getvalue()


def test_what_the_files_refer_to_is_looked_up_in_chunks(world, monkeypatch):
    """A big file's references are asked for a few at a time (SQLite limits the parameters of a query)."""
    from stegvis.exchange import importer

    assert import_sources(basic_files()).ok
    monkeypatch.setattr(importer, "IN_CHUNK", 1)
    again = import_sources(basic_files())
    assert again.ok
    assert {name: (c.created, c.updated) for name, c in again.counts.items()} == {
        "participants.csv": (0, 0),
        "enrollments.csv": (0, 0),
    }

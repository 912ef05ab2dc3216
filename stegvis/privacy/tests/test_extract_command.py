"""``stegvis person extract``: every format's content, the audit entry, nobody held, ambiguous references."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from pypdf import PdfReader

from stegvis.audit.models import AuditEntry
from stegvis.contacts.models import Contact
from stegvis.participants.models import ParticipantRef
from stegvis.privacy.extract.produce import NOBODY_OBJECT_TYPE, identifier_hash
from stegvis.privacy.tests.records import add_contacts, fill_anna

pytestmark = pytest.mark.django_db


def _extract(path, *args):
    out = io.StringIO()
    call_command("person", "extract", *args, "--output", str(path), stdout=out)
    return out.getvalue()


def _docx_text(path):
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _pdf_text(path):
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_json_has_the_sections_and_the_log(world, tmp_path):
    fill_anna(world)
    path = tmp_path / "utdrag.json"

    said = _extract(path, "850101-0204")

    data = json.loads(path.read_text(encoding="utf-8"))
    assert "skrivet till" in said
    assert data["format"] == "stegvis-registerutdrag" and data["held"] is True
    assert data["identifier"] == "19850101-0204"
    assert data["made_by"] == "Stegvis (kommandoraden)"
    section = next(s for s in data["sections"] if s["key"] == "contacts")
    assert section["title"] == "Kontakter"
    assert {"key", "label", "value"} == set(section["records"][0]["fields"][0])
    # The extract's own audit entry is in the log it prints.
    assert data["audit_trail"][-1]["action"] == "export"
    assert data["audit_trail"][-1]["who"] == "Stegvis (systemet själv)"


@pytest.mark.parametrize("suffix,read", [("docx", _docx_text), ("pdf", _pdf_text)])
def test_documents_read_in_plain_swedish(world, tmp_path, suffix, read):
    fill_anna(world)
    path = tmp_path / f"utdrag.{suffix}"

    _extract(path, "KBA-1")

    content = read(path)
    assert "Registerutdrag från Stegvis" in content
    assert "Anna" in content and "Andersson" in content
    assert "ÅVC i Öckerö" in content
    assert "Kontakter" in content and "Samtycken" in content
    assert "Vem som har läst eller ändrat uppgifterna" in content
    assert "tog ut" in content  # this extract, in its own log


def test_format_option_wins_over_the_suffix(world, tmp_path):
    path = tmp_path / "utdrag.bin"
    with pytest.raises(CommandError, match="--format"):
        _extract(path, "KBA-1")

    _extract(path, "KBA-1", "--format", "json")

    assert json.loads(path.read_bytes())["held"] is True


def test_the_extract_is_audited(world, tmp_path):
    _extract(tmp_path / "u.pdf", "19850101-0204")

    entry = AuditEntry.objects.get(action="export")
    assert entry.person == world.persons["anna"]
    assert entry.user is None
    assert "registerutdrag pdf" in entry.detail
    assert "0204" not in entry.detail


def test_nobody_held_is_still_an_extract_and_audited_without_the_number(world, tmp_path):
    path = tmp_path / "u.json"

    said = _extract(path, "19900101-0017")

    data = json.loads(path.read_bytes())
    assert data["held"] is False and data["sections"] == []
    assert "Stegvis har inga uppgifter om 19900101-0017" in data["summary"]
    assert "inga uppgifter" in said
    entry = AuditEntry.objects.get(action="export")
    assert entry.person is None and entry.object_type == NOBODY_OBJECT_TYPE
    assert entry.changes == {"identifier_hash": identifier_hash("900101-0017")}
    assert "0017" not in entry.detail + json.dumps(entry.changes).replace(identifier_hash("900101-0017"), "")


def test_nobody_held_pdf_says_so_in_words(world, tmp_path):
    path = tmp_path / "u.pdf"
    _extract(path, "okänd-referens")

    assert "Stegvis har inga uppgifter om okänd-referens" in " ".join(_pdf_text(path).split())


def test_an_ambiguous_reference_must_name_the_organisation(world, tmp_path):
    bo = world.persons["bo"]
    ParticipantRef.objects.create(person=bo, organization=world.orgs["molndal"], ref="KBA-1")
    path = tmp_path / "u.json"

    with pytest.raises(CommandError, match="--organization"):
        _extract(path, "KBA-1")
    assert not path.exists()
    assert not AuditEntry.objects.filter(action="export").exists()

    _extract(path, "KBA-1", "--organization", "molndal")
    identity = json.loads(path.read_bytes())["sections"][0]["records"][0]["fields"]
    assert {"key": "first_name", "label": "Förnamn", "value": "Bo"} in identity

    with pytest.raises(CommandError, match="ingen organisation"):
        _extract(path, "KBA-1", "--organization", "finns-inte")


def test_an_empty_identifier_is_a_clear_error(world, tmp_path):
    with pytest.raises(CommandError, match="personnummer eller en deltagarreferens"):
        _extract(tmp_path / "u.json", "  ")


def test_a_mistyped_personnummer_is_an_error_not_an_empty_extract(world, tmp_path):
    with pytest.raises(CommandError, match="kontrollsiffra"):
        _extract(tmp_path / "u.json", "19850101-0205")
    assert not (tmp_path / "u.json").exists()


def test_a_note_with_control_characters_still_makes_a_word_file(world, tmp_path):
    add_contacts(world, 1)
    Contact.objects.update(note="Inklistrad\x07 text\x0b med\ttabb")
    path = tmp_path / "u.docx"

    _extract(path, "KBA-1")

    assert "Inklistrad text med tabb" in _docx_text(path)


def test_a_protected_identity_is_found_by_reference_and_shown_without_a_number(world, tmp_path):
    ParticipantRef.objects.create(person=world.persons["cia"], organization=world.orgs["vaxjo"], ref="VX-9")
    path = tmp_path / "u.json"

    _extract(path, "VX-9")

    identity = json.loads(path.read_bytes())["sections"][0]["records"][0]["fields"]
    values = {f["key"]: f["value"] for f in identity}
    assert values["first_name"] == "Cia" and values["protected_identity"] == "Ja"
    assert "personnummer" not in values
    assert "197002020209" not in path.read_text(encoding="utf-8")

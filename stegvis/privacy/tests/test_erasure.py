"""Erasure on request from the command line: ``stegvis person anonymise ID --reason TEXT``."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from stegvis.audit.models import AuditEntry
from stegvis.core.errors import NotAllowed
from stegvis.participants.models import Person
from stegvis.privacy.actions import anonymise_on_request
from stegvis.privacy.extract.produce import make_extract
from stegvis.privacy.lookup import find_person

pytestmark = pytest.mark.django_db


def anonymise(*args):
    out = io.StringIO()
    call_command("person", "anonymise", *args, stdout=out)
    return json.loads(out.getvalue())


def test_refused_while_the_person_has_an_active_enrolment(world):
    with pytest.raises(CommandError, match="pågående inskrivning"):
        anonymise("19850101-0204", "--reason", "Begäran")
    assert Person.objects.get(pk=world.persons["anna"].pk).first_name == "Anna"


def test_forced_erasure_by_number_leaves_nothing_to_find(world):
    counts = anonymise("198501010204", "--reason", "Begäran från den registrerade", "--force")
    assert counts["persons"] == 1 and counts["person"] == world.persons["anna"].pk
    assert find_person("19850101-0204") is None
    assert find_person("KBA-1") is None
    assert not Person.objects.filter(last_name="Andersson").exists()
    for identifier in ("19850101-0204", "KBA-1"):  # a register extract for either ID holds nothing
        made = make_extract(None, identifier, "json", via="test")
        assert not made.held
        assert "Andersson" not in made.content.decode()
    entry = AuditEntry.objects.filter(person=world.persons["anna"], action="delete").get()
    assert "Begäran från den registrerade" in entry.detail
    assert "Anna" not in json.dumps(entry.changes)


def test_erasure_by_reference_needs_a_reason_and_a_known_person(world):
    with pytest.raises(CommandError, match="Ingen deltagare"):
        anonymise("OKÄND-1", "--reason", "x")
    with pytest.raises(CommandError, match="skälet"):
        anonymise("MDL-1", "--reason", " ", "--force")
    assert anonymise("MDL-1", "--organization", "molndal", "--reason", "Begäran", "--force")["persons"] == 1


def test_only_administrators_may_anonymise(world):
    with pytest.raises(NotAllowed):
        anonymise_on_request(world.users["coord_kba"], world.persons["anna"], reason="x", force=True)

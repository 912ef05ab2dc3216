"""A transfer's texts are the person's data: in the register extract, and removed by erasure."""

import io
import json

import pytest
from django.core.management import call_command

from stegvis.privacy.extract.collect import collect
from stegvis.transfers import actions
from stegvis.transfers.models import CaseTransfer
from stegvis.transfers.testing import anna_to_molndal

pytestmark = pytest.mark.django_db


def _declined(world):
    transfer = anna_to_molndal(world, note="Har flyttat till Lindome.")
    return actions.decline_transfer(
        None, transfer, version=transfer.version, reason="Lindome hör till Kungsbacka."
    )


def test_the_register_extract_has_the_transfers(world):
    _declined(world)
    extract = collect(world.persons["anna"], "KBA-1", "test")
    section = next(s for s in extract["sections"] if s["key"] == "transfers")
    values = {f["key"]: f["value"] for f in section["records"][0]["fields"]}
    assert values["note"] == "Har flyttat till Lindome." and values["status"] == "Avböjd"
    assert values["decline_reason"] == "Lindome hör till Kungsbacka."


def test_erasure_removes_the_texts_and_keeps_the_history(world):
    _declined(world)
    out = io.StringIO()
    call_command("person", "anonymise", "KBA-1", "--reason", "Begäran", "--force", stdout=out)
    json.loads(out.getvalue())
    transfer = CaseTransfer.objects.get()
    assert transfer.note == "[gallrad]" and transfer.decline_reason == ""
    assert transfer.status == "declined" and transfer.to_organization == world.orgs["molndal"]

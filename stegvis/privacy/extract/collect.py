"""Gathering a register extract into one plain structure that every format renders.

The structure is JSON as it stands (strings, lists and dicts), so :mod:`.render_json` writes
it unchanged and the documents lay out the very same content. Queries: one per section in
:mod:`.sections` plus their fixed prefetches, and one for the audit trail; never one per row.
"""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.participants.models import Person
from stegvis.privacy.extract.audit_trail import audit_trail
from stegvis.privacy.extract.sections import SECTIONS
from stegvis.privacy.extract.values import text

FORMAT_NAME = "stegvis-registerutdrag"
FORMAT_VERSION = 1


def _records(section: Any, person: Person) -> list[dict[str, Any]]:
    records = []
    for row in section.rows(person):
        values = []
        for field in section.fields:
            value = text(field.read(row))
            if value is not None:
                values.append({"key": field.key, "label": str(field.label), "value": value})
        records.append({"heading": text(section.heading(row)) or "", "fields": values})
    return records


def collect(person: Person | None, identifier: str, made_by: str) -> dict[str, Any]:
    """Everything held about ``person`` (``None``: nobody is held under ``identifier``).

    ``made_by`` names who made the extract, as it is to be printed on it.
    """
    extract: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "title": _("Registerutdrag från Stegvis"),
        "identifier": text(identifier) or "",
        "made_at": text(timezone.now()),
        "made_by": made_by,
        "held": person is not None,
        "sections": [],
        "audit_trail": [],
    }
    if person is None:
        extract["summary"] = _(
            "Stegvis har inga uppgifter om %(identifier)s. Det finns ingen deltagare registrerad med "
            "det personnumret eller den referensen, och därför inte heller någon logg över vem som har "
            "läst uppgifter om dig."
        ) % {"identifier": identifier}
        return extract
    extract["summary"] = _(
        "Här är alla uppgifter som Stegvis har om dig, sorterade efter vad de handlar om, och en "
        "lista över vilka som har läst eller ändrat uppgifterna och när. Fält utan innehåll är "
        "utelämnade."
    )
    for section in SECTIONS:
        records = _records(section, person)
        if records:
            extract["sections"].append(
                {
                    "key": section.key,
                    "title": str(section.title),
                    "intro": str(section.intro),
                    "records": records,
                }
            )
    extract["audit_trail"] = audit_trail(person)
    return extract

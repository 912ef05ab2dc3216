"""The register extract as a document: a flat list of blocks that the PDF and the Word file draw.

The wording and order of a document live here once; :mod:`.render_docx` and :mod:`.render_pdf`
only know how to draw a heading, a paragraph, a list of labelled values and a table.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Block:
    """``kind`` is ``title``, ``heading``, ``subheading``, ``paragraph``, ``fields`` or ``table``."""

    kind: str
    text: str = ""
    pairs: list[tuple[str, str]] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _audit_rows(events: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for event in events:
        what = f"{event['what']} {event['about']}"
        if event["fields"]:
            what += " (" + ", ".join(event["fields"]) + ")"
        rows.append([event["at"] or "", event["who"], what])
    return rows


def blocks(extract: dict[str, Any]) -> list[Block]:
    """The extract in reading order."""
    result = [
        Block("title", extract["title"]),
        Block(
            "paragraph",
            _("Utdraget gäller %(identifier)s. Det togs fram %(at)s av %(by)s.")
            % {"identifier": extract["identifier"], "at": extract["made_at"], "by": extract["made_by"]},
        ),
        Block("paragraph", extract["summary"]),
    ]
    if not extract["held"]:
        return result
    for section in extract["sections"]:
        result.append(Block("heading", section["title"]))
        result.append(Block("paragraph", section["intro"]))
        for record in section["records"]:
            result.append(Block("subheading", record["heading"]))
            result.append(Block("fields", pairs=[(f["label"], f["value"]) for f in record["fields"]]))
    result.append(Block("heading", _("Vem som har läst eller ändrat uppgifterna")))
    result.append(
        Block(
            "paragraph",
            _(
                "Varje gång någon i personalen läser, ändrar eller tar ut uppgifter om dig sparas det i "
                "Stegvis logg. Här är loggen, äldst först. Det här utdraget finns också med."
            ),
        )
    )
    result.append(
        Block(
            "table",
            header=[_("När"), _("Vem"), _("Vad")],
            rows=_audit_rows(extract["audit_trail"]),
        )
    )
    return result

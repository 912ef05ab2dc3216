"""The formats of a register extract: how each is rendered, its file suffix and content type."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stegvis.privacy.extract.render_docx import render_docx
from stegvis.privacy.extract.render_json import render_json
from stegvis.privacy.extract.render_pdf import render_pdf


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    content_type: str
    render: Callable[[dict[str, Any]], bytes]


FORMATS = {
    "pdf": Format("pdf", "PDF", "application/pdf", render_pdf),
    "docx": Format(
        "docx",
        "Word (DOCX)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        render_docx,
    ),
    "json": Format("json", "JSON", "application/json", render_json),
}


def format_for_file(path: str) -> str | None:
    """The format a file name's suffix names (``utdrag.pdf`` -> ``pdf``), else ``None``."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return suffix if suffix in FORMATS else None

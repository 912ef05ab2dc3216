"""The register extract as a Word document (python-docx), laid out from :mod:`.layout`."""

import io
from typing import Any

from docx import Document

from stegvis.privacy.extract.layout import blocks


def render_docx(extract: dict[str, Any]) -> bytes:
    """A .docx with headings, the values of each record as a two-column table, and the log."""
    document = Document()
    document.core_properties.title = extract["title"]
    document.core_properties.language = "sv-SE"
    for block in blocks(extract):
        if block.kind == "title":
            document.add_heading(block.text, level=0)
        elif block.kind == "heading":
            document.add_heading(block.text, level=1)
        elif block.kind == "subheading":
            document.add_heading(block.text, level=2)
        elif block.kind == "paragraph":
            document.add_paragraph(block.text)
        elif block.kind == "fields":
            table = document.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, value in block.pairs:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = label, value
        elif block.kind == "table":
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, title in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = title
            for row in block.rows:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

"""The register extract as PDF (fpdf2, pure Python), laid out from :mod:`.layout`.

The PDF core fonts cannot write every letter a name may have, so the text is set in DejaVu
Sans (:mod:`stegvis.core.fonts`): no font file is kept in this repository and nothing is needed
from the system.
"""

from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from stegvis.core.fonts import BOLD, REGULAR, font_file
from stegvis.privacy.extract.layout import blocks

FONT = "DejaVuSans"
LINE = 5.5


def _document(title: str) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_title(title)
    pdf.set_lang("sv-SE")
    pdf.set_creator("Stegvis")
    pdf.add_font(FONT, "", font_file(REGULAR))
    pdf.add_font(FONT, "B", font_file(BOLD))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    return pdf


def _text(pdf: FPDF, text: str, size: float, style: str = "", space: float = 2) -> None:
    pdf.set_font(FONT, style, size)
    pdf.multi_cell(0, LINE * size / 10, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(space)


def _table(
    pdf: FPDF, rows: list[list[str]], widths: tuple[int, ...], header: list[str] | None = None
) -> None:
    pdf.set_font(FONT, "", 9)
    with pdf.table(col_widths=widths, text_align="LEFT", first_row_as_headings=bool(header)) as table:
        for values in [header] if header else []:
            row = table.row()
            for value in values:
                row.cell(value)
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.ln(3)


def render_pdf(extract: dict[str, Any]) -> bytes:
    """An A4 PDF: headings, each record's values as a two-column table, and the log as a table."""
    pdf = _document(extract["title"])
    for block in blocks(extract):
        if block.kind == "title":
            _text(pdf, block.text, 18, "B", space=4)
        elif block.kind == "heading":
            _text(pdf, block.text, 14, "B")
        elif block.kind == "subheading":
            _text(pdf, block.text, 11, "B", space=1)
        elif block.kind == "paragraph":
            _text(pdf, block.text, 10)
        elif block.kind == "fields":
            _table(pdf, [[label, value] for label, value in block.pairs], (1, 2))
        elif block.kind == "table":
            _table(pdf, block.rows, (1, 1, 2), header=block.header)
    return bytes(pdf.output())

"""The steering-group report as a Word document: the figures, the goals, the changes, the leader's text."""

import io

from django.utils.translation import gettext as _
from docx import Document

from stegvis.reports.exports.docx_report import cell_text
from stegvis.steering.models import TEXT_FIELDS, SteeringReport


def _table(document, headings, rows, percent_columns=()):
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = str(heading)
    for row in rows:
        cells = table.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.text = value if isinstance(value, str) else cell_text(value, i in percent_columns)
    return table


def render_docx(report: SteeringReport, figures: dict, comparison: list, goals: list, parts=()) -> bytes:
    document = Document()
    document.core_properties.title = _("Styrgruppsrapport: %(project)s") % {"project": report.project.name}
    document.core_properties.language = "sv-SE"
    document.core_properties.author = "Stegvis"
    document.add_paragraph(report.project.name, style="Title")
    document.add_paragraph(
        _("Styrgruppsrapport %(from)s – %(to)s") % {"from": report.period_from, "to": report.period_to},
        style="Subtitle",
    )
    if not report.finalised:
        document.add_paragraph(_("Utkast: siffrorna är beräknade när dokumentet skapades."))
    labels = {
        name: str(getattr(SteeringReport._meta.get_field(name), "verbose_name", name)).capitalize()
        for name in TEXT_FIELDS
    }
    document.add_heading(labels["summary"], level=1)
    document.add_paragraph(report.summary or "–")
    document.add_heading(_("Nyckeltal mot förra rapporten"), level=1)
    rows = [[label, before, now, change] for label, before, now, change, _share in comparison]
    shares = {i for i, row in enumerate(comparison) if row[4]}
    table = _table(document, [_("Nyckeltal"), _("Förra rapporten"), _("Nu"), _("Förändring")], [])
    for i, row in enumerate(rows):
        cells = table.add_row().cells
        cells[0].text = str(row[0])
        for j in (1, 2, 3):
            cells[j].text = cell_text(row[j], i in shares)
    document.add_heading(_("Mål"), level=1)
    if goals:
        _table(
            document,
            [_("Mål"), _("Status förra gången"), _("Status nu"), _("Utfall"), _("Målvärde")],
            [
                [title, before or "–", now or "–", value, target]
                for title, before, now, value, target in goals
            ],
            percent_columns={3, 4},
        )
    else:
        document.add_paragraph(_("Projektet har inga mål registrerade."))
    for heading, tables in parts:
        document.add_heading(str(heading), level=1)
        for table in tables:
            document.add_heading(table.title, level=2)
            _table(document, table.columns, table.rows, table.percent_columns)
            if table.note:
                document.add_paragraph(table.note)
    document.add_heading(labels["deviations"], level=1)
    document.add_paragraph(report.deviations or "–")
    document.add_heading(labels["questions"], level=1)
    document.add_paragraph(report.questions or "–")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()

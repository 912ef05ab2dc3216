"""Opening the exported files in tests."""

import io

from docx import Document
from openpyxl import load_workbook

from stegvis.reports.exports.render import export_facts, export_tables, organization_names


def workbook(content):
    return load_workbook(io.BytesIO(content))


def document(content):
    return Document(io.BytesIO(content))


def rendered_parts(project, report):
    """The tables and facts the renderers get, as the views and the command build them."""
    names = organization_names(project)
    return export_tables(report, names), export_facts(report, names)


def sheet_rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def heading_texts(doc, level=1):
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def table_texts(doc):
    """Every table of the document as a list of rows of cell texts."""
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]

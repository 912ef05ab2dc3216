"""The export formats by name: the file's content type, the start of its name, and its renderer.

:mod:`stegvis.reports.exports.render` looks a format up here rather than importing each exporter,
so the exporters (which read the shared header facts) and the code that chooses among them import
in one direction only, and a new format is one :func:`register_export_format` call. A renderer
is named by its dotted path and imported the first time a file of that format is made, so the
JSON and text paths never load openpyxl or python-docx.

``renderer(report, tables, facts)`` returns the file's bytes: ``tables`` are the report's
:class:`~stegvis.reports.tables.Table` objects, ``facts`` the
:class:`~stegvis.reports.exports.facts.ExportFacts` of its header.
"""

from dataclasses import dataclass

from django.utils.module_loading import import_string

from stegvis.core.registry import Registry

XLSX = "xlsx"
DOCX = "docx"


@dataclass(frozen=True)
class ExportFormat:
    name: str  # also the file's extension
    content_type: str
    file_base: str  # the file name starts with this, e.g. "rapport-<project>-<date>.xlsx"
    renderer: str  # dotted path of renderer(report, tables, facts) -> bytes

    def render(self, report, tables, facts):
        return import_string(self.renderer)(report, tables, facts)


_formats: Registry[ExportFormat] = Registry("export format")


def register_export_format(name, *, content_type, file_base, renderer, order=100):
    """Offer the export format ``name``, laid out by the function at the dotted path ``renderer``."""
    _formats.register(name, ExportFormat(name, content_type, file_base, renderer), order=order)


def export_format(name):
    """The format called ``name``; ``KeyError`` if none is registered."""
    return _formats[name]


register_export_format(
    XLSX,
    content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    file_base="rapport",
    renderer="stegvis.reports.exports.xlsx_report.render_xlsx",
    order=10,
)
register_export_format(
    DOCX,
    content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    file_base="slutrapport",
    renderer="stegvis.reports.exports.docx_report.render_docx",
    order=20,
)

# ``{format: content type}`` of the built-in formats, for the download responses.
CONTENT_TYPES = {fmt.name: fmt.content_type for fmt in _formats}

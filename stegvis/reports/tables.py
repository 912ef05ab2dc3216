"""The report as tables: what the XLSX and DOCX exports (and any other tabular rendering) show.

Each part of the report that has figures registers a function turning its part of the report
dict into :class:`Table` objects. Renderers never count: they lay out what these functions
return, so the pages, the JSON, the spreadsheet and the Word draft show one computation.

A table has Swedish headings and rows of plain values: numbers stay numbers (``int``,
``float``; a share is a float 0..1 with ``percent_columns`` naming the columns, or
``percent_rows`` the rows, to show as per cent), text stays text, ``None`` is an empty cell.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from stegvis.core.registry import Registry


@dataclass
class Table:
    key: str  # stable identifier, e.g. "by_age_band"; also the base of the XLSX sheet name
    title: str  # Swedish heading (already translated)
    columns: list[str]  # Swedish column headings
    rows: list[list]
    percent_columns: set[int] = field(default_factory=set)  # column indexes holding shares 0..1
    percent_rows: set[int] = field(default_factory=set)  # row indexes holding shares (a table of figures)
    note: str = ""  # a sentence under the table: definition, source, caveat

    def is_percent(self, row, column):
        """Whether the cell at ``row``, ``column`` (indexes into ``rows``) holds a share."""
        return column in self.percent_columns or row in self.percent_rows


@dataclass(frozen=True)
class TableProvider:
    name: str
    func: Callable  # func(report) -> list[Table]; returns [] when its part is missing
    order: int


_providers: Registry[TableProvider] = Registry("table provider")


def register_tables(name, func, order=100):
    """Register ``func(report) -> list[Table]`` for the part ``name`` of the report."""
    _providers.register(name, TableProvider(name, func, order), order=order)


def tables_of(report, *names):
    """The tables of the named parts only (e.g. ``"after_exit"`` for a page section)."""
    tables = []
    for name in names:
        provider = _providers.get(name)
        if provider is not None:
            tables.extend(provider.func(report))
    return tables


def report_tables(report):
    """Every table of ``report``, in order."""
    tables = []
    for provider in _providers:
        tables.extend(provider.func(report))
    return tables

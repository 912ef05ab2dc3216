"""Tables whose cells are written by their own render methods, called directly.

django-tables2 renders every cell on its own: it resolves the column's accessor, inspects the
render method's signature to know how to call it, works out the cell's attributes and renders a
date column through a template of its own. For the 25 to a few hundred rows of a staff list
that is most of the page's time once the database has answered (at a million participants,
more than the queries). A :class:`DirectTable` keeps django-tables2's columns, headers, sorting
and paging, and writes each cell with its ``render_<column>(record)``, one call per cell: the
table's render methods are then the one statement of what a cell shows. Every column needs
one; attributes of a cell may not depend on its row.
"""

from collections.abc import Iterator
from typing import Any

import django_tables2 as tables
from django.utils import dateformat, timezone


def date_text(value: Any, format: str = "Y-m-d") -> str:
    """A date, or a moment in the local time zone, as the date columns show it ("" for none)."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, format)


class DirectTable(tables.Table):  # type: ignore[misc]  # django-tables2 has no type hints
    """A table rendered by ``core/table_direct.html``, cell by cell through ``render_<column>``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("template_name", "core/table_direct.html")
        super().__init__(*args, **kwargs)

    def direct_rows(self) -> Iterator[tuple[str, list[tuple[str, Any]]]]:
        """``(row attributes, [(cell attributes, cell), ...])`` for each row of this page."""
        columns = [
            (column.attrs["td"].as_html(), getattr(self, f"render_{column.name}")) for column in self.columns
        ]
        for row in self.paginated_rows:
            record = row.record
            yield row.attrs.as_html(), [(attrs, render(record=record)) for attrs, render in columns]

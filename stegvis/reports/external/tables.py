"""The SUS list as a django-tables2 table: sortable by what every row shows, paginated in the database."""

import datetime

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from stegvis.participants import personnummer as pnr
from stegvis.reports.external import sus

NUMBER_COLUMNS = {"birth_year", "age", "work_extent_start", "work_extent_exit"}
NO_WRAP_COLUMNS = {"pseudonym", "personnummer", "start_date", "end_date"}


class SusColumn(tables.Column):
    """A column that shows one key of :func:`stegvis.reports.external.sus.row`."""

    def __init__(self, column):
        self.key = column.key
        attrs = {}
        if column.key in NUMBER_COLUMNS:
            attrs = {"td": {"class": "num"}, "th": {"class": "num"}}
        elif column.key in NO_WRAP_COLUMNS:
            attrs = {"td": {"class": "nowrap"}}
        super().__init__(
            verbose_name=column.label,
            empty_values=(),
            accessor=column.order_by or column.key,
            orderable=column.order_by is not None,
            order_by=(column.order_by, "pk") if column.order_by else None,
            attrs=attrs,
        )

    def render(self, record, table):
        value = table.row_of(record)[self.key]
        if value is None or value == "":
            return "–"
        if isinstance(value, datetime.date):
            return value.isoformat()
        if self.key == "personnummer":
            return pnr.mask(value.replace("-", ""))  # full numbers only in the downloads
        return value


class SusTableBase(tables.Table):
    caption = _("SUS-lista")

    class Meta:
        empty_text = _("Inga inskrivningar i urvalet.")
        attrs = {"class": "table", "id": "sus-table"}

    def __init__(self, data, *, pseudonymised, **kwargs):
        self.pseudonymised = pseudonymised
        self._rows = {}
        super().__init__(data, **kwargs)

    def row_of(self, record):
        key = record["pk"]
        if key not in self._rows:
            self._rows[key] = sus.row(record, self.pseudonymised)
        return self._rows[key]


def sus_table(data, pseudonymised):
    """A table class with the columns the user may see (the pseudonymised list has no identity columns)."""
    attrs = {column.key: SusColumn(column) for column in sus.columns(pseudonymised)}
    attrs["Meta"] = SusTableBase.Meta  # django-tables2 does not inherit Meta by itself
    table_class = type("SusTable", (SusTableBase,), attrs)
    return table_class(data, pseudonymised=pseudonymised, order_by=("start_date",))

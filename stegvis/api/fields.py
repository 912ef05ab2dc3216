"""Serializer fields the API shares."""

from collections.abc import Callable
from typing import Any

import django_filters
from django import forms
from django.db.models import Subquery
from django_countries import countries
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field({"type": "string", "description": "ISO 3166-1 alfa-2, t.ex. SE; tomt om okänt."})
class CountryCodeField(serializers.ChoiceField):
    """A country as its two-letter code (the schema gives the rule, not 249 names)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_blank", True)
        super().__init__(choices=[code for code, _name in countries], **kwargs)

    def to_representation(self, value: Any) -> str:
        return str(getattr(value, "code", value) or "")

    @staticmethod
    def plain_reader(name: str) -> Callable[[Any], str]:
        """The stored code, read past django-countries' descriptor (which builds a ``Country``
        with its translated name for every read): for :mod:`stegvis.api.listing`."""

        def read(row: Any) -> str:
            if name not in row.__dict__:
                return str(getattr(row, name).code or "")  # deferred: the descriptor loads it
            return str(row.__dict__[name] or "")

        return read


#: The largest id a database stores (a 64-bit signed integer); a larger number names no row.
LARGEST_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A row's id in a query string: a whole number from 1 to :data:`LARGEST_ID`, else a 400.

    The plain number filter takes any decimal, and a number past the database's integer makes
    the query itself fail (SQLite raises on it) instead of naming the parameter.
    """

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_ID)
        super().__init__(*args, **kwargs)


class CodeFilter(django_filters.CharFilter):
    """A related row named by its code (``?project=vagval``), compared on the foreign key itself.

    ``project__code`` would join the related table and leave PostgreSQL to walk the rows in id
    order, testing each row's project; the key as a scalar subquery lets it read the rows of that
    project from the index on ``(project, id)`` and stop after a page. A code that names no row
    matches nothing, as the join did.
    """

    def __init__(self, *args: Any, related: Any, slug_field: str = "code", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.related, self.slug_field = related, slug_field

    def filter(self, qs: Any, value: Any) -> Any:
        if value in EMPTY_VALUES:
            return qs
        key = self.related.objects.filter(**{self.slug_field: value}).order_by().values("pk")[:1]
        return qs.filter(**{f"{self.field_name}_id": Subquery(key)})

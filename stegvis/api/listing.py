"""Serialising a page of rows without DRF's per-field machinery, to the same JSON.

A list answer is rows × fields calls of ``field.get_attribute`` and ``field.to_representation``;
at a thousand rows of forty-five fields that is most of the request. :class:`PlainListSerializer`
decides once per answer how each field is read (one attribute) and converted: text, whole
numbers and truths a model field already holds in the answer's type are passed through, and
a key or a code of a related row is read without DRF's wrapping, a field may offer its own
``plain_reader(name)``, and every other field keeps its own ``to_representation``. The result is the one DRF gives, which a
test checks for every list serializer of the API. Rows already made as dicts (an import job's
status) are left to DRF.
"""

from collections.abc import Callable, Iterable, Mapping
from operator import attrgetter
from typing import Any

from django.db import models
from rest_framework import serializers
from rest_framework.relations import (
    ManyRelatedField,
    PKOnlyObject,
    PrimaryKeyRelatedField,
    RelatedField,
    SlugRelatedField,
)

#: Fields whose ``to_representation`` of a model's value is the value itself (exact types only:
#: a subclass may convert).
PASSED_THROUGH = (
    serializers.CharField,
    serializers.IntegerField,
    serializers.BooleanField,
    serializers.EmailField,
)

Reader = Callable[[Any], Any]


def _reader(field: serializers.Field) -> Reader:
    """How one field's value is read from a row, as ``Serializer.to_representation`` would."""
    attrs = field.source_attrs
    plain = getattr(field, "plain_reader", None)
    if plain is not None and len(attrs) == 1:
        reader: Reader = plain(attrs[0])
        return reader
    if type(field) is PrimaryKeyRelatedField and field.pk_field is None and len(attrs) == 1:
        # DRF reads only the key (``PKOnlyObject``): the foreign key's own column.
        return attrgetter(f"{attrs[0]}_id")
    if type(field) is SlugRelatedField and len(attrs) == 1 and "__" not in field.slug_field:
        return _slug_reader(attrs[0], field.slug_field)
    if field.source == "*" or len(attrs) != 1 or isinstance(field, (RelatedField, ManyRelatedField)):
        # Other relations (to-many, nested sources): DRF's own way.
        return lambda row: _drf_value(field, row)
    get = attrgetter(attrs[0])
    if type(field) in PASSED_THROUGH:
        return get
    convert = field.to_representation

    def read(row: Any) -> Any:
        value = get(row)
        return None if value is None else convert(value)

    return read


def _slug_reader(name: str, slug_field: str) -> Reader:
    """A related row (loaded with ``select_related``) named by one of its fields, or ``None``."""
    get, slug = attrgetter(name), attrgetter(slug_field)

    def read(row: Any) -> Any:
        related = get(row)
        return None if related is None else slug(related)

    return read


def _drf_value(field: serializers.Field, row: Any) -> Any:
    """DRF's own reading of a field (nested sources, ``source="*"``)."""
    attribute = field.get_attribute(row)
    check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
    return None if check is None else field.to_representation(attribute)


class PlainListSerializer(serializers.ListSerializer):
    """A list serializer giving DRF's output by a plan made once per answer (module docstring)."""

    def to_representation(self, data: Iterable[Any]) -> list[dict[str, Any]]:
        rows = list(data.all() if isinstance(data, models.manager.BaseManager) else data)
        if rows and isinstance(rows[0], Mapping):
            return super().to_representation(rows)  # rows made as dicts: DRF reads them by key
        plan = [(field.field_name, _reader(field)) for field in self.child._readable_fields]
        return [{name: read(row) for name, read in plan} for row in rows]

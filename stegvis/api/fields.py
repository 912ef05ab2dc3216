"""Serializer fields the API shares."""

from typing import Any

from django_countries import countries
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

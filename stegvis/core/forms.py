"""Forms and widgets every app uses: the date field."""

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """The browser's own date picker, with the ISO date it expects (whatever the language)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")

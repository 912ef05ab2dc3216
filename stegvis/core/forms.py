"""Widgets every app uses: the date field and the search box."""

from typing import TYPE_CHECKING, Any

from django import forms

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class DateInput(forms.DateInput):
    """The browser's own date picker, with the ISO date it expects (whatever the language)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class SearchInput(forms.TextInput):
    """A search box: the browser's search field (clear button, Enter submits) without autofill."""

    input_type = "search"

    def __init__(self, placeholder: "StrOrPromise" = "", attrs: dict[str, Any] | None = None) -> None:
        base: dict[str, Any] = {"autocomplete": "off"}
        if placeholder:
            base["placeholder"] = placeholder
        super().__init__({**base, **(attrs or {})})

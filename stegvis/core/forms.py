"""Widgets every app uses: the date field, the search box and the long drop-down."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

if TYPE_CHECKING:
    from django.utils.safestring import SafeString
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


class LongSelect(forms.Select):
    """A drop-down of many options (every coordinator, every account), rendered in Python.

    Django renders each option of a select through a template of its own: for the 2,000
    coordinators of a large register that is about a second of every page the filter is on.
    This widget writes the same ``<select>`` markup directly. Flat choices only (no groups).
    A list page's filter form uses it for its short drop-downs too: they are drawn on every page
    of the list, and at a few milliseconds each they add up to a good part of a page's time.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> "SafeString":
        final_attrs = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    "" if v is None else v,
                    mark_safe(" selected") if str("" if v is None else v) in chosen else "",
                    label,
                )
                for v, label in self.choices
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)


class VersionedForm(forms.Form):
    """A form whose fields are an action's arguments, and which, editing, carries the row's version.

    ``action_field_names`` are the fields passed on to the action (``action_fields``), so a view
    does not repeat the list; ``text_fields`` among them are passed as ``""`` when left empty.
    A form made with ``editing=True`` keeps the hidden ``version`` it was opened with (see
    :func:`stegvis.core.concurrency.save_versioned`); a form that adds a row has none.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    action_field_names: tuple[str, ...] = ()
    text_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["version"]

    def action_fields(self) -> dict[str, Any]:
        fields = {name: self.cleaned_data.get(name) for name in self.action_field_names}
        for name in self.text_fields:
            fields[name] = fields[name] or ""
        return fields

    @classmethod
    def initial_for(cls, obj: Any) -> dict[str, Any]:
        """The form's initial values from the row ``obj``, its version included."""
        initial = {name: getattr(obj, name) for name in cls.action_field_names}
        initial["version"] = obj.version
        return initial

"""Forms and widgets every app uses: the login form and the date field."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Användarnamn"), widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Lösenord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Fel användarnamn eller lösenord. Efter flera misslyckade försök spärras inloggningen en stund."
        ),
        "inactive": _("Kontot är inaktiverat."),
    }


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

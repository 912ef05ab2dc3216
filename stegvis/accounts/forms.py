"""Forms of the login pages where allauth's own need a change: the login and the reset request.

The login form is allauth's, with the field names and Swedish labels Stegvis always had.

allauth calls its user-name field ``login``; here it stays ``username`` (what password managers,
the lock-out's ``AXES_USERNAME_FORM_FIELD`` and every existing login helper send), and is handed
to allauth as ``login`` when the form is cleaned.
"""

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields.pop("login")
        username.label = _("Användarnamn")
        username.widget.attrs = {"autofocus": True, "autocomplete": "username"}
        password = self.fields.pop("password")
        password.label = _("Lösenord")
        password.help_text = ""
        password.widget.attrs = {"autocomplete": "current-password"}
        self.fields = {"username": username, "password": password, **self.fields}

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip()

    def clean(self) -> dict[str, Any]:
        if "username" in self.cleaned_data:
            self.cleaned_data["login"] = self.cleaned_data["username"]
        cleaned: dict[str, Any] = super().clean()
        return cleaned


class ResetPasswordForm(AllauthResetPasswordForm):
    """allauth's request for a reset link, sent only to the address the account has now.

    allauth also looks in its own table of addresses, which can keep an address an
    administrator has since replaced; Stegvis keeps a staff member's address on the account
    alone (set on the administration pages), so only that address gets a link. The answer is
    the same whether or not an account has the address.
    """

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip()
        self.users = list(get_user_model().objects.filter(email__iexact=email, is_active=True))
        return email

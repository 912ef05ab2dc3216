"""Forms of the login pages where allauth's own need a change (the login and the reset request),
and the single sign-on page's form for a group that gives a role.

The login form is allauth's, with the field names and Swedish labels Stegvis always had.

allauth calls its user-name field ``login``; here it stays ``username`` (what password managers,
the lock-out's ``AXES_USERNAME_FORM_FIELD`` and every existing login helper send), and is handed
to allauth as ``login`` when the form is cleaned.
"""

from typing import TYPE_CHECKING, Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from stegvis.accounts.models import MAPPABLE_ROLES
from stegvis.organizations.models import Organization, Project

if TYPE_CHECKING:
    from stegvis.accounts.sso_providers import ConfiguredProvider


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


class GroupRoleMappingForm(forms.Form):
    """A group at an identity provider that gives a role (the single sign-on administration page)."""

    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.order_by("name"),
        empty_label=_("Välj organisation"),
    )
    provider = forms.ChoiceField(label=_("Inloggningstjänst"))
    group = forms.CharField(
        label=_("Grupp"),
        max_length=255,
        help_text=_(
            "Som inloggningstjänsten skickar den: i Entra ID gruppens objekt-id, i Keycloak gruppens "
            "sökväg (t.ex. /stegvis/handlaggare), i ADFS gruppens namn."
        ),
    )
    role = forms.ChoiceField(label=_("Roll"), choices=[("", _("Välj roll")), *MAPPABLE_ROLES])
    project = forms.ModelChoiceField(
        label=_("Projekt"),
        queryset=Project.objects.order_by("name"),
        required=False,
        empty_label=_("Alla organisationens projekt"),
        help_text=_("Krävs för projektledare och utvärderare. För handläggare: tomt betyder alla projekt."),
    )

    def __init__(self, *args: Any, providers: "list[ConfiguredProvider]", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field = self.fields["provider"]
        assert isinstance(choice_field, forms.ChoiceField)
        choice_field.choices = [(p.key, f"{p.name} ({p.protocol})") for p in providers]

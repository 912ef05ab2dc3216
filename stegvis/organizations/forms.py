"""Forms of the administration pages.

Plain forms rather than ModelForms, for the same reason as in the participant pages: a
ModelForm would validate and save the model itself and bypass the actions in
:mod:`stegvis.organizations.actions`, which do the checks that matter and write the audit log.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import DateInput
from stegvis.organizations.models import (
    DEFAULT_MIN_CELL,
    MIN_CELL_HIGHEST,
    MIN_CELL_LOWEST,
    Funder,
    Organization,
    OrganizationKind,
    Project,
    Role,
)


def _blank(choices, label):
    return [("", label)] + list(choices)


def _not_reserved(code, *reserved):
    """A code that equals a page's own address (``ny``; ``jamfor``, the comparison of projects
    beside the project reports) would make that record's page unreachable."""
    if code in reserved:
        raise forms.ValidationError(_("Koden %(code)s är reserverad; välj en annan.") % {"code": code})
    return code


class TokenForm(forms.Form):
    """Carries the ``updated_at`` the page showed, so a stale save becomes a conflict."""

    token = forms.CharField(widget=forms.HiddenInput, required=False)


# --- Organisations -------------------------------------------------------------------------------


class OrganizationForm(TokenForm):
    code = forms.SlugField(
        label=_("Kod"),
        max_length=64,
        help_text=_(
            "Kort och unik, t.ex. kungsbacka. Bokstäverna a–z, siffror och bindestreck. "
            "Koden används vid import och export och kan inte ändras senare."
        ),
    )
    name = forms.CharField(label=_("Namn"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ"), choices=_blank(OrganizationKind.choices, _("Välj typ")))
    require_two_factor = forms.BooleanField(
        label=_("Kräv tvåfaktorsinloggning"),
        required=False,
        help_text=_(
            "All personal med en roll i organisationen (och projektledare och utvärderare i projekt "
            "som organisationen äger) måste logga in med lösenord och en engångskod från en "
            "autentiseringsapp. Gäller från nästa inloggning."
        ),
    )
    minsida_eid = forms.BooleanField(
        label=_("Min sida med e-legitimation"),
        required=False,
        help_text=_(
            "Deltagare kan logga in på Min sida med BankID eller Freja eID och ser då sina pågående "
            "inskrivningar i organisationen. Kräver att servern har en inloggningstjänst för "
            "e-legitimation (STEGVIS_MINSIDA_OIDC_SERVER_URL)."
        ),
    )
    min_cell = forms.IntegerField(
        label=_("Minsta cellstorlek"),
        min_value=MIN_CELL_LOWEST,
        max_value=MIN_CELL_HIGHEST,
        initial=DEFAULT_MIN_CELL,
        required=False,
        help_text=_(
            'Antal under detta visas som "<N" i rapporter och exporter med dolda små tal, '
            "för projekt som organisationen äger. Utvärderare ser alltid dolda små tal."
        ),
    )

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organization is not None:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Koden kan inte ändras.")

    def clean_code(self):
        return _not_reserved(self.cleaned_data["code"], "ny")


# --- Projects ------------------------------------------------------------------------------------


class PartnersField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class ProjectForm(TokenForm):
    """Everything about a project. A project leader gets only partners and threshold enabled."""

    code = forms.SlugField(
        label=_("Kod"),
        max_length=64,
        help_text=_(
            "Kort och unik, t.ex. helhetslyftet. Används vid import och export och kan inte ändras senare."
        ),
    )
    name = forms.CharField(label=_("Namn"), max_length=200)
    owner = forms.ModelChoiceField(
        label=_("Projektägare"),
        queryset=Organization.objects.order_by("name"),
        empty_label=_("Välj organisation"),
    )
    start_date = forms.DateField(label=_("Startdatum"), widget=DateInput)
    end_date = forms.DateField(label=_("Slutdatum"), widget=DateInput, required=False)
    funder = forms.ChoiceField(
        label=_("Finansiär"), choices=_blank(Funder.choices, _("Ej angiven")), required=False
    )
    partners = PartnersField(
        label=_("Samverkansparter"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        help_text=_("Organisationer som får skriva in deltagare i projektet. Projektägaren är alltid med."),
    )
    progression_threshold = forms.DecimalField(
        label=_("Gräns för oförändrad progression"),
        min_value=0,
        max_value=99.99,
        decimal_places=2,
        initial=0,
        help_text=_("En förändring som inte är större än gränsen räknas som oförändrad, t.ex. 0,5."),
    )

    admin_fields = ("code", "name", "owner", "start_date", "end_date", "funder")

    def __init__(self, *args, project=None, full=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.full = full
        if project is not None:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("Koden kan inte ändras.")
        if project is not None and not full:
            # The owner cannot change here, so it need not be offered as a partner.
            self.fields["partners"].queryset = Organization.objects.exclude(pk=project.owner_id).order_by(
                "name"
            )
        if not full:
            for name in self.admin_fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Bara en administratör kan ändra detta.")

    def clean_code(self):
        return _not_reserved(self.cleaned_data["code"], "nytt", "jamfor")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if self.full and start and end and end < start:
            self.add_error("end_date", _("Slutdatum kan inte vara före startdatum."))
        return data

    @staticmethod
    def initial_for(project):
        from stegvis.organizations.actions import token_of

        return {
            "code": project.code,
            "name": project.name,
            "owner": project.owner_id,
            "start_date": project.start_date,
            "end_date": project.end_date,
            "funder": project.funder,
            "partners": [org.pk for org in project.partners.all()],
            "progression_threshold": project.progression_threshold,
            "token": token_of(project),
        }


class NeedGroupForm(forms.Form):
    name = forms.CharField(label=_("Ny behovsgrupp"), max_length=100)


class RenameNeedGroupForm(forms.Form):
    group = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Nytt namn"), max_length=100)


# --- Staff ---------------------------------------------------------------------------------------


class PasswordField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text=_(
                "Minst 12 tecken; inte ett vanligt lösenord, inte bara siffror och inte likt användarnamnet."
            ),
            **kwargs,
        )


class PasswordPairMixin(forms.Form):
    """The password typed twice, so a typing mistake does not lock the user out."""

    def clean(self):
        data = super().clean()
        if (
            data.get("password")
            and data.get("password_again") is not None
            and data["password"] != data["password_again"]
        ):
            self.add_error("password_again", _("Lösenorden är inte lika."))
        return data


class StaffNameForm(forms.Form):
    first_name = forms.CharField(label=_("Förnamn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)


class StaffCreateForm(PasswordPairMixin, StaffNameForm):
    username = forms.CharField(
        label=_("Användarnamn"),
        max_length=150,
        help_text=_("Bokstäver, siffror och tecknen @ . + - _. Används vid inloggning."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    password = PasswordField(label=_("Lösenord"))
    password_again = forms.CharField(
        label=_("Lösenordet igen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    field_order = ["username", "first_name", "last_name", "email", "password", "password_again"]


class StaffPasswordForm(PasswordPairMixin):
    password = PasswordField(label=_("Nytt lösenord"))
    password_again = forms.CharField(
        label=_("Nytt lösenord igen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class GrantRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Roll"), choices=_blank(Role.choices, _("Välj roll")))
    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label=_("Ingen"),
        help_text=_("Krävs för handläggare/koordinator."),
    )
    project = forms.ModelChoiceField(
        label=_("Projekt"),
        queryset=Project.objects.order_by("name"),
        required=False,
        empty_label=_("Alla projekt"),
        help_text=_("Krävs för projektledare. För handläggare och utvärderare: tomt betyder alla projekt."),
    )

    def scope(self):
        """Organisation and project as the role uses them: an administrator's role has neither."""
        data = self.cleaned_data
        if data["role"] == Role.ADMINISTRATOR:
            return None, None
        if data["role"] in (Role.PROJECT_LEADER, Role.EVALUATOR):
            return None, data.get("project")
        return data.get("organization"), data.get("project")

"""Forms of the employer pages. They only shape input; the actions validate (and normalise) and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import DateInput, VersionedForm
from stegvis.employers.actions import EMPLOYER_FIELDS
from stegvis.employers.models import AgreementKind, Channel, ContactPerson, Industry
from stegvis.organizations.models import Organization
from stegvis.participants.municipalities import municipality_name


def _blank(choices, label):
    return [("", label)] + list(choices)


class EmployerForm(VersionedForm):
    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.none(), empty_label=None
    )
    name = forms.CharField(label=_("Namn"), max_length=200)
    org_number = forms.CharField(
        label=_("Organisationsnummer"), max_length=20, required=False, help_text=_("T.ex. 556036-0793.")
    )
    industry = forms.ChoiceField(
        label=_("Bransch (SNI)"), choices=_blank(Industry.choices, _("Ingen vald")), required=False
    )
    street_address = forms.CharField(label=_("Gatuadress"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postnummer"), max_length=10, required=False)
    city = forms.CharField(label=_("Postort"), max_length=100, required=False)
    municipality = forms.CharField(
        label=_("Kommun"), max_length=100, required=False, help_text=_("Namn eller SCB:s kommunkod.")
    )
    note = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    active = forms.BooleanField(label=_("Aktiv"), required=False, initial=True)

    action_field_names = EMPLOYER_FIELDS
    text_fields = ("org_number", "industry", "street_address", "postal_code", "city", "municipality", "note")

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is None:  # editing: the organisation that keeps an employer does not change
            del self.fields["organization"]
        else:
            self.fields["organization"].queryset = organizations

    @classmethod
    def initial_for(cls, obj):
        initial = super().initial_for(obj)
        initial["municipality"] = municipality_name(obj.municipality)
        return initial


class ContactPersonForm(VersionedForm):
    name = forms.CharField(label=_("Namn"), max_length=200)
    role = forms.CharField(
        label=_("Roll"), max_length=200, required=False, help_text=_("T.ex. handledare, HR.")
    )
    phone = forms.CharField(label=_("Telefon"), max_length=32, required=False)
    email = forms.CharField(label=_("E-post"), max_length=254, required=False)
    active = forms.BooleanField(label=_("Aktiv"), required=False, initial=True)

    action_field_names = ("name", "role", "phone", "email", "active")
    text_fields = ("role", "phone", "email")


class AgreementForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Typ av avtal"), choices=_blank(AgreementKind.choices, _("Välj typ")))
    valid_from = forms.DateField(label=_("Gäller från"), widget=DateInput)
    valid_to = forms.DateField(
        label=_("Gäller till"),
        widget=DateInput,
        required=False,
        help_text=_("Lämna tomt om det gäller tills vidare."),
    )
    note = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    action_field_names = ("kind", "valid_from", "valid_to", "note")
    text_fields = ("note",)


class ContactLogForm(VersionedForm):
    date = forms.DateField(label=_("Datum"), widget=DateInput)
    channel = forms.ChoiceField(label=_("Kanal"), choices=_blank(Channel.choices, _("Välj kanal")))
    contact_person = forms.ModelChoiceField(
        label=_("Kontaktperson"),
        queryset=ContactPerson.objects.none(),
        required=False,
        empty_label=_("Ingen vald"),
    )
    note = forms.CharField(label=_("Anteckning"), widget=forms.Textarea(attrs={"rows": 3}))
    next_step_date = forms.DateField(
        label=_("Nästa steg"),
        widget=DateInput,
        required=False,
        help_text=_("När ni ska höras igen, om det är bestämt."),
    )

    action_field_names = ("date", "channel", "contact_person", "note", "next_step_date")

    def __init__(self, *args, employer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = ContactPerson.objects.filter(employer=employer, active=True)

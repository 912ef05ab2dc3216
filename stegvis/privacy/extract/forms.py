"""The staff page's form: who the extract is about, and (for a shared reference) which organisation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.organizations.models import Organization


class ExtractForm(forms.Form):
    identifier = forms.CharField(
        label=_("Personnummer eller deltagarreferens"),
        max_length=64,
        help_text=_("T.ex. 19850101-1234, eller den referens organisationen använder för personen."),
        error_messages={"required": _("Ange ett personnummer eller en deltagarreferens.")},
    )
    organization = forms.ModelChoiceField(
        queryset=Organization.objects.order_by("name"),
        required=False,
        label=_("Organisation"),
        empty_label=_("Alla organisationer"),
        help_text=_("Behövs bara när flera organisationer använder samma referens."),
    )

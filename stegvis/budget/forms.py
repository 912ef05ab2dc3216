"""The forms of the budget pages that are not grids: the cost file and a co-financing rate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.budget.models import RateKind
from stegvis.core.forms import DateInput


class CostFileForm(forms.Form):
    file = forms.FileField(
        label=_("Fil från ekonomisystemet (CSV)"),
        help_text=_("Kolumner: month (ÅÅÅÅ-MM), category (kostnadsslagets kod), amount (kronor), note."),
    )


class RateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Sats"), choices=RateKind.choices)
    valid_from = forms.DateField(label=_("Gäller från"), widget=DateInput)
    # Text, so "125,50" reaches the action, which gives the message naming the field.
    amount = forms.CharField(label=_("Belopp (kr)"), max_length=40)
    basis = forms.CharField(
        label=_("Underlag"),
        required=False,
        max_length=300,
        help_text=_("Varifrån satsen kommer, t.ex. Försäkringskassans schablon för aktivitetsstöd."),
    )
    version = forms.CharField(required=False, widget=forms.HiddenInput)

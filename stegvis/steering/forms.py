import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import DateInput


def last_whole_quarter(today=None):
    """``(first day, last day)`` of the last quarter that has ended."""
    today = today or timezone.localdate()
    first_of_this = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last = first_of_this - datetime.timedelta(days=1)
    return datetime.date(last.year, 3 * ((last.month - 1) // 3) + 1, 1), last


class NewReportForm(forms.Form):
    period_from = forms.DateField(label=_("Från och med"), widget=DateInput)
    period_to = forms.DateField(
        label=_("Till och med"), widget=DateInput, help_text=_("Förvalt: förra kvartalet.")
    )


class TextsForm(forms.Form):
    summary = forms.CharField(
        label=_("Sammanfattning"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    deviations = forms.CharField(
        label=_("Avvikelser och åtgärder"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vad avviker från planen sedan förra rapporten, och vad görs åt det."),
    )
    questions = forms.CharField(
        label=_("Frågor och beslut till styrgruppen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

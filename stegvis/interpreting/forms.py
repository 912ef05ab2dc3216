"""The form of the self-assessment screen: the measuring page's answer form, without its choices.

On this screen the card, the respondent and the source are given: the participant answers the
project's card themselves, in the meeting. ``card`` carries the card the page showed, so answers
given to one version are never saved against another made while the page was open.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.progression.measuring.forms import MeasurementForm
from stegvis.progression.models import Instrument, Respondent


class InterpreterMeasurementForm(MeasurementForm):
    card = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(
            *args,
            instrument=instrument,
            respondent=Respondent.PARTICIPANT,
            instruments=Instrument.objects.none(),
            **kwargs,
        )
        for name in ("instrument", "respondent", "source", "version"):
            del self.fields[name]

    def clean(self):
        data = super().clean()
        if data.get("card") != self.instrument_obj.pk:
            raise forms.ValidationError(
                _("Frågorna har ändrats sedan sidan öppnades. Kontrollera svaren och spara igen.")
            )
        return data

"""Forms of the measuring pages.

The answer form is built from the instrument's items at run time (instruments are data), one
radio group per item, so every answer is a native radio group: arrow keys move within it and
Tab moves to the next question, which keeps registration fast enough for a meeting.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.organizations.models import Project
from stegvis.progression.models import LEVELS, Framework, Instrument, Respondent, Source

DONT_KNOW = "vet-inte"
STAFF_SOURCES = [(Source.MEETING.value, Source.MEETING.label), (Source.PAPER.value, Source.PAPER.label)]


def item_field_name(item):
    return f"q_{item.code}"


class ScaleRadioSelect(forms.RadioSelect):
    template_name = "progression/measuring/widgets/scale.html"
    option_template_name = "progression/measuring/widgets/scale_option.html"


class MeasurementForm(forms.Form):
    """Instrument, perspective, date and source, then one field per item of the chosen instrument.

    ``instrument`` and ``respondent`` are fixed when the form is made (they decide which items
    and texts are shown); changing them reloads the page with the new card.
    """

    instrument = forms.ModelChoiceField(label=_("Kort"), queryset=Instrument.objects.none(), empty_label=None)
    respondent = forms.ChoiceField(label=_("Vem svarar"), choices=Respondent.choices)
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.ChoiceField(label=_("Hur"), choices=STAFF_SOURCES)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, instrument, respondent, instruments, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument_obj = instrument
        self.respondent_value = respondent
        self.fields["instrument"].queryset = instruments
        self.editing = editing
        if editing:
            for name in ("instrument", "respondent", "source"):
                self.fields[name].disabled = True
                self.fields[name].required = False
        self.item_rows = []
        for item in instrument.items.all():
            choices = [(str(v), str(v)) for v in range(item.scale_min, item.scale_max + 1)]
            if instrument.allow_dont_know:
                choices.append((DONT_KNOW, _("Vet inte")))
            text = item.staff_text if respondent == Respondent.STAFF and item.staff_text else item.text
            name = item_field_name(item)
            self.fields[name] = forms.ChoiceField(
                label=text,
                choices=choices,
                required=False,
                widget=ScaleRadioSelect,
            )
            self.item_rows.append({"item": item, "name": name, "text": text})

    def bound_items(self):
        """Each item with its bound field, for the template's table of questions."""
        return [{**row, "field": self[row["name"]]} for row in self.item_rows]

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day and day > datetime.date.today():
            raise forms.ValidationError(_("Datumet kan inte vara i framtiden."))
        return day

    def answers(self):
        """``{item_code: value or None}`` for the action; 'vet inte' and unanswered are both None."""
        result = {}
        for row in self.item_rows:
            raw = self.cleaned_data.get(row["name"]) or ""
            result[row["item"].code] = None if raw in ("", DONT_KNOW) else int(raw)
        return result

    def add_item_error(self, code, message):
        for row in self.item_rows:
            if row["item"].code == code:
                self.add_error(row["name"], message)
                return True
        return False


class LanguageLevelForm(forms.Form):
    framework = forms.ChoiceField(label=_("Ramverk"), choices=Framework.choices, widget=forms.RadioSelect)
    level = forms.ChoiceField(
        label=_("Nivå"),
        choices=[
            (str(Framework.SFI.label), [(lv, lv) for lv in LEVELS[Framework.SFI]]),
            (str(Framework.CEFR.label), [(lv, lv) for lv in LEVELS[Framework.CEFR]]),
        ],
        help_text=_("SFI: kurs A–D. GERS/CEFR: A1–C2."),
    )
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        framework, level = data.get("framework"), data.get("level")
        if framework and level and level not in LEVELS[framework]:
            self.add_error("level", _("Nivån hör inte till det valda ramverket."))
        return data


class ProgressionSettingsForm(forms.Form):
    primary_instrument_code = forms.ChoiceField(label=_("Huvudinstrument"))
    interval_months = forms.IntegerField(
        label=_("Mät var … månad"),
        min_value=1,
        max_value=24,
        help_text=_("Räknat från inskrivningens startdatum. Första mätningen görs inom 30 dagar från start."),
    )
    progression_threshold = forms.DecimalField(
        label=_("Gräns för ”oförändrad”"),
        min_value=0,
        max_digits=4,
        decimal_places=2,
        help_text=_("En förändring av medelvärdet som är högst så här stor räknas som oförändrad."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["primary_instrument_code"].choices = list(codes)


class DueFilterForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Projekt"), queryset=Project.objects.none(), required=False, empty_label=_("Alla projekt")
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects

"""Forms for goals and plan steps. They only type the input; the actions decide what is valid.

Every check that depends on more than one field (an indicator's parameters, a range target,
dates in order) lives in :mod:`stegvis.goals.actions`, so the pages, the demo generator and any
later import get the same Swedish messages, each naming its field.
"""

import calendar
import datetime
import re

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from stegvis.goals.indicators import all_parameters, indicators
from stegvis.goals.models import Kind, Level, QualitativeStatus, StepStatus
from stegvis.goals.status import percent_text


def _message(template, label):
    return _t(template) % {"label": label}


# Field messages are built when the form class is defined; lazy, so they follow the request's language.
_lazy_message = lazy(_message, str)


def _required(label):
    return {"required": _lazy_message("%(label)s: fältet måste fyllas i.", label)}


def _choice(label, choices, required=True, **kwargs):
    messages = _required(label)
    messages["invalid_choice"] = _lazy_message("%(label)s: välj ett av alternativen.", label)
    return forms.ChoiceField(
        label=label, choices=choices, required=required, error_messages=messages, **kwargs
    )


def _text(label, required=False, textarea=False, **kwargs):
    if textarea:
        kwargs["widget"] = forms.Textarea(attrs={"rows": 3})
    return forms.CharField(label=label, required=required, error_messages=_required(label), **kwargs)


class GoalForm(forms.Form):
    """One goal. Parameter fields come from the indicator registry (one per parameter name)."""

    COMPUTED_FIELDS = ("indicator", "target", "target_max")

    level = _choice(_("Nivå"), Level.choices)
    title = _text(
        _("Mål"),
        required=True,
        max_length=300,
        help_text=_("T.ex. 25 % går vidare till arbete eller studier."),
    )
    description = _text(_("Beskrivning"), textarea=True)
    kind = _choice(_("Typ av mål"), Kind.choices, widget=forms.RadioSelect)
    indicator = _choice(_("Indikator"), (), required=False)
    target = _text(
        _("Målvärde (%)"),
        help_text=_("Andel i procent, 0–100. För ett intervall: den nedre gränsen, t.ex. 40."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
    target_max = _text(
        _("Övre gräns (%)"),
        help_text=_("Bara för indikatorer med intervall, t.ex. könsfördelning 40–60 %."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
    status = _choice(
        _("Status"),
        [("", "—")] + QualitativeStatus.choices,
        required=False,
        help_text=_("För kvalitativa mål."),
    )
    evidence = _text(
        _("Underlag och beskrivning"),
        textarea=True,
        help_text=_("Vad som visar hur långt målet har nåtts: aktiviteter, dokument, utvärderingar."),
    )
    order = _text(
        _("Ordning"),
        help_text=_("Lägre tal visas först inom nivån."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    archived = forms.BooleanField(
        label=_("Arkiverat (visas inte på målsidan eller i rapporten)"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "—")] + [(i.code, i.label) for i in indicators()]
        self.parameter_names = []
        for parameter in all_parameters():
            if parameter.choices:
                field = _choice(parameter.label, [("", "—")] + list(parameter.choices), required=False)
            else:
                field = _text(parameter.label, max_length=100)
            field.help_text = parameter.help_text
            self.fields[parameter.name] = field
            self.parameter_names.append(parameter.name)
        if not editing:
            del self.fields["archived"]
            del self.fields["version"]

    @staticmethod
    def initial_for(goal):
        initial = {
            name: getattr(goal, name)
            for name in (
                "level",
                "title",
                "description",
                "kind",
                "indicator",
                "status",
                "evidence",
                "order",
                "archived",
                "version",
            )
        }
        initial["target"] = percent_text(goal.target) if goal.target is not None else ""
        initial["target_max"] = percent_text(goal.target_max) if goal.target_max is not None else ""
        initial.update(goal.parameters or {})
        return initial

    def action_fields(self):
        """The cleaned input as the keyword arguments of ``create_goal``/``update_goal``."""
        data = self.cleaned_data
        fields = {
            name: data.get(name)
            for name in (
                "level",
                "title",
                "description",
                "kind",
                "indicator",
                "target",
                "target_max",
                "status",
                "evidence",
                "order",
            )
        }
        fields["parameters"] = {name: data.get(name) for name in self.parameter_names if data.get(name)}
        if "archived" in self.fields:
            fields["archived"] = data.get("archived", False)
        return fields

    def computed_fields(self):
        return [
            self[name]
            for name in self.COMPUTED_FIELDS[:1] + tuple(self.parameter_names) + self.COMPUTED_FIELDS[1:]
        ]


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class MonthOrDateField(forms.CharField):
    """A date (ÅÅÅÅ-MM-DD) or a whole month (ÅÅÅÅ-MM): plans are often written by month.

    A month given as the start means its first day, as the end its last day.
    """

    def __init__(self, *, end=False, **kwargs):
        self.end = end
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        value = (super().to_python(value) or "").strip()
        if not value:
            return None
        month = _MONTH.match(value)
        try:
            if month:
                year, number = int(month.group(1)), int(month.group(2))
                day = calendar.monthrange(year, number)[1] if self.end else 1
                return datetime.date(year, number, day)
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise forms.ValidationError(
                _t("%(label)s: skriv ett datum som ÅÅÅÅ-MM-DD eller en månad som ÅÅÅÅ-MM, t.ex. 2024-03.")
                % {"label": self.label}
            ) from None


class StepForm(forms.Form):
    what = _text(_("Vad"), required=True, max_length=300, help_text=_("T.ex. Rekrytering av koordinatorer."))
    how = _text(_("Hur"), textarea=True)
    who = _text(_("Vem"), max_length=300, help_text=_("Roll eller organisation, t.ex. projektledare, AF."))
    start_date = MonthOrDateField(label=_("Från"), help_text=_("ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM för en hel månad."))
    end_date = MonthOrDateField(
        end=True, label=_("Till"), help_text=_("ÅÅÅÅ-MM-DD, eller ÅÅÅÅ-MM för en hel månad.")
    )
    status = _choice(_("Status"), StepStatus.choices)
    note = _text(_("Anteckning"), textarea=True)
    order = _text(
        _("Ordning"),
        help_text=_("Lägre tal visas först."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    FIELDS = ("what", "how", "who", "start_date", "end_date", "status", "note", "order")

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["version"]

    @classmethod
    def initial_for(cls, step):
        initial = {name: getattr(step, name) for name in cls.FIELDS + ("version",)}
        for name in ("start_date", "end_date"):
            initial[name] = initial[name].isoformat() if initial[name] else ""
        return initial

    def action_fields(self):
        return {name: self.cleaned_data.get(name) for name in self.FIELDS}

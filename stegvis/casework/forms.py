"""Forms of the casework pages. They only shape input; the actions validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.casework.models import Direction, GoalStatus, Horizon, LifeArea, StepOwner, StepStatus
from stegvis.core.forms import DateInput


class _VersionedForm(forms.Form):
    """A form that carries the version the record had when the form was opened."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def action_fields(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class MappingEntryForm(_VersionedForm):
    own_words = forms.CharField(
        label=_("Med deltagarens egna ord"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hur deltagaren själv beskriver sin situation inom området."),
    )
    strengths = forms.CharField(label=_("Styrkor"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    obstacles = forms.CharField(label=_("Hinder"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    recorded_on = forms.DateField(
        label=_("Datum"), widget=DateInput, help_text=_("Dagen då ni gick igenom området tillsammans.")
    )

    @staticmethod
    def initial_for(entry):
        return {
            "own_words": entry.own_words,
            "strengths": entry.strengths,
            "obstacles": entry.obstacles,
            "recorded_on": entry.recorded_on,
            "version": entry.version,
        }


class GoalForm(_VersionedForm):
    text = forms.CharField(
        label=_("Mål"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Skriv målet så att deltagaren känner igen det, t.ex. ”Börja praktik i en förskola”."),
    )
    horizon = forms.ChoiceField(label=_("Sikt"), choices=Horizon.choices)
    direction = forms.ChoiceField(label=_("Inriktning"), choices=Direction.choices)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.PAGAR)
    order = forms.IntegerField(
        label=_("Ordning"), min_value=0, max_value=999, initial=0, help_text=_("Lägre tal visas först.")
    )

    @staticmethod
    def initial_for(goal):
        return {
            "text": goal.text,
            "horizon": goal.horizon,
            "direction": goal.direction,
            "status": goal.status,
            "order": goal.order,
            "version": goal.version,
        }


class StepForm(_VersionedForm):
    what = forms.CharField(
        label=_("Vad"),
        max_length=300,
        help_text=_("T.ex. ”Boka tid på vårdcentralen” eller ”Gå kursen Digitalt för alla”."),
    )
    owner = forms.ChoiceField(label=_("Vem gör det"), choices=StepOwner.choices, widget=forms.RadioSelect)
    owner_name = forms.CharField(
        label=_("Vilken aktör"),
        max_length=200,
        required=False,
        help_text=_("Fyll i när en annan aktör gör steget, t.ex. Arbetsförmedlingen."),
    )
    due_date = forms.DateField(label=_("Klart senast"), widget=DateInput, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices, initial=StepStatus.PLANERAD)

    @staticmethod
    def initial_for(step):
        return {
            "what": step.what,
            "owner": step.owner,
            "owner_name": step.owner_name,
            "due_date": step.due_date,
            "status": step.status,
            "version": step.version,
        }


class ProjectAreasForm(_VersionedForm):
    areas = forms.ModelMultipleChoiceField(
        label=_("Områden"),
        queryset=LifeArea.objects.filter(is_active=True).order_by("order", "code"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Områdena som projektets kartläggningar går igenom."),
    )

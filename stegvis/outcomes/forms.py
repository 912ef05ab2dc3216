"""Forms of the follow-up pages. They only shape input; the actions validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import DateInput
from stegvis.organizations.models import Project
from stegvis.outcomes.models import FollowUpPoint, Situation

IMPROVED_CHOICES = [("", _("Inte bedömt")), ("ja", _("Ja")), ("nej", _("Nej"))]


class FollowUpForm(forms.Form):
    months = forms.TypedChoiceField(
        label=_("Uppföljningstillfälle"), choices=FollowUpPoint.choices, coerce=int
    )
    followed_up_on = forms.DateField(
        label=_("Uppföljningsdatum"),
        widget=DateInput,
        help_text=_("Dagen då ni tog reda på personens situation."),
    )
    situation = forms.ChoiceField(
        label=_("Situation"), choices=[("", _("Välj situation"))] + list(Situation.choices)
    )
    work_extent = forms.IntegerField(
        label=_("Arbetstid (%)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Bara vid arbete. 100 % motsvarar 40 timmar i veckan."),
    )
    improved_situation = forms.TypedChoiceField(
        label=_("Förbättrad situation på arbetsmarknaden"),
        choices=IMPROVED_CHOICES,
        required=False,
        coerce=lambda value: {"ja": True, "nej": False}.get(value),
        empty_value=None,
        help_text=_("ESF+: t.ex. från osäker till tryggare anställning eller från deltid till heltid."),
    )
    note = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            # The point is fixed once recorded: shown, not changed.
            self.fields["months"].disabled = True
        else:
            del self.fields["version"]

    @staticmethod
    def initial_for(follow_up):
        improved = follow_up.improved_situation
        return {
            "months": follow_up.months,
            "followed_up_on": follow_up.followed_up_on,
            "situation": follow_up.situation,
            "work_extent": follow_up.work_extent,
            "note": follow_up.note,
            "version": follow_up.version,
            "improved_situation": "" if improved is None else ("ja" if improved else "nej"),
        }

    def action_fields(self):
        data = self.cleaned_data
        return {
            "followed_up_on": data["followed_up_on"],
            "situation": data["situation"],
            "work_extent": data.get("work_extent"),
            "improved_situation": data.get("improved_situation"),
            "note": data.get("note") or "",
        }


class DueFilterForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Projekt"), queryset=Project.objects.none(), required=False, empty_label=_("Alla projekt")
    )
    point = forms.TypedChoiceField(
        label=_("Uppföljningstillfälle"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Alla tillfällen"))] + list(FollowUpPoint.choices),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Att göra och försenade")),
            ("forsenad", _("Bara försenade")),
        ],
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects

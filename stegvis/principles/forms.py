"""Forms of the principles pages; the actions validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import DateInput, VersionedForm
from stegvis.principles.actions import ADAPTATION_FIELDS
from stegvis.principles.models import AdaptationKind, Answer, ChecklistItem


class AdaptationForm(VersionedForm):
    kind = forms.ChoiceField(
        label=_("Anpassning"), choices=[("", _("Välj anpassning")), *AdaptationKind.choices]
    )
    description = forms.CharField(
        label=_("Beskrivning"), max_length=200, required=False, help_text=_("Krävs för annan anpassning.")
    )
    given_on = forms.DateField(label=_("Från"), widget=DateInput)

    action_field_names = ADAPTATION_FIELDS
    text_fields = ("description",)


class ConfirmForm(forms.Form):
    """A button only: the page says what will happen."""


class ChecklistForm(VersionedForm):
    """One answer and one text per question of :class:`ChecklistItem`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item, question in ChecklistItem.choices:
            self.fields[f"answer_{item}"] = forms.ChoiceField(
                label=question, choices=[("", _("Inte besvarad")), *Answer.choices], required=False
            )
            self.fields[f"text_{item}"] = forms.CharField(
                label=_("Hur (kort beskrivning)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def answers(self):
        data = self.cleaned_data
        return {
            item: (data.get(f"answer_{item}") or "", data.get(f"text_{item}") or "")
            for item in ChecklistItem.values
        }

    @staticmethod
    def initial_from(checklist):
        if checklist is None:
            return {}
        initial = {"version": checklist.version}
        for answer in checklist.answers.all():
            initial[f"answer_{answer.item}"] = answer.answer
            initial[f"text_{answer.item}"] = answer.text
        return initial

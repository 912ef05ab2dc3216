"""Forms of the self-assessment pages: the coordinator's link form and the participant's answer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.participants import onetime_links
from stegvis.progression.selfassessment.actions import DEFAULT_VALID_DAYS, MAX_VALID_DAYS

DONT_KNOW = "x"


class CreateLinkForm(onetime_links.CreateLinkForm):
    channel_label = _("Hur får deltagaren länken?")
    max_valid_days = MAX_VALID_DAYS
    default_valid_days = DEFAULT_VALID_DAYS


class AnswerForm(forms.Form):
    """One question: a step of the scale, or "don't know / don't want to answer" when allowed."""

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"] = forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={"required": _("Välj ett svar."), "invalid_choice": _("Välj ett svar.")},
        )

"""Forms of the self-assessment pages: the coordinator's link form and the participant's answer."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from stegvis.core import messaging
from stegvis.progression.selfassessment.actions import DEFAULT_VALID_DAYS, EMAIL, MAX_VALID_DAYS, QR, SMS

DONT_KNOW = "x"


class CreateLinkForm(forms.Form):
    language = forms.ChoiceField(label=_("Språk"), choices=settings.PARTICIPANT_LANGUAGES)
    valid_days = forms.IntegerField(
        label=_("Giltig i antal dagar"), min_value=1, max_value=MAX_VALID_DAYS, initial=DEFAULT_VALID_DAYS,
    )
    channel = forms.ChoiceField(
        label=_("Hur får deltagaren länken?"), widget=forms.RadioSelect,
        choices=[(QR, _("Visa QR-kod här")), (SMS, _("SMS till deltagarens mobil")), (EMAIL, _("E-post till deltagaren"))],
        initial=QR,
    )

    def __init__(self, *args, person=None, prefix=None, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        if person is None:
            return
        codes = [code for code, _name in settings.PARTICIPANT_LANGUAGES]
        if person.language in codes:
            self.fields["language"].initial = person.language
        # Say up front which channels cannot work, instead of failing after submit.
        choices = []
        for value, label in self.fields["channel"].choices:
            if value == SMS and not messaging.is_phone_number(person.phone):
                label = _("%(label)s (inget mobilnummer registrerat)") % {"label": label}
            elif value == EMAIL and not person.email:
                label = _("%(label)s (ingen e-post registrerad)") % {"label": label}
            choices.append((value, label))
        self.fields["channel"].choices = choices


class AnswerForm(forms.Form):
    """One question: a step of the scale, or "don't know / don't want to answer" when allowed."""

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"] = forms.ChoiceField(
            choices=choices, widget=forms.RadioSelect,
            error_messages={"required": _("Välj ett svar."), "invalid_choice": _("Välj ett svar.")},
        )

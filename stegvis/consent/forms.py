"""Forms of the consent pages. They only shape input; the actions validate and write.

Who recorded and when are never fields: the action takes them from the signed-in user and the clock.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.consent.models import ConsentKind, ConsentMethod
from stegvis.core.forms import DateInput
from stegvis.organizations.models import Organization, Project


class GiveConsentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Samtycke till"), choices=[("", _("Välj samtycke"))] + list(ConsentKind.choices)
    )
    actor_organization = forms.ModelChoiceField(
        label=_("Aktör (organisation)"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label=_("Ingen organisation vald"),
        help_text=_("Bara vid kontakt med annan aktör. Välj organisationen om den finns i listan."),
    )
    actor_name = forms.CharField(
        label=_("Aktör (namn)"),
        required=False,
        max_length=200,
        help_text=_(
            "Bara vid kontakt med annan aktör, t.ex. ”Vårdcentralen Norr”. Kan kombineras med organisationen."
        ),
    )
    given_on = forms.DateField(label=_("Lämnat den"), widget=DateInput)
    method = forms.ChoiceField(
        label=_("Hur samtycket lämnades"), choices=[("", _("Välj hur"))] + list(ConsentMethod.choices)
    )
    note = forms.CharField(
        label=_("Anteckning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("T.ex. var den underskrivna blanketten förvaras."),
    )

    def __init__(self, *args, kind=None, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("given_on", datetime.date.today())
        kwargs["initial"].setdefault("method", ConsentMethod.WRITTEN)
        if kind in ConsentKind.values:
            kwargs["initial"].setdefault("kind", kind)
        super().__init__(*args, **kwargs)

    def action_fields(self):
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "given_on": data["given_on"],
            "method": data["method"],
            "actor_organization": data.get("actor_organization"),
            "actor_name": data.get("actor_name") or "",
            "note": data.get("note") or "",
        }


class WithdrawConsentForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Återkallat den"), widget=DateInput)
    note = forms.CharField(
        label=_("Anteckning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("T.ex. hur personen meddelade att samtycket återkallas."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, consent, **kwargs):
        kwargs.setdefault("initial", {"withdrawn_on": datetime.date.today(), "version": consent.version})
        super().__init__(*args, **kwargs)


MISSING_REGISTRATION, MISSING_SUS, MISSING_EITHER = "registrering", "sus", "endera"


class MissingFilterForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Projekt"), queryset=Project.objects.none(), required=False, empty_label=_("Alla projekt")
    )
    missing = forms.ChoiceField(
        label=_("Samtycke som saknas"),
        required=False,
        choices=[
            (MISSING_REGISTRATION, _("Registrering av personuppgifter")),
            (MISSING_SUS, _("Rapportering till SUS")),
            (MISSING_EITHER, _("Registrering eller SUS")),
        ],
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects

    def choices(self):
        """``(project or None, what is missing)``; a refused choice falls back to the default."""
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("project"), data.get("missing") or MISSING_REGISTRATION

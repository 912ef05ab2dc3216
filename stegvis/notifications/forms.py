"""Forms of the notifications pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.notifications.models import Channel, Frequency, Status

KIND_LABELS = {
    "reminder": _("Påminnelse till personal"),
    "selfassessment_link": _("Länk till självskattning"),
    "survey_link": _("Länk till enkät"),
}


def kind_label(kind):
    return KIND_LABELS.get(kind, kind or "–")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Påminnelser via e-post"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        help_text=_("Ett kort brev på morgonen med hur mycket som väntar på dig, utan namn på deltagare."),
    )


class LogFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ"), required=False)
    channel = forms.ChoiceField(
        label=_("Kanal"), required=False, choices=[("", _("Alla kanaler")), *Channel.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Alla")), *Status.choices])
    date_from = forms.DateField(label=_("Från och med"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Till och med"), required=False, widget=DateInput())

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        known = sorted(set(KIND_LABELS) | set(k for k in kinds if k))
        self.fields["kind"].choices = [("", _("Alla typer")), *[(k, kind_label(k)) for k in known]]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Slutdatumet kan inte vara före startdatumet."))
        return data

    def apply(self, queryset):
        """``queryset`` narrowed by the valid filters (an invalid form filters nothing)."""
        if not self.is_bound or not self.is_valid():
            return queryset
        data = self.cleaned_data
        for name in ("kind", "channel", "status"):
            if data.get(name):
                queryset = queryset.filter(**{name: data[name]})
        if data.get("date_from"):
            queryset = queryset.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            queryset = queryset.filter(at__date__lte=data["date_to"])
        return queryset

    def describe(self):
        """The filters chosen, for the audit entry."""
        if not self.is_bound or not self.is_valid():
            return ""
        return ", ".join(f"{k}={v}" for k, v in self.cleaned_data.items() if v)

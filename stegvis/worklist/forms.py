"""The worklist's filters (whose enrolments, which project, N in "no contact for N weeks", which
kinds of item) and the form that decides about one item (done, snoozed, dismissed)."""

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from stegvis.organizations.models import Project
from stegvis.worklist.models import Decision, Kind

MINE, ALL = "mina", "alla"
MAX_ID = 2**31 - 1  # the largest id the database stores
MAX_WEEKS = 52


class WorklistFilterForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Deltagare"),
        required=False,
        choices=[(MINE, _("Mina deltagare (jag är koordinator)")), (ALL, _("Alla jag har behörighet till"))],
    )
    project = forms.ModelChoiceField(
        label=_("Projekt"), queryset=Project.objects.none(), required=False, empty_label=_("Alla projekt")
    )
    weeks = forms.IntegerField(
        label=_("Ingen kontakt på (veckor)"),
        required=False,
        min_value=1,
        max_value=MAX_WEEKS,
        help_text=_("Gäller också praktik och arbetsträning utan uppföljning."),
        error_messages={
            "invalid": _("Ange antal veckor som ett heltal."),
            "min_value": _("Antal veckor måste vara minst 1."),
            "max_value": _("Antal veckor får vara högst %(limit_value)s."),
        },
    )

    kinds = forms.MultipleChoiceField(
        label=_("Visa bara"),
        required=False,
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Visa bara: välj bland slagen i listan.")},
    )

    def __init__(self, *args, projects, default_weeks, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_weeks = default_weeks
        self.fields["project"].queryset = projects
        self.fields["weeks"].widget.attrs.update({"placeholder": str(default_weeks), "inputmode": "numeric"})

    def choices(self):
        """``(scope, project, weeks, kinds)``: the valid choices, the defaults for anything missing or wrong.

        No kind ticked means every kind.
        """
        data = {}
        if self.is_bound:
            self.is_valid()  # cleaned_data then holds the fields that are valid; errors show at the others
            data = self.cleaned_data
        kinds = tuple(data.get("kinds") or Kind.values)
        return data.get("scope") or MINE, data.get("project"), data.get("weeks") or self.default_weeks, kinds


class DecisionForm(forms.Form):
    """One decision about one item; the hidden fields name the item (see ``worklist.models``).

    The inline forms of the list are written out in the template (one per item, with ids of
    their own); this form reads what they post and is shown on its own when the input is wrong.
    """

    enrollment = forms.IntegerField(
        label=_("Inskrivning"), min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    kind = forms.ChoiceField(label=_("Slag"), choices=Kind.choices, widget=forms.HiddenInput)
    object_id = forms.IntegerField(
        label=_("Objekt"), required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    variant = forms.CharField(label=_("Variant"), required=False, max_length=16, widget=forms.HiddenInput)
    ref_date = forms.DateField(label=_("Gäller dagen"), widget=forms.HiddenInput)
    query = forms.CharField(label=_("Filter"), required=False, max_length=2000, widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("Beslut"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Välj klar, pausa eller avfärda."),
            "invalid_choice": _("Välj klar, pausa eller avfärda."),
        },
    )
    snoozed_until = forms.DateField(
        label=_("Pausa till"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Punkten kommer tillbaka på arbetslistan den dagen."),
        error_messages={"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")},
    )
    reason = forms.CharField(
        label=_("Skäl"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Krävs när punkten avfärdas."),
    )


def list_query(data):
    """The worklist's filters to go back to after a POST, re-encoded so only a query string is kept."""
    return QueryDict(str(data.get("query", ""))[:2000]).urlencode()

"""The worklist's filters: whose enrolments, which project, and N in "no contact for N weeks"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.organizations.models import Project

MINE, ALL = "mina", "alla"
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

    def __init__(self, *args, projects, default_weeks, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_weeks = default_weeks
        self.fields["project"].queryset = projects
        self.fields["weeks"].widget.attrs.update({"placeholder": str(default_weeks), "inputmode": "numeric"})

    def choices(self):
        """``(scope, project, weeks)``: the valid choices, the defaults for anything missing or wrong."""
        data = {}
        if self.is_bound:
            self.is_valid()  # cleaned_data then holds the fields that are valid; errors show at the others
            data = self.cleaned_data
        return data.get("scope") or MINE, data.get("project"), data.get("weeks") or self.default_weeks

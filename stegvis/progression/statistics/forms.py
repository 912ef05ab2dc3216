"""The statistics page's filters: a GET form, validated with Swedish messages at each field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.organizations.models import NeedGroup, Organization
from stegvis.participants.models import Referrer
from stegvis.progression.models import Respondent
from stegvis.reports.forms import ReportParamsForm, window_errors

_DATE_ERRORS = {"on": "on", "date_from": "from", "date_to": "to"}


class StatisticsForm(forms.Form):
    """Which enrolments the progression figures are of, and as of which date.

    The organisation and need group lists hold only the project's own, so a choice from another
    project is refused as invalid. The date fields and their checks are those of the report page.
    """

    organization = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Alla"),
        error_messages={"invalid_choice": _("Välj en organisation i projektet.")},
    )
    need_group = forms.ModelChoiceField(
        label=_("Behovsgrupp"),
        queryset=NeedGroup.objects.none(),
        required=False,
        empty_label=_("Alla"),
        error_messages={"invalid_choice": _("Välj en behovsgrupp i projektet.")},
    )
    referrer = forms.ChoiceField(
        label=_("Anvisare"),
        required=False,
        choices=[("", _("Alla"))] + list(Referrer.choices),
        error_messages={"invalid_choice": _("Välj en anvisare i listan.")},
    )
    respondent = forms.ChoiceField(
        label=_("Vems bedömning"),
        required=False,
        choices=Respondent.choices,
        help_text=_("Deltagarnas självskattning är den som räknas i rapporten."),
        error_messages={"invalid_choice": _("Välj deltagare eller handläggare.")},
    )

    def __init__(self, project, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = project.organizations().order_by("name")
        self.fields["need_group"].queryset = project.need_groups.order_by("name")

    def clean(self):
        cleaned = super().clean()
        for key, message in window_errors(cleaned.get("on"), cleaned.get("from"), cleaned.get("to")).items():
            if _DATE_ERRORS[key] in cleaned:
                self.add_error(_DATE_ERRORS[key], message)
        return cleaned

    def enrollment_filters(self):
        """Filters for ``Enrollment`` rows of the project, from the valid choices."""
        data = self.cleaned_data
        filters = {}
        if data.get("organization"):
            filters["organization"] = data["organization"]
        if data.get("need_group"):
            filters["need_group"] = data["need_group"]
        if data.get("referrer"):
            filters["referrer"] = data["referrer"]
        return filters


# The period and the report date, the same fields (names, labels, messages) as the report page's.
for _name in ("from", "to", "on"):
    StatisticsForm.base_fields[_name] = ReportParamsForm.base_fields[_name]

"""The comparison page's choices: which projects, a date (and window), the report's filters, small numbers.

Every choice is a GET parameter named as the command's option (``project``, ``funder``, ``on``,
``from``, ``to``, the filter keys, ``suppress_small``), so a comparison's address can be shared
and the spreadsheet link asks for the same comparison.
"""

from django import forms
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from stegvis.organizations.models import Funder
from stegvis.reports.filters import FILTER_KEYS
from stegvis.reports.forms import ReportParamsForm, filter_fields
from stegvis.reports.shown_report import SUPPRESS_PARAM

# A comparison builds every project's whole report; this many keeps the page within a few seconds.
MAX_PROJECTS = 20


class CompareForm(ReportParamsForm):
    """The projects to compare (chosen ones, and all of a funder's), the report's dates and filters.

    ``projects`` is the queryset of the projects the user may report on: the only ones offered,
    and the only ones a shared address can bring in.
    """

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.visible = projects
        self.fields["project"] = forms.ModelMultipleChoiceField(
            label=_("Projekt"),
            queryset=projects.order_by("name"),
            to_field_name="code",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Projekten visas i den ordning de står här."),
            error_messages={"invalid_choice": _("Välj bland projekten i listan.")},
        )
        self.fields["funder"] = forms.ChoiceField(
            label=_("Alla projekt med finansiären"),
            choices=self._funders,
            required=False,
            help_text=_("Läggs till de valda projekten."),
        )
        self.fields.update(filter_fields(projects, organization=True))
        self.order_fields(["project", "funder", "on", "from", "to"])
        self.fields[SUPPRESS_PARAM] = forms.BooleanField(
            label=_("Dölj små tal"),
            required=False,
            # "1", as the other report pages' links ask for it (suppress_small=1).
            widget=forms.CheckboxInput(attrs={"value": "1"}),
        )

    def _funders(self):
        codes = set(self.visible.exclude(funder="").values_list("funder", flat=True))
        return [("", _t("Ingen")), *((code, label) for code, label in Funder.choices if code in codes)]

    def clean(self):
        cleaned = super().clean()
        chosen = list(cleaned.get("project") or [])
        if cleaned.get("funder"):
            known = {p.pk for p in chosen}
            chosen += [
                p for p in self.visible.filter(funder=cleaned["funder"]).order_by("name") if p.pk not in known
            ]
        if not self.errors and not chosen:
            self.add_error("project", _t("Välj minst ett projekt, eller en finansiär."))
        elif len(chosen) > MAX_PROJECTS:
            self.add_error(
                "project", _t("Välj högst %(n)s projekt att jämföra på en gång.") % {"n": MAX_PROJECTS}
            )
        cleaned["projects"] = chosen
        return cleaned

    def chosen_projects(self):
        """The projects to compare, in the list's order, then the funder's not already chosen."""
        return self.cleaned_data["projects"]

    def filters(self):
        """``{key: value}`` of the chosen filters (the organisation among them), once the form is valid."""
        return {key: self.cleaned_data[key] for key in FILTER_KEYS if self.cleaned_data.get(key)}

    def query_params(self):
        """The choices as GET parameters: for the spreadsheet link (lists as repeated parameters)."""
        params = {
            name: self.cleaned_data[name].isoformat()
            for name in ("on", "from", "to")
            if self.cleaned_data.get(name)
        }
        params = {"project": [p.code for p in self.cleaned_data.get("project") or []], **params}
        if self.cleaned_data.get("funder"):
            params["funder"] = self.cleaned_data["funder"]
        if self.cleaned_data.get(SUPPRESS_PARAM):
            params[SUPPRESS_PARAM] = "1"
        return {**params, **self.filters()}

    def add_filter_error(self, key, message):
        """A filter value one of the projects does not have, shown at the filter."""
        self.add_error(key if key in self.fields else None, message)

"""The report's date choices, validated the same way on the page and on the command line."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _


def window_errors(on, date_from, date_to, today=None):
    """Errors (keyed ``on``/``date_from``/``date_to``) for a report date and window that make no sense.

    A report date in the future would count days that have not happened; a window starting after
    the report date or ending before it starts can hold no enrolment at all.
    """
    today = today or timezone.localdate()
    errors = {}
    if on is not None and on > today:
        errors["on"] = _t("Rapportdatumet kan inte vara senare än i dag (%(today)s).") % {"today": today.isoformat()}
    if date_from is not None and date_to is not None and date_from > date_to:
        errors["date_to"] = _t("Till och med-datumet kan inte vara före från och med-datumet.")
    effective_on = on or today
    if date_from is not None and date_from > effective_on and "on" not in errors:
        errors["date_from"] = _t("Från och med-datumet kan inte vara efter rapportdatumet (%(on)s).") % {
            "on": effective_on.isoformat()
        }
    return errors


def parse_date(value, field_label):
    """A YYYY-MM-DD date from the command line, or a Swedish error naming the option."""
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            _t("%(field)s: '%(value)s' är inte ett giltigt datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2024-06-30.")
            % {"field": field_label, "value": value}
        ) from None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportParamsForm(forms.Form):
    """GET parameters of the report pages: ``on``, ``from`` and ``to``.

    The field names are ``on``, ``from`` and ``to`` so the page's address and the JSON link use
    the same words as the command's options. ``from`` is a Python keyword and cannot be a class
    attribute, so the two window fields are added to ``base_fields`` after the class.
    """

    on = forms.DateField(
        label=_("Per datum"),
        required=False,
        widget=DateInput(),
        help_text=_("Rapporten som den såg ut den dagen. Tomt betyder i dag."),
        error_messages={"invalid": _("Ange ett giltigt datum, t.ex. 2024-06-30.")},
    )

    def clean(self):
        cleaned = super().clean()
        errors = window_errors(cleaned.get("on"), cleaned.get("from"), cleaned.get("to"))
        mapping = {"on": "on", "date_from": "from", "date_to": "to"}
        for key, message in errors.items():
            if mapping[key] in cleaned:
                self.add_error(mapping[key], message)
        return cleaned

    def params(self):
        """``(on, date_from, date_to)`` once the form is valid."""
        return self.cleaned_data.get("on"), self.cleaned_data.get("from"), self.cleaned_data.get("to")


ReportParamsForm.base_fields["from"] = forms.DateField(
    label=_("Från och med"),
    required=False,
    widget=DateInput(),
    help_text=_("Bara inskrivningar som pågick någon gång under perioden."),
    error_messages={"invalid": _("Ange ett giltigt datum, t.ex. 2024-01-01.")},
)
ReportParamsForm.base_fields["to"] = forms.DateField(
    label=_("Till och med"),
    required=False,
    widget=DateInput(),
    error_messages={"invalid": _("Ange ett giltigt datum, t.ex. 2024-12-31.")},
)


class ReportDateForm(forms.Form):
    """Only the report date: the project list's key figures take no window."""

    on = ReportParamsForm.base_fields["on"]

    def clean(self):
        cleaned = super().clean()
        errors = window_errors(cleaned.get("on"), None, None)
        if "on" in errors:
            self.add_error("on", errors["on"])
        return cleaned

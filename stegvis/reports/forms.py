"""The report's date choices, validated the same way on the page and on the command line."""

import calendar
import datetime
import functools
import re

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from stegvis.organizations.models import NeedGroup, Organization, Project
from stegvis.participants.models import IntakeChannel, Person, Referrer
from stegvis.participants.municipalities import MUNICIPALITIES
from stegvis.participants.tables import user_label
from stegvis.reports.counting import UNKNOWN


def window_errors(on, date_from, date_to, today=None):
    """Errors (keyed ``on``/``date_from``/``date_to``) for a report date and window that make no sense.

    A report date in the future would count days that have not happened; a window starting after
    the report date or ending before it starts can hold no enrolment at all.
    """
    today = today or timezone.localdate()
    errors = {}
    if on is not None and on > today:
        errors["on"] = _t("Rapportdatumet kan inte vara senare än i dag (%(today)s).") % {
            "today": today.isoformat()
        }
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
            _t(
                "%(field)s: '%(value)s' är inte ett giltigt datum. Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2024-06-30."
            )
            % {"field": field_label, "value": value}
        ) from None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportParamsForm(forms.Form):
    """GET parameters of the report pages: ``on``, ``from`` and ``to`` (and ``organization``).

    The field names are ``on``, ``from`` and ``to`` so the page's address and the JSON link use
    the same words as the command's options. ``from`` is a Python keyword and cannot be a class
    attribute, so the two window fields are added to ``base_fields`` after the class.

    Given a ``project``, the form also takes ``organization`` (a code of one of the project's
    organisations): the report of that organisation's enrolments only; with ``filters`` also the
    report's other filters (:data:`PAGE_FILTERS`), each a GET parameter named after the filter,
    so a filtered page's address can be shared. ``organization=False`` leaves the organisation
    to the caller.
    """

    def __init__(self, *args, project=None, organization=True, filters=False, **kwargs):
        super().__init__(*args, **kwargs)
        if project is not None:
            if organization:
                self.fields["organization"] = OrganizationField(project)
            if filters:
                self.fields.update(filter_fields(project))

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

    def organization(self):
        """The chosen organisation (or ``None``: the whole project) once the form is valid."""
        return self.cleaned_data.get("organization")

    def filters(self):
        """The chosen filters besides the organisation, ``{key: value}``, once the form is valid."""
        return {key: self.cleaned_data[key] for key in PAGE_FILTERS if self.cleaned_data.get(key)}

    def query_params(self):
        """The valid choices as GET parameters (dates, organisation, filters): for the JSON link and exports."""
        params = {
            name: self.cleaned_data[name] for name in ("on", "from", "to") if self.cleaned_data.get(name)
        }
        params = {name: value.isoformat() for name, value in params.items()}
        if self.cleaned_data.get("organization"):
            params["organization"] = self.cleaned_data["organization"].code
        return {**params, **self.filters()}


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


# The filters a report page offers besides the organisation (which is the report's own argument).
PAGE_FILTERS = ("referrer", "intake_channel", "need_group", "coordinator", "home_municipality")


def _with_unknown(choices):
    return [("", _("Alla")), *choices, (UNKNOWN, _("Ej angiven"))]


def filter_fields(projects, organization=False):
    """The page's filter fields for ``projects`` (one project, or a queryset of several: a comparison);
    the choices are read only when the form is shown or checked.

    The values are those ``stegvis report --filter`` takes (docs/reports.md): codes, the need
    group's name, the coordinator's username, the kommunkod; over several projects, every value
    that occurs in one of them. With ``organization`` also the enrolling organisation by code (a
    comparison's filter; the report page's organisation is its own field). Each list is read once
    per form (``functools.cache``): Django asks a callable's choices again for checking and for drawing.
    """
    if isinstance(projects, Project):
        projects = [projects]

    @functools.cache
    def organizations():
        taking_part = Organization.objects.filter(
            Q(owned_projects__in=projects) | Q(partner_projects__in=projects)
        ).distinct()
        return [("", _("Alla")), *taking_part.order_by("name").values_list("code", "name")]

    @functools.cache
    def need_groups():
        groups = NeedGroup.objects.filter(project__in=projects).order_by("name")
        names = groups.values_list("name", flat=True).distinct()
        return _with_unknown([(name, name) for name in names])

    @functools.cache
    def coordinators():
        users = (
            get_user_model()
            .objects.filter(caseload__project__in=projects)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        return [("", _("Alla")), *((user.username, user_label(user)) for user in users)]

    @functools.cache
    def municipalities():
        # The municipalities that occur among the projects' participants, not all 290.
        persons = Person.objects.filter(
            enrollments__project__in=projects, home_municipality__in=MUNICIPALITIES
        )
        codes = persons.order_by().values_list("home_municipality", flat=True).distinct()
        by_name = sorted(((code, MUNICIPALITIES[code]) for code in codes), key=lambda item: item[1])
        return _with_unknown([(code, f"{name} ({code})") for code, name in by_name])

    def field(label, choices):
        return forms.ChoiceField(label=label, choices=choices, required=False)

    fields = {"organization": field(_("Organisation"), organizations)} if organization else {}
    return {
        **fields,
        "referrer": field(_("Anvisare"), _with_unknown(Referrer.choices)),
        "intake_channel": field(_("Intagsväg"), _with_unknown(IntakeChannel.choices)),
        "need_group": field(_("Behovsgrupp"), need_groups),
        "coordinator": field(_("Koordinator"), coordinators),
        "home_municipality": field(_("Hemkommun"), municipalities),
    }


class OrganizationField(forms.ModelChoiceField):
    """One of the project's organisations, by code; empty means the whole project."""

    def __init__(self, project):
        super().__init__(
            queryset=project.organizations().order_by("name"),
            to_field_name="code",
            required=False,
            label=_("Organisation"),
            empty_label=_("Hela projektet"),
            help_text=_("Bara de inskrivningar som organisationen gjort."),
            error_messages={"invalid_choice": _("Välj en av projektets organisationer.")},
        )


def end_of_month(first_of_month):
    return first_of_month.replace(day=calendar.monthrange(first_of_month.year, first_of_month.month)[1])


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.Field):
    """A calendar month written ``YYYY-MM`` (what ``<input type="month">`` sends); cleans to its first day."""

    widget = MonthInput
    default_error_messages = {"invalid": _("Ange månaden som ÅÅÅÅ-MM, t.ex. 2026-01.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        match = re.fullmatch(r"(\d{4})-(\d{2})", str(value).strip())
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)

    def prepare_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, datetime.date) else value


class FollowupForm(ReportParamsForm):
    """The follow-up page's choices: a month, or a free period; a report date; an organisation.

    A month is the window from its first to its last day, reported as it stood at the month's end
    (or today, for the current month). A free period is reported as it stood at its last day (or
    today). An explicit ``on`` overrides the report date in both cases. With no month and no
    period, the page shows the last whole month, the one a monthly follow-up is about (the current
    month only for a project that started this month): :meth:`for_request` fills it in, so the
    form shows what the page shows.
    """

    field_order = ["month", "from", "to", "on", "organization", *PAGE_FILTERS]

    month = MonthField(
        label=_("Månad"),
        required=False,
        help_text=_("ÅÅÅÅ-MM. Välj en månad eller en period nedan."),
    )

    @classmethod
    def for_request(cls, query, project, today=None):
        """The form bound to the page's GET parameters, the last whole month when none is chosen."""
        data = query.copy()
        if not any(data.get(name) for name in ("month", "from", "to")):
            today = today or timezone.localdate()
            month = today.replace(day=1) - datetime.timedelta(days=1)
            if project.start_date and project.start_date > month:
                month = today
            data["month"] = f"{month:%Y-%m}"
        return cls(data, project=project, filters=True)

    def clean(self):
        cleaned = forms.Form.clean(self)
        if any(name in self.errors for name in ("month", "from", "to", "on")):
            return cleaned
        today = timezone.localdate()
        month, date_from, date_to, on = (cleaned.get(name) for name in ("month", "from", "to", "on"))
        if month is not None:
            if date_from is not None or date_to is not None:
                self.add_error(
                    "month",
                    _t("Välj antingen en månad eller en period (från och med, till och med), inte båda."),
                )
                return cleaned
            if month > today:
                self.add_error("month", _t("Månaden har inte börjat ännu."))
                return cleaned
            date_from, date_to = month, end_of_month(month)
            if on is not None and on < month:
                self.add_error(
                    "on",
                    _t("Per datum kan inte vara före den valda månaden (%(month)s).")
                    % {"month": f"{month:%Y-%m}"},
                )
                return cleaned
        if on is None:
            on = min(date_to, today) if date_to is not None else today
            if date_from is not None and date_to is not None and date_from > date_to:
                # The report date comes from ``to`` here: only ``to`` is wrong, not ``from`` too.
                on = today
        errors = window_errors(on, date_from, date_to, today=today)
        mapping = {"on": "on", "date_from": "from", "date_to": "to"}
        for key, message in errors.items():
            self.add_error(mapping[key], message)
        if not errors:
            cleaned["report"] = {
                "on": on,
                "date_from": date_from,
                "date_to": date_to,
                "organization": cleaned.get("organization"),
                "filters": self.filters(),
            }
        return cleaned

    def report_kwargs(self):
        """The keyword arguments of ``build_report`` for the valid form (dates resolved)."""
        return self.cleaned_data["report"]

    def json_params(self):
        """The resolved choices as the JSON view's GET parameters, so both show the same report."""
        kwargs = self.report_kwargs()
        params = {"on": kwargs["on"].isoformat()}
        if kwargs["date_from"] is not None:
            params["from"] = kwargs["date_from"].isoformat()
        if kwargs["date_to"] is not None:
            params["to"] = kwargs["date_to"].isoformat()
        if kwargs["organization"] is not None:
            params["organization"] = kwargs["organization"].code
        return {**params, **kwargs["filters"]}


# The window fields are not declared on the class (``from`` is a keyword), so a subclass does not
# inherit them: give the follow-up form the same two fields.
FollowupForm.base_fields["from"] = ReportParamsForm.base_fields["from"]
FollowupForm.base_fields["to"] = ReportParamsForm.base_fields["to"]

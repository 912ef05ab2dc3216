"""Forms of the start-group pages. They only shape input; the actions validate and write."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.core.access import scope_of
from stegvis.core.forms import DateInput
from stegvis.organizations.models import Organization, Role


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def staff_of_project(project):
    """Users who may lead a group of ``project``: its leaders and coordinators of its organisations."""
    org_ids = project.organizations().values("pk")
    return (
        get_user_model()
        .objects.filter(
            Q(staff_roles__role=Role.PROJECT_LEADER, staff_roles__project=project)
            | Q(
                staff_roles__role=Role.COORDINATOR,
                staff_roles__organization__in=org_ids,
                staff_roles__project__isnull=True,
            )
            | Q(
                staff_roles__role=Role.COORDINATOR,
                staff_roles__organization__in=org_ids,
                staff_roles__project=project,
            ),
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def organizations_for(user, project):
    """The project's organisations ``user`` may start a group for (the action checks again)."""
    organizations = project.organizations().order_by("name")
    own = scope_of(user).organizations_on(project.pk)  # the set behind core.access.works_on
    return organizations if own is None else organizations.filter(pk__in=own)


class LeaderChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class CohortForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"),
        max_length=200,
        help_text=_("T.ex. ”Startgrupp vår – Kungsbacka” eller ”Svensk arbetskultur, grupp 2”."),
    )
    organization = forms.ModelChoiceField(
        label=_("Organisation som driver gruppen"), queryset=Organization.objects.none()
    )
    start_date = forms.DateField(label=_("Startdatum"), widget=DateInput)
    end_date = forms.DateField(
        label=_("Slutdatum"),
        widget=DateInput,
        required=False,
        help_text=_("Lämna tomt för löpande intag utan slutdatum."),
    )
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    leaders = LeaderChoiceField(
        label=_("Gruppledare"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Håll ned Ctrl (Cmd på Mac) för att välja flera."),
    )
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, project, cohort=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = staff_of_project(project)
        if cohort is None:
            del self.fields["version"]
            self.fields["organization"].queryset = organizations_for(user, project)
        else:
            self.fields["organization"].queryset = project.organizations()
            self.fields["organization"].disabled = True

    @staticmethod
    def initial_for(cohort):
        return {
            "name": cohort.name,
            "organization": cohort.organization_id,
            "start_date": cohort.start_date,
            "end_date": cohort.end_date,
            "place": cohort.place,
            "description": cohort.description,
            "leaders": [u.pk for u in cohort.leaders.all()],
            "version": cohort.version,
        }

    def action_fields(self):
        data = self.cleaned_data
        return {
            "name": data["name"],
            "start_date": data["start_date"],
            "end_date": data.get("end_date"),
            "place": data.get("place") or "",
            "description": data.get("description") or "",
            "leaders": list(data.get("leaders") or []),
        }


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DateInput)
    start_time = forms.TimeField(label=_("Starttid"), widget=TimeInput, required=False)
    end_time = forms.TimeField(label=_("Sluttid"), widget=TimeInput, required=False)
    topic = forms.CharField(
        label=_("Tema"), max_length=200, help_text=_("T.ex. ”Min Hälsa: sömn och stress”.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["version"]

    @staticmethod
    def initial_for(session):
        return {
            "date": session.date,
            "start_time": session.start_time,
            "end_time": session.end_time,
            "topic": session.topic,
            "version": session.version,
        }

    def action_fields(self):
        data = self.cleaned_data
        return {
            "date": data["date"],
            "start_time": data.get("start_time"),
            "end_time": data.get("end_time"),
            "topic": data["topic"],
        }


class EnrollmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, enrollment):
        return f"{enrollment.person.display_name} ({enrollment.organization.name}, {enrollment.start_date:%Y-%m-%d})"


class AddMemberForm(forms.Form):
    enrollment = EnrollmentChoiceField(
        label=_("Deltagare"),
        queryset=None,
        empty_label=_("Välj deltagare"),
        help_text=_("Deltagare i projektet som du har behörighet att se och som inte redan är med."),
    )
    joined_on = forms.DateField(label=_("Med från"), widget=DateInput)

    def __init__(self, *args, enrollments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrollment"].queryset = enrollments


class MembershipForm(forms.Form):
    joined_on = forms.DateField(label=_("Med från"), widget=DateInput)
    left_on = forms.DateField(
        label=_("Slutade"),
        widget=DateInput,
        required=False,
        help_text=_("Datum då deltagaren lämnade gruppen. Närvarohistoriken finns kvar."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

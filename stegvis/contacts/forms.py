"""Forms of the contacts pages. They only shape input; the actions validate and write."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.contacts.models import Actor, Channel, MeetingKind, SupportEndReason, SupportKind
from stegvis.core.forms import DateInput
from stegvis.participants.models import Enrollment
from stegvis.participants.tables import user_label


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return user_label(obj)


class _Versioned(forms.Form):
    """A form that edits a stored row carries the version it was opened with."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["version"]


class ContactForm(_Versioned):
    """Few fields, sensible defaults (today, a meeting, the coordinator), so it works between meetings."""

    contact_date = forms.DateField(label=_("Datum"), widget=DateInput)
    channel = forms.ChoiceField(label=_("Kontaktform"), choices=Channel.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Anteckning"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kort: vad ni pratade om och vad som ska hända härnäst."),
    )
    contact_time = forms.TimeField(label=_("Tid"), required=False, widget=TimeInput)
    duration_minutes = forms.IntegerField(
        label=_("Längd (minuter)"), required=False, min_value=1, max_value=600
    )
    staff = StaffChoiceField(
        label=_("Personal som deltog"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    other_participants = forms.CharField(
        label=_("Andra som deltog"),
        required=False,
        max_length=300,
        help_text=_("T.ex. tolk, handläggare på AF, anhörig."),
    )

    field_order = [
        "contact_date",
        "channel",
        "note",
        "contact_time",
        "duration_minutes",
        "staff",
        "other_participants",
    ]

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is None:
            del self.fields["staff"]  # the quick entry on "my contacts": the coordinator is the one logging
        else:
            self.fields["staff"].queryset = staff

    @staticmethod
    def defaults(enrollment=None):
        today = datetime.date.today()
        if enrollment is not None and enrollment.end_date is not None:
            today = min(today, enrollment.end_date)  # contacts belong within the enrolment
        return {
            "contact_date": today,
            "channel": Channel.MOTE,
            "staff": [enrollment.coordinator_id]
            if enrollment is not None and enrollment.coordinator_id
            else [],
        }

    @staticmethod
    def initial_for(contact):
        values = {
            name: getattr(contact, name)
            for name in (
                "contact_date",
                "contact_time",
                "channel",
                "other_participants",
                "duration_minutes",
                "note",
                "version",
            )
        }
        values["staff"] = [user.pk for user in contact.staff.all()]
        return values

    def action_fields(self):
        data = self.cleaned_data
        fields = {
            "contact_date": data["contact_date"],
            "channel": data["channel"],
            "contact_time": data.get("contact_time"),
            "duration_minutes": data.get("duration_minutes"),
            "note": data.get("note") or "",
            "other_participants": data.get("other_participants") or "",
        }
        if "staff" in self.fields:
            fields["staff"] = list(data.get("staff") or [])
        return fields


class QuickContactForm(ContactForm):
    """The contact form with a choice of participant from the user's own caseload."""

    enrollment = forms.ModelChoiceField(
        label=_("Deltagare"), queryset=Enrollment.objects.none(), empty_label=_("Välj deltagare")
    )

    field_order = ["enrollment", *ContactForm.field_order]

    def __init__(self, *args, enrollments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrollment"].queryset = enrollments
        self.fields["enrollment"].label_from_instance = lambda e: (
            f"{e.person.display_name} ({e.project.name})"
        )
        self.order_fields(self.field_order)


class MeetingForm(_Versioned):
    meeting_date = forms.DateField(
        label=_("Datum"),
        widget=DateInput,
        help_text=_("Ett möte som är bokat men inte hållit kan registreras i förväg."),
    )
    kind = forms.ChoiceField(label=_("Typ av möte"), choices=MeetingKind.choices, widget=forms.RadioSelect)
    actors = forms.MultipleChoiceField(
        label=_("Aktörer som var med"), choices=Actor.choices, widget=forms.CheckboxSelectMultiple
    )
    actor_names = forms.CharField(
        label=_("Namn på deltagarna"),
        required=False,
        max_length=500,
        help_text=_("T.ex. handläggare på AF, kontaktperson på vårdcentralen."),
    )
    decisions = forms.CharField(
        label=_("Beslut"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ett beslut per rad: vad, vem och när."),
    )
    next_meeting_date = forms.DateField(label=_("Nästa möte"), required=False, widget=DateInput)
    note = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    @staticmethod
    def initial_for(meeting):
        return {
            "meeting_date": meeting.meeting_date,
            "kind": meeting.kind,
            "actors": [a.actor for a in meeting.actors.all()],
            "actor_names": meeting.actor_names,
            "decisions": "\n".join(meeting.decisions),
            "next_meeting_date": meeting.next_meeting_date,
            "note": meeting.note,
            "version": meeting.version,
        }

    def action_fields(self):
        data = self.cleaned_data
        return {
            "meeting_date": data["meeting_date"],
            "kind": data["kind"],
            "actors": data["actors"],
            "actor_names": data.get("actor_names") or "",
            "decisions": data.get("decisions") or "",
            "next_meeting_date": data.get("next_meeting_date"),
            "note": data.get("note") or "",
        }


class SupportPeriodForm(_Versioned):
    kind = forms.ChoiceField(label=_("Typ av stöd"), choices=SupportKind.choices, widget=forms.RadioSelect)
    started_on = forms.DateField(label=_("Start i arbete eller studier"), widget=DateInput)
    place = forms.CharField(label=_("Arbetsgivare eller skola"), max_length=200)
    role = forms.CharField(label=_("Yrke eller utbildning"), required=False, max_length=200)
    note = forms.CharField(
        label=_("Anteckning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("T.ex. vad personen vill ha stöd med."),
    )

    @staticmethod
    def initial_for(period):
        return {
            name: getattr(period, name) for name in ("kind", "started_on", "place", "role", "note", "version")
        }

    def action_fields(self):
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "started_on": data["started_on"],
            "place": data["place"],
            "role": data.get("role") or "",
            "note": data.get("note") or "",
        }


class EndSupportForm(forms.Form):
    ended_on = forms.DateField(label=_("Stödet avslutades"), widget=DateInput)
    end_reason = forms.ChoiceField(
        label=_("Anledning"), choices=SupportEndReason.choices, widget=forms.RadioSelect
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class SupportFollowUpForm(_Versioned):
    followed_up_on = forms.DateField(label=_("Datum"), widget=DateInput)
    channel = forms.ChoiceField(label=_("Kontaktform"), choices=Channel.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Anteckning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hur det går på arbetet eller i studierna, och vad som behövs."),
    )

    @staticmethod
    def initial_for(follow_up):
        return {name: getattr(follow_up, name) for name in ("followed_up_on", "channel", "note", "version")}

    def action_fields(self):
        data = self.cleaned_data
        return {
            "followed_up_on": data["followed_up_on"],
            "channel": data["channel"],
            "note": data.get("note") or "",
        }


class DeleteForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)

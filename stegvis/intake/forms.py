"""Forms of the intake pages. They only shape input; the actions validate and write.

The public form leaves every check to :func:`stegvis.intake.actions.submit_request`, so each
message is written once, in plain words, and translated; its fields therefore carry no
``required`` or length rules of their own (the browser gets ``maxlength`` as a hint only).
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stegvis.intake.models import (
    CLOSING_OUTCOMES,
    MESSAGE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    SUBMITTED_FIELDS,
    AgeGroup,
    BestTime,
    CallbackResult,
    ContactMethod,
    IntakePage,
    Status,
)
from stegvis.organizations.models import Organization, Project
from stegvis.participants.forms import PERSON_FIELDSETS, EnrolForm, PersonFieldsForm, group_fields

HONEYPOT_FIELD = "webbplats"


class LenientChoiceField(forms.ChoiceField):
    """A choice the action checks: an unknown value passes through so the action names the field."""

    def validate(self, value):
        pass


class SelfReferralForm(forms.Form):
    """The public form: the minimum needed to call someone back, nothing else."""

    name = forms.CharField(
        label=_("Ditt namn"),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": NAME_MAX_LENGTH, "autocomplete": "name"}),
    )
    contact_method = LenientChoiceField(
        label=_("Hur vill du att vi kontaktar dig?"),
        required=False,
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(
        label=_("Telefonnummer"),
        required=False,
        help_text=_("Om du vill att vi ringer eller skickar sms."),
        widget=forms.TextInput(
            attrs={"type": "tel", "maxlength": 32, "autocomplete": "tel", "inputmode": "tel"}
        ),
    )
    email = forms.CharField(
        label=_("E-postadress"),
        required=False,
        help_text=_("Om du vill att vi skickar e-post."),
        widget=forms.TextInput(
            attrs={"type": "email", "maxlength": 254, "autocomplete": "email", "inputmode": "email"}
        ),
    )
    best_time = LenientChoiceField(
        label=_("När passar det bäst att vi hör av oss?"),
        required=False,
        choices=BestTime.choices,
        widget=forms.RadioSelect,
        initial=BestTime.ANY,
    )
    age_group = LenientChoiceField(
        label=_("Hur gammal är du?"),
        required=False,
        choices=AgeGroup.choices,
        widget=forms.RadioSelect,
        help_text=_("Om du skriver för någon annan: hur gammal är den personen?"),
    )
    on_behalf = forms.BooleanField(
        label=_("Jag är förälder och skriver för en ung person"),
        required=False,
    )
    message = forms.CharField(
        label=_("Vill du berätta något mer? (du behöver inte)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MESSAGE_MAX_LENGTH}),
    )
    # The honeypot: hidden from people (and screen readers), filled in by form-filling robots.
    webbplats = forms.CharField(
        label=_("Lämna det här fältet tomt"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built here, in the page's language (a lazy text would be formatted at import, in Swedish).
        self.fields["message"].help_text = gettext("Högst %(max)s tecken.") % {"max": MESSAGE_MAX_LENGTH}

    def is_robot(self):
        return bool((self.data.get(HONEYPOT_FIELD) or "").strip())

    def action_fields(self):
        data = self.cleaned_data
        return {name: data.get(name) for name in SUBMITTED_FIELDS}


# --- Staff ---------------------------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Öppna (nya och pågående)")), *Status.choices, ("alla", _("Alla"))],
    )
    page = forms.ModelChoiceField(
        label=_("Anmälningssida"),
        queryset=IntakePage.objects.none(),
        required=False,
        empty_label=_("Alla sidor"),
    )

    def __init__(self, *args, pages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].queryset = pages


class CallbackForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Resultat"), choices=[("", _("Välj resultat")), *CallbackResult.choices]
    )
    attempted_at = forms.DateTimeField(
        label=_("Tidpunkt"),
        required=False,
        help_text=_("Lämna tomt för just nu."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    note = forms.CharField(
        label=_("Anteckning"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        choices=[("", _("Välj utfall"))] + [(o.value, o.label) for o in CLOSING_OUTCOMES],
        help_text=_(
            "Blev personen inskriven? Använd ”Skriv in” i stället, så hänger anmälan ihop med inskrivningen."
        ),
    )
    note = forms.CharField(
        label=_("Anteckning"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("T.ex. vart personen hänvisades."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ConvertForm(PersonFieldsForm, EnrolForm):
    """Register the person (or find them by personnummer) and enrol them, in one form.

    The participants app's own fields, so conversion asks exactly what registering and enrolling
    ask; referrer and intake channel are fixed to egenremiss by the action.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)

    field_order = [
        "personnummer",
        "birth_year",
        "protected_identity",
        "first_name",
        "last_name",
        "gender",
        "contact_preference",
        "phone",
        "email",
        "language",
        "language_other",
        "interpreter_needed",
        "project",
        "organization",
        "start_date",
        "coordinator",
        "need_group",
        "new_need_group",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("referrer", "intake_channel"):
            del self.fields[name]
        self.fields["personnummer"].help_text = _(
            "Finns personen redan registrerad med samma nummer används den posten. Lämna tomt för att "
            "registrera anonymt med födelseår."
        )

    def clean(self):
        data = super().clean()
        self.birth_year_required(data)
        return data

    def person_groups(self):
        # "organization" here is the enrolling organisation, asked with the start.
        return group_fields(self, PERSON_FIELDSETS, "person", exclude={"organization"})


class PageForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organization.objects.none(), empty_label=_("Välj organisation")
    )
    project = forms.ModelChoiceField(
        label=_("Projekt"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("Inget projekt (organisationens allmänna intag)"),
    )
    name = forms.CharField(
        label=_("Namn"), max_length=120, help_text=_("Visas som rubrik, t.ex. ”Ungdomsintaget”.")
    )
    slug = forms.CharField(
        label=_("Adress"),
        max_length=60,
        help_text=_(
            "Sidan nås på /anmalan/<adress>/. Små bokstäver a–z, siffror och bindestreck. "
            "Välj en adress som inte går att gissa sig till från andra sidor om sidan ska vara stängd."
        ),
    )
    contact = forms.CharField(
        label=_("Kontaktuppgifter"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Hur man når organisationen med frågor om sina uppgifter (telefon, e-post). Visas på "
            "integritetssidan."
        ),
    )
    is_active = forms.BooleanField(label=_("Öppen för anmälningar"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organizations, projects, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["project"].queryset = projects
        if not editing:
            del self.fields["version"]


class RetentionForm(forms.Form):
    retention_days = forms.IntegerField(
        label=_("Lagringstid (dagar)"),
        min_value=1,
        max_value=1095,
        help_text=_(
            "Egenremisser som inte blivit inskrivningar raderas automatiskt så här många dagar efter att "
            "de skickades. Standard är 90 dagar."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

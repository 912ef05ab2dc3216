"""Forms of the surveys app: the coordinator's link form, the project settings and the participant's survey."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import DateInput
from stegvis.interventions.models import Intervention
from stegvis.participants import onetime_links
from stegvis.surveys.actions import DEFAULT_VALID_DAYS, DONT_KNOW, MAX_LATER_DAYS, MAX_TEXT, MAX_VALID_DAYS
from stegvis.surveys.models import Mode, Survey


class CreateLinkForm(onetime_links.CreateLinkForm):
    channel_label = _("Hur får deltagaren enkäten?")
    max_valid_days = MAX_VALID_DAYS
    default_valid_days = DEFAULT_VALID_DAYS
    valid_days_errors = {
        "invalid": _("Ange ett heltal."),
        "required": _("Ange hur många dagar länken ska gälla."),
    }


class ProjectSettingsForm(forms.Form):
    exit_survey = forms.ModelChoiceField(
        label=_("Slutenkät"),
        queryset=Survey.objects.filter(is_active=True),
        required=False,
        empty_label=_("Standard: den senaste slutenkäten"),
        error_messages={"invalid_choice": _("Välj en enkät som är i bruk.")},
    )
    mode = forms.ChoiceField(
        label=_("Svar"),
        choices=Mode.choices,
        widget=forms.RadioSelect,
        initial=Mode.ANONYMOUS,
        help_text=_(
            "Anonyma svar kan inte kopplas till deltagaren, inte ens av en administratör. "
            "Koordinatorn ser bara om enkäten är besvarad."
        ),
    )
    send_at_exit = forms.BooleanField(
        label=_("Skicka enkäten automatiskt vid avslut"),
        required=False,
        help_text=_("Med SMS eller e-post, när deltagaren har ett mobilnummer eller en e-postadress."),
    )
    later_days = forms.IntegerField(
        label=_("Skicka igen, antal dagar efter avslut"),
        required=False,
        min_value=1,
        max_value=MAX_LATER_DAYS,
        help_text=_("Tomt betyder att enkäten inte skickas igen."),
        error_messages={"invalid": _("Ange ett heltal.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class SurveyAnswerForm(forms.Form):
    """All questions on one page: a radio group per statement, a text area per free-text question."""

    def __init__(self, *args, questions, texts, words, **kwargs):
        super().__init__(*args, **kwargs)
        self.question_fields = []
        steps = [(str(v), words[str(v)]) for v in range(1, 6)] + [(DONT_KNOW, words["x"])]
        for question in questions:
            label, lang = texts.get(question)
            name = f"q_{question.code}"
            if question.is_statement:
                field = forms.ChoiceField(
                    label=label,
                    choices=steps,
                    widget=forms.RadioSelect,
                    required=False,
                    error_messages={"invalid_choice": _("Välj ett av svaren.")},
                )
            else:
                field = forms.CharField(
                    label=label,
                    required=False,
                    max_length=MAX_TEXT,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    error_messages={"max_length": _("Skriv högst %(limit_value)d tecken.")},
                )
            field.text_lang = lang
            self.fields[name] = field
            self.question_fields.append((question, name))

    def answers(self):
        """``(values, texts)`` keyed by question code, for :func:`stegvis.surveys.actions.submit_response`."""
        values, texts = {}, {}
        for question, name in self.question_fields:
            value = self.cleaned_data.get(name) or ""
            (values if question.is_statement else texts)[question.code] = value
        return values, texts


class CourseEvaluationForm(forms.Form):
    """Attach a survey to a course of the project's catalogue, or to one occasion of it (dates)."""

    intervention = forms.ModelChoiceField(
        label=_("Kurs (insats i katalogen)"),
        queryset=Intervention.objects.none(),
        empty_label=_("Välj insats"),
        error_messages={"invalid_choice": _("Välj en insats i projektets katalog.")},
    )
    survey = forms.ModelChoiceField(
        label=_("Enkät"),
        queryset=Survey.objects.filter(is_active=True),
        empty_label=_("Välj enkät"),
        error_messages={"invalid_choice": _("Välj en enkät som är i bruk.")},
    )
    name = forms.CharField(
        label=_("Kurstillfälle"),
        max_length=200,
        required=False,
        help_text=_("T.ex. ”Vårterminen 2026”. Kan lämnas tomt."),
    )
    starts_on = forms.DateField(
        label=_("Tillfället börjar"),
        required=False,
        widget=DateInput,
        error_messages={"invalid": _("Ange ett datum som ÅÅÅÅ-MM-DD.")},
    )
    ends_on = forms.DateField(
        label=_("Tillfället slutar"),
        required=False,
        widget=DateInput,
        error_messages={"invalid": _("Ange ett datum som ÅÅÅÅ-MM-DD.")},
        help_text=_(
            "Med datum får de som deltog under tillfället enkäten när det slutar. Utan datum får varje "
            "deltagare den när hens insats slutar."
        ),
    )
    mode = forms.ChoiceField(label=_("Svar"), choices=Mode.choices, initial=Mode.ANONYMOUS)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"].queryset = Intervention.objects.filter(project=project).order_by("name")

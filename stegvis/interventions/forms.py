"""Forms of the intervention pages. They only shape input; the actions validate and write.

Each form knows which of its fields are action arguments (``action_fields``), so the views pass
them on without repeating the field lists.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import DateInput, VersionedForm
from stegvis.employers.models import Employer
from stegvis.interventions.models import (
    Category,
    IntegrationSupport,
    Intervention,
    Kind,
    Outcome,
    WorkplaceType,
)
from stegvis.organizations.models import Organization


def _blank(choices, label):
    return [("", label)] + list(choices)


class InterventionForm(VersionedForm):
    name = forms.CharField(label=_("Namn"), max_length=200)
    category = forms.ChoiceField(
        label=_("Kategori"),
        choices=_blank(Category.choices, _("Välj kategori")),
        help_text=_("Det som rapporten om vad som fungerar jämför."),
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=_blank(Kind.choices, _("Välj typ")))
    provider_organization = forms.ModelChoiceField(
        label=_("Anordnare (organisation)"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        empty_label=_("Annan anordnare (skriv nedan)"),
    )
    provider_name = forms.CharField(
        label=_("Anordnare (fritext)"),
        max_length=200,
        required=False,
        help_text=_("T.ex. ett studieförbund eller en förening som inte finns i registret."),
    )
    organization = forms.ModelChoiceField(
        label=_("Bara för organisation"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("Alla organisationer i projektet"),
    )
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    active = forms.BooleanField(label=_("Aktiv (kan väljas för nya deltagare)"), required=False, initial=True)
    integration_support = forms.ChoiceField(
        label=_("Integrationsstöd (AMIF)"),
        choices=_blank(IntegrationSupport.choices, _("Inget eller enligt typen")),
        required=False,
        help_text=_(
            "SFI räknas som språkkurs och samhällsorientering som samhällsorientering utan att du väljer "
            "något här. Välj för andra insatser, t.ex. en kurs i svenska på arbetsplatsen."
        ),
    )

    action_field_names = (
        "name",
        "category",
        "kind",
        "provider_organization",
        "provider_name",
        "organization",
        "description",
        "active",
        "integration_support",
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            Organization.objects.filter(Q(pk=project.owner_id) | Q(partner_projects=project))
            .distinct()
            .order_by("name")
        )

    def action_fields(self):
        fields = super().action_fields()
        fields["provider_name"] = fields["provider_name"] or ""
        fields["description"] = fields["description"] or ""
        fields["integration_support"] = fields["integration_support"] or ""
        return fields


class ParticipationForm(VersionedForm):
    intervention = forms.ModelChoiceField(
        label=_("Insats"), queryset=Intervention.objects.none(), empty_label=_("Välj insats")
    )
    start_date = forms.DateField(label=_("Startdatum"), widget=DateInput)
    end_date = forms.DateField(
        label=_("Slutdatum"),
        widget=DateInput,
        required=False,
        help_text=_("Lämna tomt så länge insatsen pågår."),
    )
    note = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    action_field_names = ("intervention", "start_date", "end_date", "note")

    def __init__(self, *args, interventions, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["intervention"]
        field.queryset = interventions.select_related("provider_organization").order_by("category", "name")
        field.label_from_instance = lambda entry: (
            f"{entry.name} – {entry.get_category_display()} ({entry.provider})"
        )

    def action_fields(self):
        fields = super().action_fields()
        fields["note"] = fields["note"] or ""
        return fields


class PlacementForm(VersionedForm):
    employer = forms.ModelChoiceField(
        label=_("Arbetsgivare i registret"),
        queryset=Employer.objects.none(),
        required=False,
        empty_label=_("Ingen (skriv arbetsplatsen nedan)"),
        help_text=_("Arbetsgivarna i den inskrivande organisationens register."),
    )
    workplace_name = forms.CharField(
        label=_("Arbetsplats"),
        max_length=200,
        required=False,
        help_text=_(
            "Lämna tomt för arbetsgivarens namn, eller skriv en arbetsplats som inte finns i registret."
        ),
    )
    workplace_type = forms.ChoiceField(
        label=_("Typ av arbetsplats"), choices=_blank(WorkplaceType.choices, _("Välj typ"))
    )
    supervisor_name = forms.CharField(label=_("Handledare"), max_length=200, required=False)
    supervisor_phone = forms.CharField(label=_("Handledarens telefon"), max_length=32, required=False)
    supervisor_email = forms.EmailField(label=_("Handledarens e-post"), required=False)
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        choices=Outcome.choices,
        initial=Outcome.PAGAR,
        help_text=_("Vad praktiken ledde till. Pågår tills det är klart."),
    )

    action_field_names = (
        "employer",
        "workplace_name",
        "workplace_type",
        "supervisor_name",
        "supervisor_phone",
        "supervisor_email",
        "outcome",
    )
    text_fields = action_field_names[1:]

    def __init__(self, *args, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers.order_by("name")


class PlacementFollowUpForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DateInput)
    note = forms.CharField(
        label=_("Anteckning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hur det går, enligt deltagaren och handledaren."),
    )

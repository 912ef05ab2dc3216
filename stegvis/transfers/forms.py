"""Forms of the transfer pages. The actions validate and word every error; the forms only read input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.organizations.models import Organization
from stegvis.participants.forms import CoordinatorChoiceField, coordinators_for
from stegvis.transfers.models import TEXT_MAX_LENGTH


class ProposeForm(forms.Form):
    """Which organisation should take over, and why. ``choices``: ``[(id, name)]`` of the candidates."""

    to_organization = forms.TypedChoiceField(
        label=_("Till organisation"), coerce=int, empty_value=None, required=False
    )
    note = forms.CharField(
        label=_("Varför"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Den mottagande organisationen läser detta innan den svarar. Skriv bara det som behövs "
            "för beslutet."
        ),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organization"].choices = [("", _("Välj organisation")), *choices]

    def clean_to_organization(self):
        pk = self.cleaned_data.get("to_organization")
        return Organization.objects.filter(pk=pk).first() if pk is not None else None


class _Answer(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AcceptForm(_Answer):
    coordinator = CoordinatorChoiceField(
        label=_("Koordinator hos er"),
        required=False,
        help_text=_(
            "Välj koordinatorn nu, så räknas överlämningen som ett enda koordinatorbyte i uppföljningen."
        ),
    )

    def __init__(self, *args, transfer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].choices = [("", _("Ingen koordinator än"))] + coordinators_for(
            project_ids=[transfer.enrollment.project_id], organization_ids=[transfer.to_organization_id]
        )


class DeclineForm(_Answer):
    decline_reason = forms.CharField(
        label=_("Skäl att avböja"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Den organisation som föreslog överföringen läser skälet."),
    )


class WithdrawForm(_Answer):
    pass

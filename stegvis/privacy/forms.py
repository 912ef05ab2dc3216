"""The forms of the retention rules and of erasure on request."""

from typing import Any, cast

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import SearchInput
from stegvis.privacy.actions import REASON_MAX_LENGTH
from stegvis.privacy.models import MAX_MONTHS, MIN_MONTHS, RetentionRule


def _months_field(name: str) -> forms.IntegerField:
    model_field = cast("models.Field[Any, Any]", RetentionRule._meta.get_field(name))
    return forms.IntegerField(
        label=model_field.verbose_name,
        help_text=model_field.help_text,
        min_value=MIN_MONTHS,
        max_value=MAX_MONTHS,
    )


class RuleForm(forms.Form):
    identity_months = _months_field("identity_months")
    casework_months = _months_field("casework_months")
    answers_months = _months_field("answers_months")
    links_months = _months_field("links_months")
    audit_months = _months_field("audit_months")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class FindForm(forms.Form):
    identifier = forms.CharField(
        label=_("Personnummer eller deltagarreferens"), max_length=64, widget=SearchInput()
    )
    organization = forms.CharField(
        label=_("Organisationens kod"),
        max_length=50,
        required=False,
        help_text=_("Behövs bara när flera organisationer använder samma referens."),
    )


class ErasureForm(forms.Form):
    """Step one: why, and whether an active enrolment may be anonymised too."""

    reason = forms.CharField(
        label=_("Skäl"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Till exempel ”Begäran om radering från den registrerade, inkom 2025-03-01”. Sparas i loggen, "
            "så skriv inte personens namn eller personnummer."
        ),
    )
    force = forms.BooleanField(
        label=_("Anonymisera trots pågående inskrivning"),
        required=False,
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

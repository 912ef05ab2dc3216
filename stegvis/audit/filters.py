"""Filters for the audit log page."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.core.forms import LongSelect


class DateInput(forms.DateInput):
    input_type = "date"


class AuditFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        label=_("Användare"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Alla användare"),
        widget=LongSelect,
    )
    action = django_filters.ChoiceFilter(
        label=_("Händelse"), choices=AuditAction.choices, empty_label=_("Alla händelser")
    )
    object_type = django_filters.ChoiceFilter(label=_("Objekttyp"), choices=(), empty_label=_("Alla typer"))
    person = django_filters.NumberFilter(label=_("Deltagare (id)"), field_name="person_id", min_value=1)
    date_from = django_filters.DateFilter(
        label=_("Från och med"), field_name="at", lookup_expr="date__gte", widget=DateInput
    )
    date_to = django_filters.DateFilter(
        label=_("Till och med"), field_name="at", lookup_expr="date__lte", widget=DateInput
    )

    class Meta:
        model = AuditEntry
        fields = ["user", "action", "object_type", "person", "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["user"].queryset = get_user_model().objects.order_by("username")
        self.filters["user"].field.label_from_instance = lambda u: (
            f"{u.get_full_name()} ({u.get_username()})" if u.get_full_name() else u.get_username()
        )
        types = AuditEntry.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
        self.filters["object_type"].extra["choices"] = [(t, OBJECT_TYPE_LABELS.get(t, t)) for t in types if t]


OBJECT_TYPE_LABELS = {
    "participants.person": _("Deltagare"),
    "participants.enrollment": _("Inskrivning"),
    "participants.participantref": _("Deltagarreferens"),
    "organizations.organization": _("Organisation"),
    "organizations.project": _("Projekt"),
    "organizations.staffrole": _("Roll"),
    "organizations.needgroup": _("Behovsgrupp"),
    "auth.user": _("Användarkonto"),
    "progression.measurement": _("Mätning"),
    "progression.languagelevel": _("Språknivå"),
    "progression.selfassessmentlink": _("Självskattningslänk"),
    "progression.instrument": _("Instrument"),
    "progression.projectprogressionsettings": _("Mätplan"),
    "demo.demodataset": _("Demodata"),
    "audit.auditentry": _("Granskningslogg"),
}

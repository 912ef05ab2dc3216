"""The filters of the employer list (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import SearchInput
from stegvis.employers.models import Employer, Industry
from stegvis.organizations.models import Organization

ACTIVE, INACTIVE = "ja", "nej"


class EmployerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Sök"), method="filter_search", widget=SearchInput(_("Namn, organisationsnummer eller ort"))
    )
    industry = django_filters.ChoiceFilter(
        label=_("Bransch"), choices=Industry.choices, empty_label=_("Alla branscher")
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organisation"), queryset=Organization.objects.none(), empty_label=_("Alla organisationer")
    )
    active = django_filters.ChoiceFilter(
        label=_("Aktiv"),
        method="filter_active",
        empty_label=_("Alla"),
        choices=[(ACTIVE, _("Aktiva")), (INACTIVE, _("Inte aktiva"))],
    )

    class Meta:
        model = Employer
        fields = ["q", "industry", "organization", "active"]

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["organization"].queryset = organizations

    def filter_search(self, queryset, name, value):
        q = Q()
        for word in value.split():
            q &= Q(name__icontains=word) | Q(org_number__icontains=word) | Q(city__icontains=word)
        return queryset.filter(q)

    def filter_active(self, queryset, name, value):
        if value == ACTIVE:
            return queryset.filter(active=True)
        if value == INACTIVE:
            return queryset.filter(active=False)
        return queryset

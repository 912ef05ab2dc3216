"""Filters of the administration lists (django-filter)."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from stegvis.core.forms import SearchInput
from stegvis.organizations.models import Organization, OrganizationKind, Project, Role, StaffRole

ACTIVE, INACTIVE = "ja", "nej"


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Sök"),
        method="filter_search",
        widget=SearchInput(_("Namn eller kod")),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Typ"), choices=OrganizationKind.choices, empty_label=_("Alla typer")
    )

    class Meta:
        model = Organization
        fields = ["q", "kind"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value)) if value else queryset


class StaffFilter(django_filters.FilterSet):
    """Accounts by role, organisation or project. Each filter is an EXISTS, so no account repeats."""

    q = django_filters.CharFilter(
        label=_("Sök"),
        method="filter_search",
        widget=SearchInput(_("Namn, användarnamn eller e-post")),
    )
    role = django_filters.ChoiceFilter(
        label=_("Roll"), choices=Role.choices, method="filter_role", empty_label=_("Alla roller")
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        method="filter_organization",
        empty_label=_("Alla organisationer"),
    )
    project = django_filters.ModelChoiceFilter(
        label=_("Projekt"),
        queryset=Project.objects.none(),
        method="filter_project",
        empty_label=_("Alla projekt"),
    )
    active = django_filters.ChoiceFilter(
        label=_("Aktiv"),
        method="filter_active",
        empty_label=_("Alla"),
        choices=[(ACTIVE, _("Aktiva")), (INACTIVE, _("Inaktiverade"))],
    )

    class Meta:
        model = get_user_model()
        fields = ["q", "role", "organization", "project", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["organization"].queryset = Organization.objects.order_by("name")
        self.filters["project"].queryset = Project.objects.order_by("name")

    @staticmethod
    def _has_role(queryset, **lookups):
        return queryset.filter(Exists(StaffRole.objects.filter(user=OuterRef("pk"), **lookups)))

    def filter_search(self, queryset, name, value):
        q = Q()
        for word in value.split():
            q &= (
                Q(username__icontains=word)
                | Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
            )
        return queryset.filter(q)

    def filter_role(self, queryset, name, value):
        return self._has_role(queryset, role=value) if value else queryset

    def filter_organization(self, queryset, name, value):
        return self._has_role(queryset, organization=value) if value else queryset

    def filter_project(self, queryset, name, value):
        return self._has_role(queryset, project=value) if value else queryset

    def filter_active(self, queryset, name, value):
        if value == ACTIVE:
            return queryset.filter(is_active=True)
        if value == INACTIVE:
            return queryset.filter(is_active=False)
        return queryset

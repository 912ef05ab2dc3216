"""The participant list's search and filters.

Every filter works on enrolments the user may see (``Enrollment.objects.restrict``), so a
filter can never reveal that a person has an enrolment somewhere the user has no access to.
The age band is computed in the database from the birth year, so filtering and counting
need no Python loop over persons.
"""

import re

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Exists, ExpressionWrapper, F, IntegerField, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.core.access import VIEW, scope_of
from stegvis.core.forms import SearchInput
from stegvis.organizations.models import Organization, Project
from stegvis.participants.models import Enrollment, Gender, ParticipantRef, Person, Referrer

AGE_BANDS = (
    ("-19", _("19 år eller yngre"), None, 19),
    ("20-29", _("20–29 år"), 20, 29),
    ("30-39", _("30–39 år"), 30, 39),
    ("40-49", _("40–49 år"), 40, 49),
    ("50-59", _("50–59 år"), 50, 59),
    ("60-", _("60 år eller äldre"), 60, None),
)

STATUS_ACTIVE = "aktiv"
STATUS_ENDED = "avslutad"
STATUS_NOT_ENROLLED = "ej_inskriven"


def visible_persons(user):
    """Persons the user may see, without merged-away records."""
    return Person.objects.restrict(user, VIEW).filter(merged_into__isnull=True)


def visible_enrollments(user):
    """Enrolments the user may see."""
    return Enrollment.objects.restrict(user, VIEW)


def with_age(queryset):
    """Annotate ``age``: this year minus the birth year, computed by the database."""
    return queryset.annotate(
        age=ExpressionWrapper(Value(timezone.localdate().year) - F("birth_year"), output_field=IntegerField())
    )


def search_q(query):
    """Name, personnummer (in any typed form) or the organisation's own reference.

    Numbers are matched on the normalised 12 digits stored; protected identities store no
    number, so they can never be found by one.
    """
    query = (query or "").strip()
    if not query:
        return Q()
    digits = re.sub(r"\D", "", query)
    looks_like_number = len(digits) >= 6 and not re.search(r"[^\d\s+\-]", query)
    refs = ParticipantRef.objects.filter(person=OuterRef("pk"), ref__iexact=query)
    q = Q(Exists(refs))
    if looks_like_number:
        if len(digits) == 12:
            q |= Q(personnummer=digits)
        elif len(digits) == 10:
            q |= Q(personnummer__endswith=digits)
        elif len(digits) == 8:
            q |= Q(personnummer__startswith=digits)
        elif len(digits) == 6:
            q |= Q(personnummer__regex=rf"^\d\d{digits}")
        q &= Q(protected_identity=False) | Q(Exists(refs))
        return q
    name_q = Q()
    for word in query.split():
        name_q &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return q | name_q


class ParticipantFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Sök"),
        method="filter_search",
        widget=SearchInput(_("Namn, personnummer eller referens")),
    )
    project = django_filters.ModelChoiceFilter(
        label=_("Projekt"),
        queryset=Project.objects.none(),
        method="filter_project",
        empty_label=_("Alla projekt"),
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        method="filter_organization",
        empty_label=_("Alla organisationer"),
    )
    coordinator = django_filters.ModelChoiceFilter(
        label=_("Koordinator"),
        queryset=get_user_model().objects.none(),
        method="filter_coordinator",
        empty_label=_("Alla koordinatorer"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        empty_label=_("Alla"),
        choices=[
            (STATUS_ACTIVE, _("Aktiv")),
            (STATUS_ENDED, _("Avslutad")),
            (STATUS_NOT_ENROLLED, _("Ej inskriven")),
        ],
    )
    referrer = django_filters.ChoiceFilter(
        label=_("Anvisare"),
        choices=Referrer.choices,
        method="filter_referrer",
        empty_label=_("Alla anvisare"),
    )
    gender = django_filters.ChoiceFilter(label=_("Kön"), choices=Gender.choices, empty_label=_("Alla"))
    age_band = django_filters.ChoiceFilter(
        label=_("Ålder"),
        choices=[(c, label) for c, label, _lo, _hi in AGE_BANDS],
        method="filter_age_band",
        empty_label=_("Alla åldrar"),
    )

    class Meta:
        model = Person
        fields = ["q", "project", "organization", "coordinator", "status", "referrer", "gender", "age_band"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = request.user
        self._enrollments = visible_enrollments(user)
        self.filters["project"].queryset = Project.objects.restrict(user, VIEW).order_by("name")
        if scope_of(user).is_admin:
            orgs = Organization.objects.all()
        else:
            orgs = Organization.objects.filter(
                Q(pk__in=self._enrollments.values("organization_id"))
                | Q(pk__in=scope_of(user).coordinator_organizations)
            )
        self.filters["organization"].queryset = orgs.order_by("name")
        self.filters["coordinator"].queryset = (
            get_user_model()
            .objects.filter(pk__in=self._enrollments.values("coordinator_id"))
            .order_by("first_name", "last_name", "username")
        )
        self.filters["coordinator"].field.label_from_instance = lambda u: (
            u.get_full_name() or u.get_username()
        )

    def _with_enrollment(self, queryset, **conditions):
        return queryset.filter(Exists(self._enrollments.filter(person=OuterRef("pk"), **conditions)))

    def filter_search(self, queryset, name, value):
        return queryset.filter(search_q(value))

    def filter_project(self, queryset, name, value):
        return self._with_enrollment(queryset, project=value) if value else queryset

    def filter_organization(self, queryset, name, value):
        if not value:
            return queryset
        enrolled = Exists(self._enrollments.filter(person=OuterRef("pk"), organization=value))
        return queryset.filter(enrolled | Q(registered_by=value))

    def filter_coordinator(self, queryset, name, value):
        return self._with_enrollment(queryset, coordinator=value) if value else queryset

    def filter_referrer(self, queryset, name, value):
        return self._with_enrollment(queryset, referrer=value) if value else queryset

    def filter_status(self, queryset, name, value):
        any_enrollment = Exists(self._enrollments.filter(person=OuterRef("pk")))
        active = Exists(self._enrollments.filter(person=OuterRef("pk"), end_date__isnull=True))
        if value == STATUS_ACTIVE:
            return queryset.filter(active)
        if value == STATUS_ENDED:
            return queryset.filter(any_enrollment).exclude(active)
        if value == STATUS_NOT_ENROLLED:
            return queryset.exclude(Exists(Enrollment.objects.filter(person=OuterRef("pk"))))
        return queryset

    def filter_age_band(self, queryset, name, value):
        for code, _label, low, high in AGE_BANDS:
            if code == value:
                queryset = with_age(queryset)
                if low is not None:
                    queryset = queryset.filter(age__gte=low)
                if high is not None:
                    queryset = queryset.filter(age__lte=high)
        return queryset

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
from stegvis.core.forms import LongSelect, SearchInput
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

MAX_COORDINATOR_CHOICES = 200
"""The most coordinators the list's coordinator filter offers at once (see ``_limit_coordinators``)."""

STATUS_ACTIVE = "aktiv"
STATUS_ENDED = "avslutad"
STATUS_NOT_ENROLLED = "ej_inskriven"


def visible_persons(user):
    """Persons the user may see, without merged-away records."""
    return Person.objects.restrict(user, VIEW).filter(merged_into__isnull=True)


def visible_enrollments(user):
    """Enrolments the user may see."""
    return Enrollment.objects.restrict(user, VIEW)


def my_active_enrollments(user):
    """The ongoing enrolments where ``user`` is the coordinator (the list's default for them)."""
    return visible_enrollments(user).filter(coordinator=user, end_date__isnull=True)


def with_age(queryset):
    """Annotate ``age``: this year minus the birth year, computed by the database."""
    return queryset.annotate(
        age=ExpressionWrapper(Value(timezone.localdate().year) - F("birth_year"), output_field=IntegerField())
    )


def search_q(query):
    """Name, personnummer (in any typed form) or the organisation's own reference.

    Numbers are matched on the normalised 12 digits stored; protected identities store no
    number, so they can never be found by one. A number typed without the century (10 or 6
    digits) is looked up with 19 and 20 in front: everyone in the register was born in
    1900 or later.

    The matches are one subquery, ``pk IN (refs UNION ALL numbers or names)``, each part able
    to use an index: the reference's (``UPPER(ref)``), the personnummer's, and on PostgreSQL the
    trigram indexes of the names (``docs/deployment.md``). Conditions joined by OR with a
    subquery would make PostgreSQL read every person instead.
    """
    query = (query or "").strip()
    if not query:
        return Q()
    digits = re.sub(r"\D", "", query)
    looks_like_number = len(digits) >= 6 and not re.search(r"[^\d\s+\-]", query)
    matches = ParticipantRef.objects.filter(ref__iexact=query).order_by().values("person_id")
    if looks_like_number:
        if len(digits) == 12:
            number_q = Q(personnummer=digits)
        elif len(digits) == 10:
            number_q = Q(personnummer__in=[f"19{digits}", f"20{digits}"])
        elif len(digits) == 8:
            number_q = Q(personnummer__startswith=digits)
        elif len(digits) == 6:
            number_q = Q(personnummer__startswith=f"19{digits}") | Q(personnummer__startswith=f"20{digits}")
        else:
            return Q(pk__in=matches)
        found = Person.objects.filter(number_q, protected_identity=False)
    else:
        name_q = Q()
        for word in query.split():
            name_q &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        found = Person.objects.filter(name_q)
    return Q(pk__in=matches.union(found.order_by().values("pk"), all=True))


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
        widget=LongSelect,
    )
    organization = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        queryset=Organization.objects.none(),
        method="filter_organization",
        empty_label=_("Alla organisationer"),
        widget=LongSelect,
    )
    coordinator = django_filters.ModelChoiceFilter(
        label=_("Koordinator"),
        queryset=get_user_model().objects.none(),
        method="filter_coordinator",
        empty_label=_("Alla koordinatorer"),
        widget=LongSelect,
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
        widget=LongSelect,
    )
    referrer = django_filters.ChoiceFilter(
        label=_("Anvisare"),
        choices=Referrer.choices,
        method="filter_referrer",
        empty_label=_("Alla anvisare"),
        widget=LongSelect,
    )
    gender = django_filters.ChoiceFilter(
        label=_("Kön"), choices=Gender.choices, empty_label=_("Alla"), widget=LongSelect
    )
    age_band = django_filters.ChoiceFilter(
        label=_("Ålder"),
        choices=[(c, label) for c, label, _lo, _hi in AGE_BANDS],
        method="filter_age_band",
        empty_label=_("Alla åldrar"),
        widget=LongSelect,
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
                Exists(self._enrollments.filter(organization=OuterRef("pk")))
                | Q(pk__in=scope_of(user).coordinator_organizations)
            )
        self.filters["organization"].queryset = orgs.order_by("name")
        self._limit_coordinators()
        self.filters["coordinator"].field.label_from_instance = lambda u: (
            u.get_full_name() or u.get_username()
        )

    def _limit_coordinators(self):
        """The coordinators of the enrolments the user sees (of the project chosen, if one is).

        At most :data:`MAX_COORDINATOR_CHOICES`: an administrator of a large register sees
        thousands, too many for a drop-down (and a second of every page to draw it). Then only
        the coordinator already chosen is offered, and the field asks for a project first.
        EXISTS per account (an index lookup each) rather than IN over the enrolments, which for
        an administrator are a million rows. Two queries whatever the size.
        """
        field = self.filters["coordinator"]
        enrollments = self._enrollments
        project = str((self.data or {}).get("project") or "")
        if project.isdigit():
            enrollments = enrollments.filter(project_id=int(project))
        coordinators = get_user_model().objects.filter(Exists(enrollments.filter(coordinator=OuterRef("pk"))))
        ids = list(coordinators.order_by("pk").values_list("pk", flat=True)[: MAX_COORDINATOR_CHOICES + 1])
        if len(ids) > MAX_COORDINATOR_CHOICES:
            chosen = str((self.data or {}).get("coordinator") or "")
            ids = [int(chosen)] if chosen.isdigit() else []
            coordinators = coordinators.filter(pk__in=ids)
            field.extra["help_text"] = _("Välj ett projekt för att kunna välja bland dess koordinatorer.")
        else:
            coordinators = get_user_model().objects.filter(pk__in=ids)
        field.queryset = coordinators.order_by("first_name", "last_name", "username")

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

"""Forms of the token pages: the new token, and the list's filters.

A plain form rather than a ModelForm: the token is made by :func:`stegvis.api.actions.create_token`,
which checks what matters (a user with a role, projects the user reaches, the longest life) and
writes the audit log. Field names are the action's error keys, so its messages land at the field.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stegvis.api.actions import LONGEST_DAYS
from stegvis.api.models import ApiToken
from stegvis.organizations.models import Project, StaffRole

#: How long a token made on the page lives unless the administrator says otherwise.
DEFAULT_DAYS = 90

VALID, EXPIRED, REVOKED = "galler", "utgangen", "aterkallad"
STATES = [(VALID, _("Gäller")), (EXPIRED, _("Utgången")), (REVOKED, _("Återkallad"))]


def users_with_a_role() -> QuerySet:
    """Active accounts that have a role: a token of anyone else could read nothing."""
    has_role = Exists(StaffRole.objects.filter(user=OuterRef("pk")))
    return get_user_model().objects.filter(has_role, is_active=True).order_by("username")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        full_name = obj.get_full_name()
        return f"{obj.get_username()} ({full_name})" if full_name else obj.get_username()


class ProjectsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class TokenCreateForm(forms.Form):
    user = UserChoiceField(
        label=_("Användare"),
        queryset=get_user_model().objects.none(),
        empty_label=_("Välj användare"),
        help_text=_("Nyckeln får användarens behörighet, eller mindre om du begränsar den nedan."),
    )
    name = forms.CharField(
        label=_("Namn"),
        max_length=100,
        error_messages={"required": _("Ange vad nyckeln ska användas till.")},
        help_text=_("Vad nyckeln används till, t.ex. Power BI."),
    )
    read_only = forms.BooleanField(
        label=_("Bara läsning"),
        required=False,
        initial=True,
        help_text=_("Nyckeln kan läsa men inte ändra något."),
    )
    projects = ProjectsField(
        label=_("Projekt"),
        queryset=Project.objects.none(),
        required=False,
        help_text=_("Inget valt: alla projekt användaren har behörighet till."),
    )
    expires = forms.IntegerField(
        label=_("Giltig i antal dagar"),
        initial=DEFAULT_DAYS,
        error_messages={"required": _("Ange hur många dagar nyckeln ska gälla.")},
        help_text=_("1–%(days)s dagar. Därefter slutar nyckeln fungera.") % {"days": LONGEST_DAYS},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users_with_a_role()
        self.fields["projects"].queryset = Project.objects.order_by("name")


class TokenFilter(django_filters.FilterSet):
    user = django_filters.ModelChoiceFilter(
        label=_("Användare"), queryset=get_user_model().objects.none(), empty_label=_("Alla användare")
    )
    state = django_filters.ChoiceFilter(
        label=_("Läge"), choices=STATES, method="filter_state", empty_label=_("Alla lägen")
    )

    class Meta:
        model = ApiToken
        fields = ["user", "state"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owners = ApiToken.objects.values("user")
        self.filters["user"].queryset = get_user_model().objects.filter(pk__in=owners).order_by("username")

    def filter_state(self, queryset, name, value):
        now = timezone.now()
        if value == VALID:
            return queryset.usable()
        if value == EXPIRED:
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        if value == REVOKED:
            return queryset.filter(revoked_at__isnull=False)
        return queryset

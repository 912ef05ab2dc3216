"""Filters for the audit log page."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stegvis.audit.models import AuditAction, AuditEntry
from stegvis.core.forms import SearchInput


class DateInput(forms.DateInput):
    input_type = "date"


def object_types():
    """The kinds of object the log has entries about, in order: one index look-up per kind.

    ``SELECT DISTINCT`` reads every entry, and the log gains entries with every page anyone
    opens (a million soon enough). Each step of this recursive query asks the index on
    ``(object_type, object_id)`` for the next kind after the one before, so the cost grows with
    the dozen or so kinds, not with the entries. Both SQLite and PostgreSQL run it.
    """
    quote = connection.ops.quote_name
    table, column = quote(AuditEntry._meta.db_table), quote("object_type")
    sql = (
        f"WITH RECURSIVE kinds(kind) AS ("
        f"SELECT MIN({column}) FROM {table} "
        f"UNION ALL SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > kinds.kind) "
        f"FROM kinds WHERE kinds.kind IS NOT NULL"
        f") SELECT kind FROM kinds WHERE kind IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [row[0] for row in cursor.fetchall()]


class AuditFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(
        label=_("Användare"),
        method="filter_user",
        help_text=_("Namn eller användarnamn, helt eller delvis; tomt för alla användare."),
        widget=SearchInput(_("Namn eller användarnamn")),
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
        types = object_types()
        self.filters["object_type"].extra["choices"] = [(t, OBJECT_TYPE_LABELS.get(t, t)) for t in types if t]

    def filter_user(self, queryset, name, value):
        """Entries by the accounts whose name or username contains every word typed.

        A search box rather than a drop-down of every account: a register with thousands of
        staff accounts would draw them all on every page of the log. A number is an account's
        id (links into the log name the account that way). The accounts are one subquery, so
        the log is still read through its index on the user.
        """
        words = value.split()
        if not words:
            return queryset
        if len(words) == 1 and words[0].isdigit():
            return queryset.filter(user_id=int(words[0]))
        matches = Q()
        for word in words:
            matches &= (
                Q(username__icontains=word) | Q(first_name__icontains=word) | Q(last_name__icontains=word)
            )
        return queryset.filter(user__in=get_user_model().objects.filter(matches).values("pk"))


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

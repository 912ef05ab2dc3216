"""The table of enrolments without consent (django-tables2, rendered by the shared ``core/table.html``)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from stegvis.participants.tables import user_label


def consent_badge(in_force):
    """The state in words, not colour alone."""
    if in_force:
        return format_html('<span class="badge badge--active">{}</span>', _("Samtycke finns"))
    return format_html('<span class="badge badge--warn">{}</span>', _("Samtycke saknas"))


class MissingConsentTable(tables.Table):
    caption = _("Aktiva inskrivningar utan samtycke")

    name = tables.Column(
        verbose_name=_("Namn"), empty_values=(), order_by=("person__last_name", "person__first_name", "pk")
    )
    project = tables.Column(verbose_name=_("Projekt"), accessor="project__name")
    organization = tables.Column(verbose_name=_("Organisation"), accessor="organization__name")
    start_date = tables.DateColumn(verbose_name=_("Start"), format="Y-m-d")
    coordinator = tables.Column(
        verbose_name=_("Koordinator"),
        empty_values=(),
        order_by=("coordinator__first_name", "coordinator__last_name"),
    )
    registration = tables.Column(verbose_name=_("Registrering"), accessor="_registration")
    sus = tables.Column(verbose_name=_("SUS"), accessor="_sus")
    action = tables.Column(verbose_name=_("Åtgärd"), empty_values=(), orderable=False)

    class Meta:
        empty_text = _("Alla aktiva inskrivningar har samtycke.")
        attrs = {"class": "table", "id": "missing-consent"}

    def render_name(self, record):
        url = reverse("participants:detail", args=[record.person_id]) + "#samtycken"
        return format_html('<a href="{}">{}</a>', url, record.person.display_name)

    def render_coordinator(self, record):
        return user_label(record.coordinator) or "–"

    def render_registration(self, value):
        return consent_badge(value)

    def render_sus(self, value):
        return consent_badge(value)

    def render_action(self, record):
        if not record.may_change:
            return "–"
        kind = "registrering" if not record._registration else "sus"
        url = reverse("consent:create", args=[record.pk]) + f"?typ={kind}"
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> – {}, {}</span></a>',
            url,
            _("Registrera samtycke"),
            record.person.display_name,
            record.project.name,
        )

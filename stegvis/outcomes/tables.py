"""The due list's table (django-tables2, rendered by the shared ``core/table_direct.html``)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from stegvis.core.tables import DirectTable, date_text
from stegvis.participants.tables import user_label

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


class DueFollowUpTable(DirectTable):
    """Up to a few hundred rows (the worklist of a whole project): each cell is one render call."""

    caption = _("Uppföljningar efter avslut att göra")

    name = tables.Column(
        verbose_name=_("Namn"), empty_values=(), order_by=("person__last_name", "person__first_name", "pk")
    )
    project = tables.Column(verbose_name=_("Projekt"), accessor="project__name")
    end_date = tables.DateColumn(verbose_name=_("Avslut"), format="Y-m-d")
    exit_reason = tables.Column(verbose_name=_("Avslutsorsak"))
    due_point = tables.Column(verbose_name=_("Tillfälle"), attrs=NUM)
    due_on = tables.DateColumn(verbose_name=_("Datum"), format="Y-m-d")
    overdue = tables.Column(verbose_name=_("Status"), order_by=("-overdue", "due_on"))
    coordinator = tables.Column(
        verbose_name=_("Koordinator"),
        empty_values=(),
        order_by=("coordinator__first_name", "coordinator__last_name"),
    )
    action = tables.Column(verbose_name=_("Åtgärd"), empty_values=(), orderable=False)

    class Meta:
        empty_text = _("Inga uppföljningar efter avslut att göra just nu.")
        attrs = {"class": "table", "id": "due-follow-ups"}

    def render_name(self, record):
        url = reverse("participants:detail", args=[record.person_id]) + "#efter-avslut"
        return format_html('<a href="{}">{}</a>', url, record.person.display_name)

    def render_project(self, record):
        return record.project.name

    def render_end_date(self, record):
        return date_text(record.end_date) or self.default

    def render_exit_reason(self, record):
        return record.get_exit_reason_display() or self.default

    def render_due_point(self, record):
        return format_html("+{}&nbsp;{}", record.due_point, _("mån"))

    def render_due_on(self, record):
        return date_text(record.due_on)

    def render_overdue(self, record):
        if record.overdue:
            return format_html('<span class="badge badge--protected">{}</span>', _("försenad"))
        return format_html('<span class="badge badge--warn">{}</span>', _("att göra"))

    def render_coordinator(self, record):
        return user_label(record.coordinator) or "–"

    def render_action(self, record):
        if not record.may_change:
            return "–"
        url = reverse("outcomes:create", args=[record.pk]) + f"?manader={record.due_point}"
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> – {}, +{} {}</span></a>',
            url,
            _("Registrera"),
            record.person.display_name,
            record.due_point,
            _("mån"),
        )

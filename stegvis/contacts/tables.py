"""The contacts log of one enrolment (django-tables2, rendered by the shared ``core/table.html``)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import time_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from stegvis.participants.tables import user_label


class ContactTable(tables.Table):
    caption = _("Kontakter")

    contact_date = tables.DateColumn(verbose_name=_("Datum"), format="Y-m-d")
    channel = tables.Column(verbose_name=_("Kontaktform"))
    staff = tables.Column(verbose_name=_("Deltog"), empty_values=())
    duration_minutes = tables.Column(
        verbose_name=_("Minuter"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    note = tables.Column(verbose_name=_("Anteckning"), attrs={"td": {"class": "contact-note"}})
    action = tables.Column(
        verbose_name=_("Åtgärd"),
        empty_values=(),
        attrs={"td": {"class": "nowrap no-print"}, "th": {"class": "no-print"}},
    )

    class Meta:
        empty_text = _("Inga kontakter registrerade.")
        attrs = {"class": "table", "id": "contacts"}

    def __init__(self, *args, can_change=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_change:
            self.columns.hide("action")

    def render_contact_date(self, record, value):
        if record.contact_time:
            return format_html("{} {}", value.isoformat(), time_format(record.contact_time, "H:i"))
        return value.isoformat()

    def render_channel(self, record):
        return record.get_channel_display()

    def render_staff(self, record):
        people = [user_label(user) for user in record.staff.all()]
        if record.other_participants:
            people.append(record.other_participants)
        return "; ".join(people) or "–"

    def render_action(self, record):
        return format_html_join(
            " ",
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            [
                (reverse("contacts:edit", args=[record.pk]), _("Ändra"), record.contact_date.isoformat()),
                (reverse("contacts:delete", args=[record.pk]), _("Ta bort"), record.contact_date.isoformat()),
            ],
        )

"""The message log as a table."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from stegvis.notifications.forms import kind_label
from stegvis.notifications.models import MessageLog, Status


class MessageLogTable(tables.Table):
    caption = _("Skickade meddelanden")

    at = tables.DateTimeColumn(verbose_name=_("Tidpunkt"), format="Y-m-d H:i")
    channel = tables.Column(verbose_name=_("Kanal"))
    kind = tables.Column(verbose_name=_("Typ"), empty_values=())
    to = tables.Column(verbose_name=_("Till"), empty_values=(), orderable=False, accessor="pk")
    address = tables.Column(verbose_name=_("Adress"), orderable=False)
    subject = tables.Column(verbose_name=_("Ämne och text"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("Status"), empty_values=())

    class Meta:
        model = MessageLog
        fields = ("at", "channel", "kind", "to", "address", "subject", "status")
        empty_text = _("Inga meddelanden matchar urvalet.")
        attrs = {"class": "table message-log"}

    def render_channel(self, record):
        return record.get_channel_display()

    def render_kind(self, record):
        return kind_label(record.kind)

    def render_to(self, record):
        if record.person_id is not None:
            url = reverse("participants:detail", args=[record.person_id])
            return format_html('<a href="{}">{}</a>', url, record.person.display_name)
        if record.recipient_id is not None:
            user = record.recipient
            return format_html(
                '{} <span class="small muted">({})</span>',
                user.get_full_name() or user.get_username(),
                _("personal"),
            )
        return "–"

    def render_address(self, record):
        return format_html("<code>{}</code>", record.address)

    def render_subject(self, record):
        summary = record.subject or (record.text[:60] + ("…" if len(record.text) > 60 else ""))
        if not record.text:
            return summary or "–"
        return format_html(
            '<details><summary>{}</summary><pre class="message-text">{}</pre></details>',
            summary or _("Visa texten"),
            record.text,
        )

    def render_status(self, record):
        if record.status == Status.FAILED:
            return format_html(
                '<span class="badge badge--warn">{}</span> <span class="small">{}</span>',
                record.get_status_display(),
                record.error,
            )
        return record.get_status_display()

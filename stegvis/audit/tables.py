"""The audit log as a table: who did what to which record, and what changed."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from stegvis.audit.filters import OBJECT_TYPE_LABELS
from stegvis.audit.models import AuditEntry
from stegvis.core.tables import DirectTable, date_text

_EXTRA_LABELS = {
    "ref": _("referens"),
    "merged_from": _("sammanslagen från"),
    "merged_into": _("sammanslagen med"),
    "enrollments": _("inskrivningar"),
    "refs": _("referenser"),
    "partners": _("samverkansparter"),
    "code": _("kod"),
    "user": _("användare"),
    "role": _("roll"),
    "q": _("sökord"),
}


def field_label(name):
    """The Swedish name of a logged field, taken from the models' own verbose names."""
    from django.apps import apps

    for label in (
        "participants.Person",
        "participants.Enrollment",
        "organizations.Project",
        "organizations.Organization",
    ):
        try:
            return str(apps.get_model(label)._meta.get_field(name).verbose_name)
        except Exception:  # not a field of that model: try the next
            continue
    return str(_EXTRA_LABELS.get(name, name))


def _show(value):
    if value is None or value == "":
        return "–"
    if value is True:
        return _("ja")
    if value is False:
        return _("nej")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    return str(value)


class AuditTable(DirectTable):
    caption = _("Loggposter")

    at = tables.DateTimeColumn(verbose_name=_("Tidpunkt"), format="Y-m-d H:i:s")
    username = tables.Column(verbose_name=_("Användare"), empty_values=())
    action = tables.Column(verbose_name=_("Händelse"))
    object_type = tables.Column(
        verbose_name=_("Objekt"), empty_values=(), order_by=("object_type", "object_id")
    )
    person = tables.Column(
        verbose_name=_("Deltagare"), empty_values=(), order_by=("person__last_name", "person__first_name")
    )
    changes = tables.Column(
        verbose_name=_("Ändringar"), empty_values=(), orderable=False, attrs={"td": {"class": "changes-cell"}}
    )
    ip_address = tables.Column(verbose_name=_("IP-adress"), empty_values=(), orderable=False)

    class Meta:
        model = AuditEntry
        fields = ("at", "username", "action", "object_type", "person", "changes", "ip_address")
        empty_text = _("Inga loggposter matchar urvalet.")
        attrs = {"class": "table audit-table"}

    # Fields whose logged values are user ids; shown as names.
    USER_FIELDS = ("coordinator",)

    def before_render(self, request):
        """Look up, in one query, the users named by id in this page's changes."""
        from django.contrib.auth import get_user_model

        rows = self.page.object_list if getattr(self, "page", None) else []
        ids = set()
        for row in rows:
            entry = row.record
            changes = entry.changes if isinstance(entry.changes, dict) else {}
            for field in self.USER_FIELDS:
                pair = changes.get(field)
                for value in pair if isinstance(pair, list) else [pair]:
                    if isinstance(value, int):
                        ids.add(value)
        users = get_user_model().objects.filter(pk__in=ids) if ids else []
        self._user_names = {u.pk: u.get_full_name() or u.get_username() for u in users}

    def _value(self, field, value):
        if field in self.USER_FIELDS and isinstance(value, int):
            return getattr(self, "_user_names", {}).get(value, value)
        return value

    def render_at(self, record):
        return date_text(record.at, "Y-m-d H:i:s")

    def render_username(self, record):
        return record.username or _("Systemet (kommandorad)")

    def render_action(self, record):
        return record.get_action_display()

    def render_object_type(self, record):
        label = OBJECT_TYPE_LABELS.get(record.object_type, record.object_type)
        return f"{label} {record.object_id}".strip()

    def render_person(self, record):
        if record.person_id is None:
            return "–"
        url = reverse("participants:detail", args=[record.person_id])
        return format_html(
            '<a href="{}">{}</a> <span class="small muted">(id {})</span>',
            url,
            record.person.display_name,
            record.person_id,
        )

    def render_changes(self, record):
        parts = []
        if record.detail:
            parts.append(format_html('<span class="muted">{}</span>', record.detail))
        rows = []
        if isinstance(record.changes, dict):
            for field, pair in record.changes.items():
                if isinstance(pair, list) and len(pair) == 2:
                    old, new = pair
                else:
                    old, new = None, pair
                if old in (None, "") and new in (None, ""):
                    continue
                rows.append(
                    (field_label(field), _show(self._value(field, old)), _show(self._value(field, new)))
                )
        if rows:
            parts.append(
                format_html(
                    '<ul class="changes">{}</ul>',
                    format_html_join("", '<li><span class="changes__field">{}</span>: {} → {}</li>', rows),
                )
            )
        if not parts:
            return "–"
        return format_html_join("", "{}", ((p,) for p in parts))

    def render_ip_address(self, record):
        return record.ip_address or "–"

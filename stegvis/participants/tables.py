"""Tables of participants, rendered with django-tables2 and the shared ``core/table.html``."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from stegvis.core.tables import DirectTable, date_text
from stegvis.participants import personnummer as pnr


def user_label(user):
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def enrollment_badge(enrollment):
    """Project name and a status badge, so status is told in words and not by colour alone."""
    if enrollment.end_date is None:
        return format_html(
            '{} <span class="badge badge--active">{}</span>', enrollment.project.name, _("aktiv")
        )
    return format_html(
        '{} <span class="badge badge--ended">{}</span>', enrollment.project.name, _("avslutad")
    )


class ParticipantTable(DirectTable):
    caption = _("Deltagare")

    name = tables.Column(verbose_name=_("Namn"), empty_values=(), order_by=("last_name", "first_name", "pk"))
    personnummer = tables.Column(verbose_name=_("Personnummer"), empty_values=(), orderable=False)
    gender = tables.Column(verbose_name=_("Kön"))
    age = tables.Column(verbose_name=_("Ålder"), attrs={"td": {"class": "num"}, "th": {"class": "num"}})
    projects = tables.Column(verbose_name=_("Projekt"), empty_values=(), orderable=False)
    coordinator = tables.Column(
        verbose_name=_("Koordinator"), empty_values=(), order_by=("latest_coordinator_name", "last_name")
    )
    latest_start = tables.DateColumn(verbose_name=_("Senaste start"), format="Y-m-d")

    class Meta:
        empty_text = _("Inga deltagare matchar urvalet.")
        attrs = {"class": "table", "id": "participant-table-el"}

    def render_name(self, record):
        url = reverse("participants:detail", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, record.display_name)

    def render_personnummer(self, record):
        if record.protected_identity:
            return format_html('<span class="badge badge--protected">{}</span>', _("Skyddad identitet"))
        if not record.personnummer:
            return format_html('<span class="muted">{} {}</span>', _("Anonym, född"), record.birth_year)
        return pnr.mask(record.personnummer)

    def render_gender(self, record):
        return record.get_gender_display() if record.gender else self.default

    def render_age(self, record):
        return self.default if record.age is None else record.age

    def render_projects(self, record):
        return format_html_join(
            mark_safe("<br>"), "{}", ((enrollment_badge(e),) for e in record.visible_enrollments)
        ) or format_html('<span class="muted">{}</span>', _("Ej inskriven"))

    def render_coordinator(self, record):
        enrollments = record.visible_enrollments
        active = [e for e in enrollments if e.end_date is None]
        latest = (active or enrollments or [None])[0]
        return user_label(getattr(latest, "coordinator", None)) or "–"

    def render_latest_start(self, record):
        return date_text(record.latest_start) or self.default

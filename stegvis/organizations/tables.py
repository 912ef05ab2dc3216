"""Tables of the administration pages, rendered with django-tables2 and ``core/table.html``."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from stegvis.organizations.models import Role

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


class OrganizationTable(tables.Table):
    caption = _("Organisationer")

    name = tables.Column(verbose_name=_("Namn"))
    code = tables.Column(verbose_name=_("Kod"))
    kind = tables.Column(verbose_name=_("Typ"))
    project_count = tables.Column(verbose_name=_("Projekt"), attrs=NUM)
    staff_count = tables.Column(verbose_name=_("Personal med roll"), attrs=NUM)

    class Meta:
        empty_text = _("Inga organisationer matchar urvalet.")

    def render_name(self, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("organizations:organization_edit", args=[record.code]), record.name
        )

    def render_kind(self, record):
        return record.get_kind_display()


class ProjectTable(tables.Table):
    caption = _("Projekt")

    name = tables.Column(verbose_name=_("Namn"))
    code = tables.Column(verbose_name=_("Kod"))
    owner = tables.Column(verbose_name=_("Projektägare"), accessor="owner__name")
    start_date = tables.DateColumn(verbose_name=_("Start"), format="Y-m-d")
    end_date = tables.DateColumn(verbose_name=_("Slut"), format="Y-m-d")
    funder = tables.Column(verbose_name=_("Finansiär"))
    partner_count = tables.Column(verbose_name=_("Samverkansparter"), attrs=NUM)
    need_group_count = tables.Column(verbose_name=_("Behovsgrupper"), attrs=NUM)

    class Meta:
        empty_text = _("Inga projekt att visa.")

    def render_name(self, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("organizations:project_edit", args=[record.code]), record.name
        )

    def render_funder(self, record):
        return record.get_funder_display()


def role_badge(role):
    """The role in words, with its organisation and project, so it is not told by colour alone."""
    scope = [s.name for s in (role.organization, role.project) if s is not None]
    if role.role in (Role.COORDINATOR, Role.EVALUATOR) and role.project is None:
        scope.append(str(_("alla projekt")))
    label = role.get_role_display()
    if scope:
        label = f"{label}: {', '.join(scope)}"
    return format_html('<span class="badge">{}</span>', label)


class StaffTable(tables.Table):
    caption = _("Personal")

    username = tables.Column(verbose_name=_("Användarnamn"))
    name = tables.Column(
        verbose_name=_("Namn"), empty_values=(), order_by=("last_name", "first_name", "username")
    )
    email = tables.Column(verbose_name=_("E-post"))
    is_active = tables.Column(verbose_name=_("Status"))
    roles = tables.Column(verbose_name=_("Roller"), empty_values=(), orderable=False)

    class Meta:
        empty_text = _("Inga konton matchar urvalet.")

    def render_username(self, record):
        return format_html(
            '<a href="{}">{}</a>', reverse("organizations:staff_detail", args=[record.pk]), record.username
        )

    def render_name(self, record):
        return record.get_full_name() or "–"

    def render_is_active(self, record):
        if record.is_active:
            return format_html('<span class="badge badge--active">{}</span>', _("aktiv"))
        return format_html('<span class="badge badge--ended">{}</span>', _("inaktiverad"))

    def render_roles(self, record):
        roles = record.staff_roles.all()
        if not roles:
            return format_html('<span class="muted">{}</span>', _("Ingen roll"))
        return format_html_join(mark_safe(" "), "{}", ((role_badge(r),) for r in roles))

"""The catalogue table (django-tables2, rendered by the shared ``core/table.html``)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


class CatalogueTable(tables.Table):
    caption = _("Insatskatalog")

    name = tables.Column(verbose_name=_("Insats"))
    category = tables.Column(verbose_name=_("Kategori"))
    kind = tables.Column(verbose_name=_("Typ"))
    provider = tables.Column(
        verbose_name=_("Anordnare"),
        empty_values=(),
        order_by=("provider_organization__name", "provider_name"),
    )
    organization = tables.Column(verbose_name=_("Gäller"), empty_values=(), order_by=("organization__name",))
    ongoing = tables.Column(verbose_name=_("Pågående deltagare"), attrs=NUM)
    active = tables.Column(verbose_name=_("Status"))
    action = tables.Column(verbose_name=_("Åtgärd"), empty_values=(), orderable=False)

    class Meta:
        empty_text = _("Katalogen är tom.")
        attrs = {"class": "table", "id": "catalogue"}

    def render_category(self, record):
        return record.get_category_display()

    def render_kind(self, record):
        return record.get_kind_display()

    def render_provider(self, record):
        return record.provider or "–"

    def render_organization(self, record):
        return record.organization.name if record.organization_id else _("Alla i projektet")

    def render_active(self, value):
        if value:
            return format_html('<span class="badge badge--active">{}</span>', _("aktiv"))
        return format_html('<span class="badge badge--ended">{}</span>', _("används inte"))

    def render_action(self, record):
        url = reverse("interventions:catalogue_edit", args=[record.pk])
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>', url, _("Ändra"), record.name
        )

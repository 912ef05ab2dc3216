"""The employer list as a django-tables2 table (rendered by ``core/table.html``)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from stegvis.participants.municipalities import municipality_name

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


class EmployerTable(tables.Table):
    caption = _("Arbetsgivare")

    name = tables.Column(verbose_name=_("Namn"))
    org_number = tables.Column(verbose_name=_("Organisationsnummer"), default="–")
    industry = tables.Column(verbose_name=_("Bransch"), default="–")
    municipality = tables.Column(verbose_name=_("Kommun"), default="–")
    organization = tables.Column(verbose_name=_("Organisation"), accessor="organization__name")
    agreements_in_force = tables.Column(verbose_name=_("Avtal som gäller"), attrs=NUM)
    last_contact = tables.DateColumn(verbose_name=_("Senaste kontakt"), format="Y-m-d", default="–")
    next_step = tables.DateColumn(verbose_name=_("Nästa steg"), format="Y-m-d", default="–")
    active = tables.BooleanColumn(verbose_name=_("Aktiv"), yesno=(_("ja"), _("nej")))

    class Meta:
        empty_text = _("Inga arbetsgivare matchar urvalet.")

    def render_name(self, record):
        return format_html('<a href="{}">{}</a>', reverse("employers:detail", args=[record.pk]), record.name)

    def render_industry(self, record):
        return format_html('<abbr title="{}">{}</abbr>', record.get_industry_display(), record.industry)

    def render_municipality(self, record):
        return municipality_name(record.municipality)

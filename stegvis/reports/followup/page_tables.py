"""Sortable tables on the follow-up page (django-tables2 over rows of the report dict).

The rows come from the report (never from a queryset), so sorting only reorders figures that
were computed once. Balance is told in words ("Ja"/"Nej") and not by colour alone.
"""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from stegvis.participants.models import Referrer
from stegvis.reports.followup_figures import TOTAL
from stegvis.reports.labels import label_for

NUM = {"td": {"class": "num"}, "th": {"class": "num"}}


def _percent(share):
    return "–" if share is None else f"{100 * share:.1f} %".replace(".", ",")


class BalanceTable(tables.Table):
    """Women and men per referrer, with the 40–60 % rule."""

    caption = _("Kvinnor och män per anvisare")

    referrer = tables.Column(verbose_name=_("Anvisare"))
    K = tables.Column(verbose_name=_("Kvinnor"), attrs=NUM)
    M = tables.Column(verbose_name=_("Män"), attrs=NUM)
    X = tables.Column(verbose_name=_("Annat/ej angivet"), attrs=NUM)
    women_share = tables.Column(verbose_name=_("Andel kvinnor"), attrs=NUM)
    balanced = tables.Column(verbose_name=_("Jämn fördelning (40–60 %)"))

    class Meta:
        empty_text = _("Inga inskrivningar med anvisare.")
        attrs = {"class": "table balance-table"}
        row_attrs = {"class": lambda record: "row--outside" if record["balanced"] is False else ""}
        order_by = "referrer"

    def render_women_share(self, value):
        return _percent(value)

    def render_balanced(self, value, record):
        if value is None:
            return "–"
        few = format_html(' <span class="badge">{}</span>', _t("färre än 10")) if record["few"] else ""
        if value:
            return format_html('<span class="badge badge--active">{}</span>{}', _t("Ja"), few)
        return format_html(
            '<span class="badge badge--warn"><span aria-hidden="true">⚠ </span>{}</span>{}',
            _t("Nej, utanför 40–60 %"),
            few,
        )


def balance_rows(gender_balance):
    """One row per referrer (Swedish label), without the overall total (shown on its own)."""
    return [
        {"referrer": label_for(Referrer, code), **values}
        for code, values in gender_balance.items()
        if code != TOTAL
    ]


class CaseloadTable(tables.Table):
    """Active enrolments per coordinator on the report date."""

    caption = _("Aktiva inskrivningar per koordinator")

    name = tables.Column(verbose_name=_("Koordinator"))
    active = tables.Column(verbose_name=_("Aktiva inskrivningar"), attrs=NUM)

    class Meta:
        empty_text = _("Inga aktiva inskrivningar med koordinator.")
        attrs = {"class": "table"}
